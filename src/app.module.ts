import { AccountDataModule } from './account-data/account-data.module';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { Clock, ClockModule } from './common/clock';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { AppConfigModule, ENV } from './config/config.module';
import { Env, RawEnv } from './config/env.schema';
import { DatabaseModule } from './database/database.module';
import { CalendarModule } from './calendar/calendar.module';
import { redactFeedToken } from './calendar/feed-token';
import { EventsModule } from './events/events.module';
import { HostsModule } from './hosts/hosts.module';
import { TicketsModule } from './tickets/tickets.module';
import { SeriesModule } from './series/series.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { UsersModule } from './users/users.module';
import { OutboxModule } from './outbox/outbox.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { MailModule } from './mail/mail.module';

@Module({})
export class AppModule {
  /**
   * `overrides` replace environment variables (tests boot differently configured apps); `clock`
   * the system clock.
   */
  static forRoot(overrides: RawEnv = {}, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(overrides),
        ClockModule.forRoot(clock),
        LoggerModule.forRootAsync({
          inject: [ENV],
          useFactory: (env: Env) => ({
            pinoHttp: {
              level: env.logLevel,
              // The request id is Fastify's (see app.setup.ts), handed to pino-http as req.id.
              // One short line per request: no header dumps (they cost serialising on every
              // request and could carry credentials), so nothing needs redacting.
              serializers: {
                req: (req: {
                  id: unknown;
                  method: string;
                  url: string;
                  remoteAddress?: string;
                }) => ({
                  id: req.id,
                  method: req.method,
                  url: redactFeedToken(req.url),
                  remoteAddress: req.remoteAddress,
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              // Load balancers poll health every few seconds; those lines are noise.
              autoLogging: {
                ignore: (req: { originalUrl?: string; url?: string }) =>
                  (req.originalUrl ?? req.url ?? '').startsWith('/api/health'),
              },
            },
          }),
        }),
        DatabaseModule,
        OutboxModule,
        MetricsModule,
        HealthModule,
        UsersModule,
        AuthModule,
        EventsModule,
        HostsModule,
        TicketsModule,
        SeriesModule,
        CalendarModule,
        WebhooksModule,
        MailModule,
        IdempotencyModule,
        AccountDataModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
