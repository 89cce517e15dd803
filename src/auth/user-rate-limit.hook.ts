import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATIC_CATCH_ALL } from '../common/http/static-client';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { spendBudget } from '../rate-limit/spend-budget';
import { AuthUser } from './auth-user';
import { JwtStrategy } from './jwt.strategy';

/**
 * The budget of every user (`API_RATE_LIMIT` requests per minute, per user id, in the same store as
 * the per-IP limits: Redis across instances when REDIS_URL is set). Every request with a valid
 * access token spends one and carries the RateLimit headers; past the budget it is a 429 and the
 * handler does not run. A missing or invalid token spends nothing: the route's guard answers 401,
 * a public route ignores it. Register, login and refresh stay under their per-IP limit only
 * (`AuthRateLimitHook`): they take no access token, and one response carries one budget.
 *
 * A Fastify `onRequest` hook, like the per-IP limit, rather than a Nest guard: the contract answers
 * 429 before the body is read (before 413, 415 and malformed JSON), and a request over the limit
 * costs no parsing. The token check it needs is the one the route would make anyway: the caller
 * goes on `request.user`, which `JwtAuthGuard` takes as is (and `JwtStrategy` answers a second
 * question about the same request from memory), so a request checks its token once.
 */
@Injectable()
export class UserRateLimitHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ENV) private readonly env: Env,
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    private readonly strategy: JwtStrategy,
  ) {}

  /** Runs before Fastify is ready, so the hook applies to every route. */
  onModuleInit(): void {
    if (this.env.apiRateLimit === 0) return;
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.addHook('onRequest', (request, reply) => this.check(request, reply));
  }

  private async check(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.headers.authorization === undefined) return;
    if (request.routeOptions.config.authRateLimit === true) return;
    // The web app's files, and the 404 of an unknown `/api` path, which comes before a 429.
    if (request.routeOptions.url === STATIC_CATCH_ALL) return;
    // A fault while checking (the session lookup failed) spends nothing here: the route's guard
    // gets the same failure from the strategy and answers it (503), a public route runs as usual.
    const user = await this.strategy.validate(request).catch(() => false as const);
    if (user === false) return;
    (request as FastifyRequest & { user?: AuthUser }).user = user;
    await spendBudget(this.storage, reply, `user:${user.id}`, this.env.apiRateLimit, 'api');
  }
}
