import { applyDecorators, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiRateLimited } from '../common/openapi/rate-limit';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { spendBudget } from '../rate-limit/spend-budget';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by {@link AuthRateLimit}. */
    authRateLimit?: boolean;
  }
}

/**
 * Puts a route under the auth rate limit (`AUTH_RATE_LIMIT` requests per minute per client IP)
 * and documents it: the 429, and the RateLimit headers on every response.
 */
export const AuthRateLimit = (): MethodDecorator =>
  applyDecorators(RouteConfig({ authRateLimit: true }), ApiRateLimited());

/**
 * Counts requests per client IP and route in Fastify's `onRequest` hook rather than in a guard:
 * the contract answers 429 before the body is read (before 413, 415 and malformed JSON), and a
 * request over the limit costs no parsing, no validation and no argon2 work. Behind a reverse
 * proxy, set TRUST_PROXY so the client's address comes from X-Forwarded-For.
 */
@Injectable()
export class AuthRateLimitHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ENV) private readonly env: Env,
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
  ) {}

  /** Runs before Fastify is ready, so the hook applies to every route. */
  onModuleInit(): void {
    if (this.env.authRateLimit === 0) return;
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.addHook('onRequest', (request, reply) => this.check(request, reply));
  }

  private async check(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.routeOptions.config.authRateLimit !== true) return;
    const key = `auth:${request.method}:${request.routeOptions.url ?? ''}:${request.ip}`;
    await spendBudget(this.storage, reply, key, this.env.authRateLimit, 'auth');
  }
}
