import type { FastifyReply } from 'fastify';

/** The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers), as the contract names them. */
export const RATE_LIMIT_HEADERS = {
  limit: 'RateLimit-Limit',
  remaining: 'RateLimit-Remaining',
  reset: 'RateLimit-Reset',
} as const;

export interface RateLimitState {
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in the window; 0 once blocked. */
  remaining: number;
  /** Seconds until the budget is back: the end of the window, or of the block after a 429. */
  reset: number;
}

/** Tells the client its budget on every response of a rate-limited route; a 429 adds Retry-After. */
export function setRateLimitHeaders(
  reply: FastifyReply,
  state: RateLimitState,
  blocked: boolean,
): void {
  void reply.header(RATE_LIMIT_HEADERS.limit, state.limit);
  void reply.header(RATE_LIMIT_HEADERS.remaining, state.remaining);
  void reply.header(RATE_LIMIT_HEADERS.reset, state.reset);
  if (blocked) void reply.header('Retry-After', state.reset);
}
