import { INestApplication, RequestMethod } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExtension } from '@nestjs/swagger';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';

/** Route config flag (`request.routeOptions.config`) of a route that takes `Idempotency-Key`. */
export const IDEMPOTENT_ROUTE = 'idempotent';
/** OpenAPI mark of the same routes, replaced by the header and its answers (idempotency.openapi.ts). */
export const IDEMPOTENT_MARK = 'x-idempotent';

/**
 * Marks every authenticated POST (a POST handler whose guards, its class's or its own, include
 * `JwtAuthGuard`) as taking `Idempotency-Key`: in its Fastify route config, which the hooks read,
 * and in its OpenAPI operation. One rule for both, read from the routes themselves, so a new POST
 * route takes the header without anyone remembering to add it. Call before `app.init()`, which
 * registers the routes with their config.
 */
export function markIdempotentRoutes(app: INestApplication): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype;
      if (typeof type !== 'function') continue;
      const classGuards = guardsOf(type);
      const prototype = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
        const handler = descriptor?.value as unknown;
        if (name === 'constructor' || typeof handler !== 'function' || descriptor === undefined) {
          continue;
        }
        if (Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.POST) continue;
        if (![...classGuards, ...guardsOf(handler)].includes(JwtAuthGuard)) continue;
        RouteConfig({ ...routeConfig(handler), [IDEMPOTENT_ROUTE]: true })(
          prototype,
          name,
          descriptor,
        );
        ApiExtension(IDEMPOTENT_MARK, true)(prototype, name, descriptor);
      }
    }
  }
}

function guardsOf(target: object): unknown[] {
  return (Reflect.getMetadata(GUARDS_METADATA, target) as unknown[] | undefined) ?? [];
}

/** The route's own `@RouteConfig` (platform-fastify's metadata key), kept beside the flag. */
function routeConfig(handler: object): object {
  return (Reflect.getMetadata('__fastify_route_config__', handler) as object | undefined) ?? {};
}
