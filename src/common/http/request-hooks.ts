import { NotFoundException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Clock, TimedRequest } from '../clock';
import { DomainError } from '../errors/domain-error';
import { hasMalformedEscape } from './query-string';
import { STATIC_CATCH_ALL } from './static-client';

export const REQUEST_ID_HEADER = 'x-request-id';

/** How many `Host` lines the request's head has (`rawHeaders` alternates names and values). */
function hostLines(rawHeaders: string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === 'host') count += 1;
  }
  return count;
}

/**
 * Request-level work before the body is read: the request's instant (see `requestTime`), and the
 * answers the contract gives at this stage: the request id header on every response, a 400 for an
 * HTTP/1.1 request without Host or any request with two, 404 for an unknown route or method even
 * when the body is too large, not JSON or malformed (Fastify would otherwise parse it for the
 * not-found handler first), and a 400 for a malformed percent-escape in the query string, on
 * every route.
 */
export function registerRequestHooks(fastify: FastifyInstance, clock: Clock): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    (request as TimedRequest).requestTime = clock.now();
    void reply.header(REQUEST_ID_HEADER, request.id);
    // RFC 9112 §3.2: an HTTP/1.1 request without Host is a 400. Node's own check (turned off with
    // `requireHostHeader: false`) answered it with an empty body instead of a problem document.
    const hosts = hostLines(request.raw.rawHeaders);
    if (request.raw.httpVersion === '1.1' && hosts === 0) {
      return done(
        new DomainError('VALIDATION_FAILED', 'HTTP/1.1 requests must carry a Host header.'),
      );
    }
    // RFC 9112 §3.2 again: so must a request with more than one Host line, whatever its version.
    // Node keeps the first and drops the rest, so a proxy that routed by the last one and this
    // server would disagree about which site the request is for.
    if (hosts > 1) {
      return done(new DomainError('VALIDATION_FAILED', 'A request carries one Host header.'));
    }
    if (request.is404) return done(new NotFoundException());
    // The web app's catch-all (static-client.ts) answers unknown `/api` paths with the 404 itself:
    // it parses no query, so a malformed escape there must not turn that 404 into a 400.
    if (request.routeOptions.url === STATIC_CATCH_ALL) return done();
    // A syntax error of the request itself, like malformed JSON: answered before the route runs.
    if (hasMalformedEscape(request.query)) {
      return done(
        new DomainError('VALIDATION_FAILED', 'The query string holds a malformed percent-escape.'),
      );
    }
    done();
  });
}
