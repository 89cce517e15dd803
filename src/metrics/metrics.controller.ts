import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, UnauthenticatedError } from '../common/errors/domain-error';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { Metrics } from './metrics.service';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * `GET /api/metrics` for a Prometheus scraper: not part of the client API (so not in its
 * OpenAPI document). Off, it answers the unknown-route 404; on, it wants the token.
 */
@ApiExcludeController()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(ENV) private readonly env: Env,
  ) {}

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const token = this.env.metricsToken;
    if (token === undefined) throw new DomainError('NOT_FOUND', 'No route GET /api/metrics.');
    // Compared as digests: equal lengths, constant time, whatever the client sends.
    const expected = digest(`Bearer ${token}`);
    if (authorization === undefined || !timingSafeEqual(digest(authorization), expected)) {
      void reply.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthenticatedError('A valid metrics token is required.');
    }
    const { contentType, text } = await this.metrics.exposition();
    void reply.header('Content-Type', contentType).header('Cache-Control', 'no-store');
    return text;
  }
}
