import { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../common/errors/domain-error';
import { setRateLimitHeaders } from '../common/http/rate-limit-headers';
import { MAX_RATE_LIMIT_WINDOW_SECONDS } from '../common/openapi/rate-limit';

const WINDOW_MS = MAX_RATE_LIMIT_WINDOW_SECONDS * 1000;

/**
 * Counts one request against the budget `key` (`limit` requests a minute, a window that starts
 * with the first request; the request past the limit starts a block of a minute), tells the
 * client the budget in the RateLimit headers, and throws `429 TOO_MANY_REQUESTS` (with
 * Retry-After) once it is spent. `throttler` keeps budgets of different limits apart in the store.
 */
export async function spendBudget(
  storage: ThrottlerStorage,
  reply: FastifyReply,
  key: string,
  limit: number,
  throttler: string,
): Promise<void> {
  const record = await storage.increment(key, WINDOW_MS, limit, WINDOW_MS, throttler);
  const blocked = record.isBlocked;
  // Once blocked, the budget is back when the block ends, which can be after the window.
  const seconds = blocked ? record.timeToBlockExpire : record.timeToExpire;
  setRateLimitHeaders(
    reply,
    {
      limit,
      remaining: blocked ? 0 : Math.max(limit - record.totalHits, 0),
      reset: Math.min(Math.max(seconds, 1), MAX_RATE_LIMIT_WINDOW_SECONDS),
    },
    blocked,
  );
  if (blocked) throw new DomainError('TOO_MANY_REQUESTS');
}
