import { VersioningType } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { Clock } from './common/clock';
import { registerBodyParsers } from './common/http/body-parsers';
import { connectHandler, expectationFailedHandler } from './common/http/client-errors';
import { registerBodyDrain } from './common/http/drain-body';
import { RATE_LIMIT_HEADERS } from './common/http/rate-limit-headers';
import { registerRequestHooks } from './common/http/request-hooks';
import { registerStaticClient } from './common/http/static-client';
import { setupSwagger } from './common/openapi/swagger';
import { UnknownQueryInterceptor } from './common/validation/no-query';
import { createValidationPipe } from './common/validation/validation.pipe';
import { ENV } from './config/config.module';
import { JwtStrategy } from './auth/jwt.strategy';
import { IDEMPOTENT_REPLAYED_HEADER } from './idempotency/idempotency-key';
import { registerIdempotency } from './idempotency/idempotency.hooks';
import { IdempotencyService } from './idempotency/idempotency.service';
import { markIdempotentRoutes } from './idempotency/idempotent-routes';
import { Env } from './config/env.schema';

/**
 * The response headers of the contract a browser script on another origin may read (beyond the
 * CORS-safelisted ones): the budget and when to come back, a replayed idempotent answer, the
 * version for `If-Match` and a created resource's address.
 */
export const CORS_EXPOSED_HEADERS = [
  ...Object.values(RATE_LIMIT_HEADERS),
  'Retry-After',
  IDEMPOTENT_REPLAYED_HEADER,
  'ETag',
  'Location',
];

/** Everything about the HTTP surface that is not a module: the same for `main.ts` and tests. */
export function configureApp(app: NestFastifyApplication): Env {
  const env = app.get<Env>(ENV);
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new UnknownQueryInterceptor(app.get(Reflector)));
  if (env.corsOrigins.length > 0) {
    app.enableCors({ origin: env.corsOrigins, maxAge: 600, exposedHeaders: CORS_EXPOSED_HEADERS });
  }
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestHooks(fastify, app.get(Clock));
  fastify.server.on('checkExpectation', expectationFailedHandler);
  fastify.server.on('connect', connectHandler);
  registerBodyParsers(fastify);
  registerBodyDrain(fastify);
  markIdempotentRoutes(app);
  const strategy = app.get(JwtStrategy);
  registerIdempotency(fastify, app.get(IdempotencyService), (request) =>
    strategy.validate(request),
  );
  registerStaticClient(fastify);
  setupSwagger(app);
  return env;
}
