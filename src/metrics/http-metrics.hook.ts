import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Metrics } from './metrics.service';

/** Requests no route matched: one label for all of them, so a scanner cannot add time series. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Counts every answered request in Fastify's `onResponse` hook, labelled by the route template
 * Fastify matched, so `/api/v1/events/17` and `/api/v1/events/18` are one series.
 */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: Metrics,
  ) {}

  /** Runs before Fastify is ready, so the hook applies to every route. */
  onModuleInit(): void {
    if (!this.metrics.enabled) return;
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.addHook('onResponse', (request, reply, done) => {
      this.metrics.observeRequest(
        request.method,
        request.routeOptions.url ?? UNMATCHED_ROUTE,
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
      done();
    });
  }
}
