import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Metrics } from '../metrics/metrics.service';
import { DueQueue } from './due-queue';
import { PollingWorker } from './polling-worker';

const POLL_MS = 1000;
/** Under load, wake-ups closer together than this make one batch (see `PollingWorker`). */
const WAKE_GAP_MS = 50;
const HOUR = 3_600_000;
/** Delivery logs and sent mails are kept this long. */
const KEPT = 30 * 24 * HOUR;

/** The reason an attempt failed, as stored (`last_error`). */
export const failureReason = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * The loop of a channel's sender (webhook deliveries, mails), written once: every second (sooner
 * when woken after a fan-out) it claims a batch of due rows from the channel's `DueQueue` and
 * lets the channel attempt them; it updates the pending gauge, forgets rows older than 30 days
 * once an hour, and says when a failed row is due again on `WEBHOOK_RETRY_SCHEDULE`.
 */
export abstract class ChannelWorker<Row> implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker: PollingWorker;
  private lastCleanup = 0;
  /** The last batch was full: more rows were waiting. */
  private busy = false;

  protected constructor(
    private readonly channel: 'webhook' | 'mail',
    /** the channel's claimable rows */
    private readonly queue: DueQueue<Row>,
    private readonly batch: number,
    protected readonly clock: Clock,
    protected readonly metrics: Metrics,
    private readonly retrySchedule: readonly number[],
  ) {
    this.worker = new PollingWorker(
      `${channel} deliveries`,
      POLL_MS,
      () => this.tick(),
      undefined,
      WAKE_GAP_MS,
    );
  }

  /** Attempts a claimed batch, recording each outcome. */
  protected abstract attemptAll(rows: Row[]): Promise<void>;

  /** Forgets finished rows created before `before`. */
  protected abstract forgetBefore(before: number): Promise<void>;

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.worker.stop();
  }

  wake(): void {
    this.worker.wake();
  }

  /** One batch; answers whether it was full (more may wait). */
  async tick(): Promise<boolean> {
    const now = this.clock.now();
    if (now - this.lastCleanup > HOUR) {
      this.lastCleanup = now;
      await this.forgetBefore(now - KEPT);
    }
    const busy = this.busy;
    this.busy = false; // a batch that throws: the next one starts with the read again
    const due = await this.queue.attemptDue(now, this.batch, (rows) => this.attemptAll(rows), busy);
    if (due.length > 0 && this.metrics.enabled) {
      this.metrics.pendingDeliveries(this.channel, await this.queue.countPending());
    }
    this.busy = due.length === this.batch;
    return this.busy;
  }

  /** When a row that failed its `attempts`-th attempt is tried again; undefined: it has failed. */
  protected retryAt(attempts: number): number | undefined {
    const delay = this.retrySchedule[attempts - 1];
    return delay === undefined ? undefined : this.clock.now() + delay * 1000;
  }
}
