import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { Session } from './entities/session.entity';
import { JwtStrategy } from './jwt.strategy';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';

const RATE_WINDOW_MS = 60_000;

@Module({
  imports: [
    UsersModule,
    PassportModule,
    // Secrets and lifetimes are passed per call: access and refresh tokens use different ones.
    JwtModule.register({}),
    TypeOrmModule.forFeature([Session]),
    ThrottlerModule.forRootAsync({
      inject: [ENV],
      useFactory: (env: Env) => ({
        throttlers: [{ ttl: RATE_WINDOW_MS, limit: Math.max(env.authRateLimit, 1) }],
        skipIf: () => env.authRateLimit === 0,
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, TokenService, PasswordHasher, JwtStrategy],
  exports: [TokenService],
})
export class AuthModule {}
