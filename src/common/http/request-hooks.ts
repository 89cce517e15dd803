import { NotFoundException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Clock, TimedRequest } from '../clock';
import { DomainError } from '../errors/domain-error';
import { hasMalformedEscape } from './query-string';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Request-level work before the body is read: the request's instant (see `requestTime`), and the
 * answers the contract gives at this stage: the request id header on every response, a 400 for an
 * HTTP/1.1 request without Host, 404 for an unknown route or method even when the body is too
 * large, not JSON or malformed (Fastify would otherwise parse it for the not-found handler first),
 * and a 400 for a malformed percent-escape in the query string, on every route.
 */
export function registerRequestHooks(fastify: FastifyInstance, clock: Clock): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    (request as TimedRequest).requestTime = clock.now();
    void reply.header(REQUEST_ID_HEADER, request.id);
    // RFC 9112 §3.2: an HTTP/1.1 request without Host is a 400. Node's own check (turned off with
    // `requireHostHeader: false`) answered it with an empty body instead of a problem document.
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      return done(
        new DomainError('VALIDATION_FAILED', 'HTTP/1.1 requests must carry a Host header.'),
      );
    }
    if (request.is404) return done(new NotFoundException());
    // A syntax error of the request itself, like malformed JSON: answered before the route runs.
    if (hasMalformedEscape(request.query)) {
      return done(
        new DomainError('VALIDATION_FAILED', 'The query string holds a malformed percent-escape.'),
      );
    }
    done();
  });
}
