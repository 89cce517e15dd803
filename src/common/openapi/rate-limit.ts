import { applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { RATE_LIMIT_HEADERS } from '../http/rate-limit-headers';

/** The mark of {@link ApiRateLimited}, replaced by `documentCommonAnswers`. */
export const RATE_LIMITED_MARK = 'x-rate-limited';

/** Longest window, and so the longest wait, of any rate limit of the API: one minute. */
export const MAX_RATE_LIMIT_WINDOW_SECONDS = 60;
/** The largest `AUTH_RATE_LIMIT` and `API_RATE_LIMIT`. */
export const MAX_RATE_LIMIT = 1_000_000;

const seconds = {
  type: 'integer',
  format: 'int32',
  minimum: 1,
  maximum: MAX_RATE_LIMIT_WINDOW_SECONDS,
} as const;

/** When the RateLimit headers are sent, which is why none of them is `required`. */
const SENT_ON =
  'Sent on every answer to a request counted against a budget: one with a valid access token ' +
  '(per user, `API_RATE_LIMIT` requests per minute) or one to register, log in or refresh (per ' +
  'client address and operation, `AUTH_RATE_LIMIT` per minute); absent when that limit is 0.';

/** The RateLimit (IETF draft) and Retry-After headers, for `components.headers`. */
export const RATE_LIMIT_HEADER_OBJECTS = {
  [RATE_LIMIT_HEADERS.limit]: {
    description: `Requests allowed per window. ${SENT_ON}`,
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: MAX_RATE_LIMIT },
  },
  [RATE_LIMIT_HEADERS.remaining]: {
    description: `Requests left in the current window. ${SENT_ON}`,
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: MAX_RATE_LIMIT },
  },
  [RATE_LIMIT_HEADERS.reset]: {
    description: `Seconds until the budget is back: the end of the window, or of the block after a 429. ${SENT_ON}`,
    schema: seconds,
  },
  'Retry-After': {
    description:
      'Seconds to wait before trying again: always on a 429 and a 503, and on a 409 only with ' +
      '`IDEMPOTENCY_KEY_IN_USE`.',
    schema: seconds,
  },
};

/**
 * Marks an operation limited per client address (register, login, refresh): `documentCommonAnswers`
 * gives it the 429 and the RateLimit headers, as it gives them to every operation that needs a token.
 */
export const ApiRateLimited = (): MethodDecorator =>
  applyDecorators(ApiExtension(RATE_LIMITED_MARK, true));
