import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env.schema';
import { Metrics } from '../metrics/metrics.service';
import { ChannelWorker, failureReason } from '../outbox/channel-worker';
import { AttemptResult, DeliveriesRepository, DeliveryRow } from './deliveries.repository';
import { signatureHeader } from './signature';
import { postWebhook } from './webhook-sender';
import { WebhookRow, WebhooksRepository } from './webhooks.repository';

const BATCH = 100;

/** The secrets that sign now: the current one, and the previous one for 24 h after a rotation. */
export function signingSecrets(webhook: WebhookRow, now: number): string[] {
  const previous =
    webhook.previousSecret !== null && (webhook.previousSecretUntil ?? 0) > now
      ? [webhook.previousSecret]
      : [];
  return [webhook.secret, ...previous];
}

/**
 * Attempts due deliveries (Standard Webhooks 1.0): claims a batch (each attempt is made by one
 * instance), signs and POSTs each concurrently, and records the outcomes together once all are
 * over (one UPDATE per distinct outcome): a 2xx succeeds; `410` disables the webhook; anything
 * else is tried again after the next delay of `WEBHOOK_RETRY_SCHEDULE`, and fails after the last.
 */
@Injectable()
export class DeliveryWorker extends ChannelWorker<DeliveryRow> {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly webhooks: WebhooksRepository,
    clock: Clock,
    metrics: Metrics,
    @Inject(ENV) private readonly env: Env,
  ) {
    super('webhook', deliveries.queue, BATCH, clock, metrics, env.webhookRetrySchedule);
  }

  protected async attemptAll(due: DeliveryRow[]): Promise<void> {
    // One read for the batch's webhooks (a few deliveries usually share one).
    const ids = [...new Set(due.map((delivery) => delivery.webhookId))];
    const webhooks = new Map((await this.webhooks.byIds(ids)).map((hook) => [hook.id, hook]));
    const attempted = (
      await Promise.all(
        due.map((delivery) => this.attempt(delivery, webhooks.get(delivery.webhookId))),
      )
    ).filter((done) => done !== undefined);
    // The outcomes in one write once every attempt of the batch is over (a crash before it:
    // the leases run out and those deliveries are attempted again, as after a crash mid-attempt).
    await this.deliveries.record(attempted);
    for (const { result, seconds } of attempted) {
      if (seconds === undefined) continue;
      const outcome = result.status === 'pending' ? 'retried' : result.status;
      this.metrics.attempted('webhook', outcome, seconds);
    }
  }

  protected forgetBefore(before: number): Promise<void> {
    return this.deliveries.deleteOlderThan(before);
  }

  /** One attempt and its outcome (`seconds`: how long it took; none when nothing was sent). */
  private async attempt(
    delivery: DeliveryRow,
    webhook: WebhookRow | undefined,
  ): Promise<{ id: number; result: AttemptResult; seconds?: number } | undefined> {
    if (!webhook) return undefined; // deleted meanwhile: its deliveries went with it
    if (webhook.active !== 1) {
      const result: AttemptResult = {
        status: 'failed',
        statusCode: null,
        error: 'the webhook is disabled',
        nextAttemptAt: null,
      };
      return { id: delivery.id, result };
    }
    const sentAt = this.clock.now();
    const timestamp = Math.floor(sentAt / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'event-manager-webhooks/1',
      'webhook-id': delivery.messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(
        signingSecrets(webhook, sentAt),
        delivery.messageId,
        timestamp,
        delivery.payload,
      ),
    };
    let result: AttemptResult;
    const started = performance.now();
    try {
      const code = await postWebhook(
        webhook.url,
        headers,
        delivery.payload,
        this.env.webhookAllowPrivateNetworks,
      );
      result = this.outcome(delivery, code, code >= 200 && code < 300 ? null : `HTTP ${code}`);
      if (code === 410) await this.webhooks.disable(webhook.id, 'The receiver answered 410 Gone.');
    } catch (error) {
      result = this.outcome(delivery, null, failureReason(error));
    }
    return { id: delivery.id, result, seconds: (performance.now() - started) / 1000 };
  }

  private outcome(delivery: DeliveryRow, code: number | null, error: string | null): AttemptResult {
    if (code !== null && code >= 200 && code < 300) {
      return { status: 'succeeded', statusCode: code, error: null, nextAttemptAt: null };
    }
    const retryAt = code === 410 ? undefined : this.retryAt(delivery.attempts);
    if (retryAt === undefined) {
      return { status: 'failed', statusCode: code, error, nextAttemptAt: null };
    }
    return { status: 'pending', statusCode: code, error, nextAttemptAt: retryAt };
  }
}
