import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';

/** Request and query durations are mostly milliseconds: finer buckets than prom-client's. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const QUERY_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * The app's Prometheus metrics, in a registry of its own (not prom-client's global one, so that
 * several apps in one process, as in the tests, do not share counters). Served at
 * `GET /api/metrics` when METRICS_TOKEN is set; otherwise the counters still count, unread, and
 * neither the process metrics nor the per-request hook run.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly enabled: boolean;

  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to sending its response, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  private readonly queryDuration = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Database query durations',
    buckets: QUERY_BUCKETS,
    registers: [this.registry],
  });

  private readonly registrations = new Counter({
    name: 'event_registrations_total',
    help: 'Registrations to events that succeeded',
    registers: [this.registry],
  });

  private readonly promotions = new Counter({
    name: 'event_waitlist_promotions_total',
    help: 'People moved from a waiting list onto the attendees',
    registers: [this.registry],
  });

  private readonly cancellations = new Counter({
    name: 'event_cancellations_total',
    help: 'Events cancelled by their owner or an admin',
    registers: [this.registry],
  });

  private readonly deliveries = new Counter({
    name: 'outbox_delivery_attempts_total',
    help: 'Delivery attempts of outbox messages, by channel and outcome (succeeded, retried, failed)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly attemptDuration = new Histogram({
    name: 'outbox_delivery_attempt_duration_seconds',
    help: 'Time one delivery attempt took, by channel',
    labelNames: ['channel'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  private readonly pending = new Gauge({
    name: 'outbox_deliveries_pending',
    help: 'Deliveries waiting for an attempt (due or scheduled for a retry), by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  constructor(@Inject(ENV) env: Env) {
    this.enabled = env.metricsToken !== undefined;
    if (this.enabled) collectDefaultMetrics({ register: this.registry });
  }

  /** One answered request; `route` is the route template (`/api/v1/events/:id`), never the URL. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  /** One database query that took `seconds`. */
  observeQuery(seconds: number): void {
    this.queryDuration.observe(seconds);
  }

  /** A registration to an event was stored. */
  registered(): void {
    this.registrations.inc();
  }

  /** `count` people on a waiting list became attendees. */
  promoted(count = 1): void {
    this.promotions.inc(count);
  }

  /** `count` events were cancelled. */
  cancelled(count = 1): void {
    if (count > 0) this.cancellations.inc(count);
  }

  /** One delivery attempt of `channel` (`webhook`, `mail`) and what came of it. */
  attempted(channel: string, outcome: 'succeeded' | 'retried' | 'failed', seconds: number): void {
    this.deliveries.inc({ channel, outcome });
    this.attemptDuration.observe({ channel }, seconds);
  }

  /** How many deliveries of `channel` wait for an attempt now. */
  pendingDeliveries(channel: string, count: number): void {
    this.pending.set({ channel }, count);
  }

  /** The Prometheus text exposition of every metric, and its content type. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
