import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerStorage } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { UsersModule } from '../users/users.module';
import { AuthRateLimitHook } from './auth-rate-limit.hook';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { FixedWindowThrottlerStorage } from './fixed-window-storage';
import { Session } from './entities/session.entity';
import { JwtStrategy } from './jwt.strategy';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';

@Module({
  imports: [
    UsersModule,
    PassportModule,
    // Secrets and lifetimes are passed per call: access and refresh tokens use different ones.
    JwtModule.register({}),
    TypeOrmModule.forFeature([Session]),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    PasswordHasher,
    JwtStrategy,
    AuthRateLimitHook,
    {
      // Counters in Redis when REDIS_URL is set, so the limit holds across instances;
      // otherwise in memory, per instance, counted the same way.
      provide: ThrottlerStorage,
      inject: [ENV],
      useFactory: (env: Env): ThrottlerStorage =>
        env.redisUrl
          ? new ThrottlerStorageRedisService(env.redisUrl, { maxRetriesPerRequest: 2 })
          : new FixedWindowThrottlerStorage(),
    },
  ],
  exports: [TokenService],
})
export class AuthModule {}
