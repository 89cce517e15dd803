import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import { NotFoundException, VersioningType } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import { DomainError } from './common/errors/domain-error';
import {
  clientErrorHandler,
  expectationFailedHandler,
  frameworkErrorHandler,
} from './common/http/client-errors';
import { registerStaticClient } from './common/http/static-client';
import { createValidationPipe } from './common/validation/validation.pipe';
import { ENV } from './config/config.module';
import { Env } from './config/env.schema';

export const BODY_LIMIT = 64 * 1024;
export const REQUEST_ID_HEADER = 'x-request-id';
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
    routerOptions: { maxParamLength: limits.maxParamLength },
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
  });
}

/**
 * Request-level answers that the contract gives before the body is read: the request id header
 * on every response, a 400 for an HTTP/1.1 request without Host, and 404 for an unknown route or
 * method even when the body is too large, not JSON or malformed (Fastify would otherwise parse it
 * for the not-found handler first).
 */
function registerRequestHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    // RFC 9112 §3.2: an HTTP/1.1 request without Host is a 400. Node's own check (turned off with
    // `requireHostHeader: false`) answered it with an empty body instead of a problem document.
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      return done(
        new DomainError('VALIDATION_FAILED', 'HTTP/1.1 requests must carry a Host header.'),
      );
    }
    done(request.is404 ? new NotFoundException() : undefined);
  });
}

/** Deeper than any body of the contract (its DTOs are flat) by a wide margin. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text nests arrays and objects deeper than `max`. Checked on the text, before
 * parsing: class-transformer and class-validator walk a parsed body recursively, and a 64 KiB body
 * of `[[[[…` overflowed the stack there, which answered 500 (found by the fuzzer).
 */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character; a quote ends the string.
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * JSON only. An empty body is accepted whatever its Content-Type (for endpoints that take none);
 * any other media type is a 415. Prototype poisoning is refused by Fastify's secure parser, and
 * nesting deeper than {@link MAX_JSON_DEPTH} is a 400.
 */
function registerBodyParsers(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') return done(null, undefined);
    if (nestedDeeperThan(body as string, MAX_JSON_DEPTH)) {
      const detail = `The request body nests arrays or objects more than ${MAX_JSON_DEPTH} deep.`;
      return done(new DomainError('VALIDATION_FAILED', detail), undefined);
    }
    void parseJson(req, body as string, done);
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    if (body.length === 0) return done(null, undefined);
    const error = Object.assign(new Error('Unsupported media type'), {
      statusCode: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    });
    done(error, undefined);
  });
}

/** Everything about the HTTP surface that is not a module: the same for `main.ts` and tests. */
export function configureApp(app: NestFastifyApplication): Env {
  const env = app.get<Env>(ENV);
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(createValidationPipe());
  if (env.corsOrigins.length > 0) {
    app.enableCors({ origin: env.corsOrigins, maxAge: 600 });
  }
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestHooks(fastify);
  fastify.server.on('checkExpectation', expectationFailedHandler);
  registerBodyParsers(fastify);
  registerStaticClient(fastify);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Event manager API')
      .setDescription(
        'Accounts, events and registrations. Errors are RFC 9457 problem details ' +
          '(`application/problem+json`) with a stable `code`.',
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return env;
}

export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
        // Helmet's default would make browsers fetch the web app's scripts over https even when
        // it is served over plain http on a LAN address, and the page would stay blank; TLS
        // deployments redirect to https at the proxy instead.
        upgradeInsecureRequests: null,
      },
    },
  });
}
