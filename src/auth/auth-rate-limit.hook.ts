import { applyDecorators, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error';
import { setRateLimitHeaders } from '../common/http/rate-limit-headers';
import { ApiRateLimited, MAX_RATE_LIMIT_WINDOW_SECONDS } from '../common/openapi/rate-limit';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';

const WINDOW_MS = MAX_RATE_LIMIT_WINDOW_SECONDS * 1000;

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
    const limit = this.env.authRateLimit;
    const key = `auth:${request.method}:${request.routeOptions.url ?? ''}:${request.ip}`;
    const record = await this.storage.increment(key, WINDOW_MS, limit, WINDOW_MS, 'auth');
    const blocked = record.isBlocked;
    // Once blocked, the budget is back when the block ends, which can be after the window.
    const seconds = blocked ? record.timeToBlockExpire : record.timeToExpire;
    setRateLimitHeaders(
      reply,
      {
        limit,
        remaining: blocked ? 0 : Math.max(limit - record.totalHits, 0),
        reset: Math.min(Math.max(seconds, 1), MAX_RATE_LIMIT_WINDOW_SECONDS),
      },
      blocked,
    );
    if (blocked) throw new DomainError('TOO_MANY_REQUESTS');
  }
}
