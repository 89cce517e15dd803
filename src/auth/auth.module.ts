import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { AuthRateLimitHook } from './auth-rate-limit.hook';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
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
    // In memory, per instance; a shared store (Redis) goes here when several instances run.
    { provide: ThrottlerStorage, useClass: ThrottlerStorageService },
  ],
  exports: [TokenService],
})
export class AuthModule {}
