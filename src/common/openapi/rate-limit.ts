import { applyDecorators } from '@nestjs/common';
import { ApiExtension, OpenAPIObject } from '@nestjs/swagger';
import { RATE_LIMIT_HEADERS } from '../http/rate-limit-headers';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem';
import { ApiProblems } from './api-problems.decorator';

const MARK = 'x-rate-limited';

/** Longest window, and so the longest wait, of any rate limit of the API: one minute. */
export const MAX_RATE_LIMIT_WINDOW_SECONDS = 60;
/** The largest `AUTH_RATE_LIMIT`. */
export const MAX_RATE_LIMIT = 1_000_000;

const seconds = {
  type: 'integer',
  format: 'int32',
  minimum: 1,
  maximum: MAX_RATE_LIMIT_WINDOW_SECONDS,
} as const;

const HEADERS = {
  [RATE_LIMIT_HEADERS.limit]: {
    description: 'Requests allowed per window (per client address and endpoint)',
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: MAX_RATE_LIMIT },
  },
  [RATE_LIMIT_HEADERS.remaining]: {
    description: 'Requests left in the current window',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: MAX_RATE_LIMIT },
  },
  [RATE_LIMIT_HEADERS.reset]: {
    description:
      'Seconds until the budget is back: the end of the window, or of the block after a 429',
    schema: seconds,
  },
  'Retry-After': { description: 'Seconds to wait before trying again', schema: seconds },
};

/** Every operation of the document (path item members that are operations). */
function operations(document: OpenAPIObject): Record<string, unknown>[] {
  return Object.values(document.paths).flatMap((path) =>
    (Object.values(path) as unknown[]).filter(
      (operation): operation is Record<string, unknown> =>
        typeof operation === 'object' && operation !== null && 'responses' in operation,
    ),
  );
}

/**
 * Adds Retry-After to every `503 SERVICE_UNAVAILABLE` problem response (a database that is
 * unreachable, full or read-only): the client learns when to come back. Call after
 * {@link documentRateLimits}, which defines the header.
 */
export function documentRetryAfter(document: OpenAPIObject): void {
  for (const operation of operations(document)) {
    const responses = operation.responses as Record<string, { headers?: object; content?: object }>;
    const unavailable = responses['503'];
    if (!unavailable?.content || !(PROBLEM_CONTENT_TYPE in unavailable.content)) continue;
    unavailable.headers = {
      ...unavailable.headers,
      'Retry-After': { $ref: '#/components/headers/Retry-After' },
    };
  }
}

/**
 * Documents a rate-limited operation: its 429 problem document, and (see
 * {@link documentRateLimits}) the RateLimit headers on every one of its responses.
 */
export const ApiRateLimited = (): MethodDecorator =>
  applyDecorators(ApiExtension(MARK, true), ApiProblems('TOO_MANY_REQUESTS'));

/**
 * Adds the RateLimit headers to every 2xx and 4xx response of the operations marked by
 * {@link ApiRateLimited}, and Retry-After to their 429: the responses are only all known once
 * the document is built.
 */
export function documentRateLimits(document: OpenAPIObject): void {
  const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });
  document.components = { ...document.components, headers: HEADERS };
  for (const operation of operations(document)) {
    if (!(MARK in operation)) continue;
    delete operation[MARK];
    const responses = operation.responses as Record<string, { headers?: object }>;
    for (const [status, response] of Object.entries(responses)) {
      if (!/^[24]/.test(status)) continue;
      response.headers = {
        ...response.headers,
        ...Object.fromEntries(Object.values(RATE_LIMIT_HEADERS).map((name) => [name, ref(name)])),
        ...(status === '429' ? { 'Retry-After': ref('Retry-After') } : {}),
      };
    }
  }
}
