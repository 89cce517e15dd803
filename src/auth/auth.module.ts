import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Clock } from '../common/clock';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { UsersModule } from '../users/users.module';
import { AccountController } from './account.controller';
import { AuthRateLimitHook } from './auth-rate-limit.hook';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { FallbackThrottlerStorage } from './fallback-throttler-storage';
import { FixedWindowThrottlerStorage } from './fixed-window-storage';
import { JwtStrategy } from './jwt.strategy';
import { PasswordHasher } from './password-hasher';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';

@Module({
  imports: [
    UsersModule,
    PassportModule,
    // Secrets and lifetimes are passed per call: access and refresh tokens use different ones.
    JwtModule.register({}),
  ],
  controllers: [AuthController, AccountController],
  providers: [
    AuthService,
    TokenService,
    SessionsRepository,
    SessionsService,
    PasswordHasher,
    JwtStrategy,
    AuthRateLimitHook,
    {
      // Counters in Redis when REDIS_URL is set, so the limit holds across instances (in memory
      // while Redis is unreachable); otherwise in memory, per instance, counted the same way.
      provide: ThrottlerStorage,
      inject: [ENV, Clock],
      useFactory: (env: Env, clock: Clock): ThrottlerStorage =>
        env.redisUrl
          ? new FallbackThrottlerStorage(env.redisUrl, clock)
          : new FixedWindowThrottlerStorage(clock),
    },
  ],
  exports: [TokenService, ThrottlerStorage],
})
export class AuthModule {}
