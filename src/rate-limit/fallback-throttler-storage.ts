import { Logger, OnApplicationShutdown, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { RedisOptions } from 'ioredis';
import { Clock } from '../common/clock';
import { FixedWindowThrottlerStorage } from './fixed-window-storage';

type Increment = ThrottlerStorage['increment'];

/**
 * ioredis options that make a lost Redis cost a request nothing: no offline queue (a command while
 * disconnected fails at once instead of waiting for a reconnect), no retries of a failed command,
 * short connect and command timeouts (a Redis that accepts the connection but never answers), and
 * reconnection in the background, at most every 2 s, for ever.
 */
export const REDIS_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 1000,
  commandTimeout: 500,
  retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
};

/** What `/api/health` reports of Redis. */
export type RedisState = 'up' | 'degraded';

/**
 * The rate-limit counters in Redis (shared by every instance), and per instance while Redis is
 * unreachable: a request is never refused or slowed because the counter store is gone, the limit
 * just holds per instance instead of across them until Redis is back. Each switch is logged once.
 * The local counters count as the Redis script does (`FixedWindowThrottlerStorage`), so headers
 * mean the same either way; a window that starts in one store does not carry over to the other.
 */
export class FallbackThrottlerStorage
  implements ThrottlerStorage, OnModuleInit, OnModuleDestroy, OnApplicationShutdown
{
  private readonly logger = new Logger('RateLimit');
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local: FixedWindowThrottlerStorage;
  private degraded = false;

  constructor(redisUrl: string, clock: Clock) {
    this.shared = new ThrottlerStorageRedisService(redisUrl, REDIS_OPTIONS);
    this.local = new FixedWindowThrottlerStorage(clock);
    // Without a listener ioredis reports every failed reconnect as an unhandled error event.
    this.shared.redis.on('error', (error: Error) => this.degrade(error));
    this.shared.redis.on('ready', () => this.recover());
  }

  /**
   * Boot waits for Redis as long as a connection attempt may take, so the first requests are
   * counted across instances; a Redis that is not there by then is a degraded start, not a failed one.
   */
  async onModuleInit(): Promise<void> {
    const redis = this.shared.redis;
    if (redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, REDIS_OPTIONS.connectTimeout);
      function done() {
        clearTimeout(timer);
        redis.off('ready', done);
        resolve();
      }
      redis.once('ready', done);
    });
  }

  get state(): RedisState {
    return this.degraded || this.shared.redis.status !== 'ready' ? 'degraded' : 'up';
  }

  async increment(...args: Parameters<Increment>): ReturnType<Increment> {
    if (this.shared.redis.status === 'ready') {
      try {
        const record = await this.shared.increment(...args);
        this.recover();
        return record;
      } catch (error) {
        this.degrade(error as Error);
      }
    } else {
      this.degrade(new Error(`Redis connection is ${this.shared.redis.status}`));
    }
    return this.local.increment(...args);
  }

  private degrade(error: Error): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(
      `Redis unreachable (${error.message}): rate limits count per instance until it is back`,
    );
  }

  private recover(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.log('Redis is back: rate limits are shared across instances again');
  }

  onModuleDestroy(): void {
    this.shared.onModuleDestroy();
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
  }
}
