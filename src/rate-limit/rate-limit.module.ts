import { Module } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Clock } from '../common/clock';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { FallbackThrottlerStorage } from './fallback-throttler-storage';
import { FixedWindowThrottlerStorage } from './fixed-window-storage';

/**
 * The one rate-limit counter store of the app: auth counts requests in it, health reports on it.
 * A plain (static) module, so every importer gets the same instance.
 */
@Module({
  providers: [
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
  exports: [ThrottlerStorage],
})
export class RateLimitModule {}
