import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestTime, TimedRequest } from '../common/clock';
import {
  IDEMPOTENT_REPLAYED_HEADER,
  parseIdempotencyKey,
  requestFingerprint,
} from './idempotency-key';
import { KeptResponse } from './idempotency.repository';
import { Claim, IdempotencyService, KEPT_HEADERS } from './idempotency.service';
import { IDEMPOTENT_ROUTE } from './idempotent-routes';

/** The caller of a request with a bearer token, or false (the route's guard then answers 401). */
export type Authenticate = (request: FastifyRequest) => Promise<{ id: number } | false>;

const claims = new WeakMap<FastifyRequest, Claim>();
const logger = new Logger('Idempotency');

/**
 * `Idempotency-Key` on every authenticated POST (the routes `markIdempotentRoutes` marked).
 * Fastify hooks rather than a Nest interceptor because a replay must answer before the route's
 * own guards, which run before any interceptor: a retried conditional cancellation would
 * otherwise get the 412 of its own first success (its `If-Match` names the old version), and a
 * retried registration the 409 `EVENT_STARTED` of an event that started meanwhile. So this
 * authenticates the caller itself (the token check the guard then reuses, see `JwtAuthGuard`).
 *
 * `preHandler` (the body is parsed by then): claim the key, or replay, or 409 / 422.
 * `onSend` (the response is final, errors included): keep it, or release the claim.
 */
export function registerIdempotency(
  fastify: FastifyInstance,
  service: IdempotencyService,
  authenticate: Authenticate,
): void {
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const config = request.routeOptions.config as unknown as Record<string, unknown>;
    if (config[IDEMPOTENT_ROUTE] !== true) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    const user = await authenticate(request);
    if (user === false) return;
    (request as FastifyRequest & { user?: unknown }).user = user;
    const key = parseIdempotencyKey(header);
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    const now = requestTime(request as TimedRequest);
    const outcome = await service.begin(user.id, key, fingerprint, now);
    if ('replay' in outcome) return replay(reply, outcome.replay);
    claims.set(request, outcome.run);
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    const claim = claims.get(request);
    if (claim === undefined) return payload;
    claims.delete(request);
    try {
      await service.finish(claim, kept(reply, payload));
    } catch (error) {
      // The response stands; the claim stays until its lease ends, then a retry runs again.
      logger.error({ err: error, reqId: request.id }, 'Could not keep an idempotent response');
    }
    return payload;
  });
}

/** The response as a replay will answer it; undefined for a body that cannot be kept (a stream). */
function kept(reply: FastifyReply, payload: unknown): KeptResponse | undefined {
  let body: string;
  if (payload === undefined || payload === null) body = '';
  else if (typeof payload === 'string') body = payload;
  else if (Buffer.isBuffer(payload)) body = payload.toString('utf8');
  else return undefined;
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return { status: reply.statusCode, headers, body };
}

function replay(reply: FastifyReply, response: KeptResponse): FastifyReply {
  void reply
    .status(response.status)
    .headers(response.headers)
    .header(IDEMPOTENT_REPLAYED_HEADER, 'true')
    // The kept body may hold a secret (a webhook's, a feed address): like the first answer, not
    // for any cache.
    .header('cache-control', 'no-store')
    .send(response.body);
  return reply;
}
