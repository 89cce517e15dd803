import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { UsersModule } from '../users/users.module';
import { AccountController } from './account.controller';
import { AuthRateLimitHook } from './auth-rate-limit.hook';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { PasswordHasher } from './password-hasher';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';
import { UserRateLimitHook } from './user-rate-limit.hook';

@Module({
  imports: [
    UsersModule,
    RateLimitModule,
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
    UserRateLimitHook,
  ],
  exports: [TokenService, AuthService, SessionsService],
})
export class AuthModule {}
