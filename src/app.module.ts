import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { AppConfigModule, ENV } from './config/config.module';
import { Env, RawEnv } from './config/env.schema';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  /** `overrides` replace environment variables (tests boot differently configured apps). */
  static forRoot(overrides: RawEnv = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(overrides),
        LoggerModule.forRootAsync({
          inject: [ENV],
          useFactory: (env: Env) => ({
            pinoHttp: {
              level: env.logLevel,
              // The request id is Fastify's (see app.setup.ts), handed to pino-http as req.id.
              redact: ['req.headers.authorization', 'req.headers.cookie'],
              autoLogging: { ignore: (req) => req.url === '/api/health' },
            },
          }),
        }),
        DatabaseModule,
        HealthModule,
        UsersModule,
        AuthModule,
        EventsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
