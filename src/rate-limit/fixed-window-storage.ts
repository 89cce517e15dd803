import { OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Clock } from '../common/clock';

interface Window {
  hits: number;
  expiresAt: number;
  blockedUntil: number;
}

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const SWEEP_INTERVAL_MS = 60_000;

/**
 * The rate-limit counters of one instance, counted exactly as the Redis storage counts them
 * (@nest-lab/throttler-storage-redis's script): a fixed window that starts with its first hit,
 * every hit counted, and a block of `blockDuration` once the count passes the limit. So
 * RateLimit-Remaining and RateLimit-Reset mean the same with or without REDIS_URL. (The
 * in-memory storage of @nestjs/throttler expires each hit on its own but reports the window's
 * end, so its reset did not say when the budget was back.)
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private readonly sweep = setInterval(
    () => this.evict(this.clock.now()),
    SWEEP_INTERVAL_MS,
  ).unref();

  constructor(private readonly clock: Clock = new Clock()) {}

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now();
    const id = `${key}:${throttlerName}`;
    let window = this.windows.get(id);
    if (window === undefined || window.expiresAt <= now) {
      window = { hits: 0, expiresAt: now + ttl, blockedUntil: window?.blockedUntil ?? 0 };
      this.windows.set(id, window);
    }
    window.hits += 1;
    let isBlocked = window.blockedUntil > now;
    if (!isBlocked && window.hits > limit) {
      window.blockedUntil = now + blockDuration;
      isBlocked = true;
    }
    const seconds = (until: number) => Math.ceil((until - now) / 1000);
    return Promise.resolve({
      totalHits: window.hits,
      timeToExpire: seconds(window.expiresAt),
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds(window.blockedUntil) : 0,
    });
  }

  /** Forgets clients whose window and block are over, so memory follows the active clients. */
  private evict(now: number): void {
    for (const [id, window] of this.windows) {
      if (window.expiresAt <= now && window.blockedUntil <= now) this.windows.delete(id);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
    this.windows.clear();
  }
}
