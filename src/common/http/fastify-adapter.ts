import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { clientErrorHandler, frameworkErrorHandler } from './client-errors';
import { parseQueryString } from './query-string';
import { REQUEST_ID_HEADER } from './request-hooks';

export const BODY_LIMIT = 64 * 1024;
const CLIENT_REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * The request id: the caller's `X-Request-Id` when it is a safe token (so a trace spans a proxy
 * and this service), a fresh UUID otherwise. Fastify's id is the one pino logs (middie hands it to
 * pino-http as `req.id`) and the one echoed in the response header.
 */
function requestId(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && CLIENT_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * How long and how large a client may be, so that a slow or oversized one cannot hold the server
 * (see README, Hostile input and resource limits). Fastify's defaults set no request timeout.
 */
export interface HttpLimits {
  /** headers and body must have arrived this long after the request started, or 408 (slowloris) */
  requestTimeout: number;
  /** the headers must have arrived this long after the request started, or 408 */
  headersTimeout: number;
  /** how often Node looks for requests past those two timeouts */
  connectionsCheckingInterval: number;
  /** a connection with no traffic either way for this long is closed */
  connectionTimeout: number;
  /**
   * an idle keep-alive connection is closed after this long; longer than a reverse proxy's
   * upstream idle timeout (nginx: 60 s), so the proxy never reuses a connection being closed
   */
  keepAliveTimeout: number;
  /** request line plus headers, in bytes, or 431 */
  maxHeaderSize: number;
  /**
   * the router's own bound on a path parameter. The URL is bounded by `maxHeaderSize` already, and
   * below that our code validates ids itself (a 400, after authentication, as the contract
   * orders): the router's bound would answer 404 or 414 depending on the route's shape.
   */
  maxParamLength: number;
}

export const HTTP_LIMITS: HttpLimits = {
  requestTimeout: 30_000,
  headersTimeout: 10_000,
  connectionsCheckingInterval: 1_000,
  connectionTimeout: 60_000,
  keepAliveTimeout: 72_000,
  maxHeaderSize: 16 * 1024,
  maxParamLength: 16 * 1024,
};

/**
 * Fastify options shared by the server and the tests. Created before Nest (and its config) exists,
 * so the one setting it needs from the environment is passed in; tests may shorten the limits.
 */
export function createFastifyAdapter(options: {
  trustProxy: boolean;
  limits?: Partial<HttpLimits>;
}): FastifyAdapter {
  const limits = { ...HTTP_LIMITS, ...options.limits };
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    // Behind a reverse proxy, the client address (rate limits, logs) comes from X-Forwarded-For.
    trustProxy: options.trustProxy,
    requestIdHeader: false,
    genReqId: requestId,
    requestTimeout: limits.requestTimeout,
    connectionTimeout: limits.connectionTimeout,
    keepAliveTimeout: limits.keepAliveTimeout,
    http: {
      requestTimeout: limits.requestTimeout,
      headersTimeout: limits.headersTimeout,
      connectionsCheckingInterval: limits.connectionsCheckingInterval,
      maxHeaderSize: limits.maxHeaderSize,
      requireHostHeader: false,
    },
    routerOptions: { maxParamLength: limits.maxParamLength, querystringParser: parseQueryString },
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
  });
}
