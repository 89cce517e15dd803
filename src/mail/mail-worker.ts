import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { Clock } from '../common/clock';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env.schema';
import { Metrics } from '../metrics/metrics.service';
import { PollingWorker } from '../outbox/polling-worker';
import { MailOutcome, MailRow, MailsRepository } from './mails.repository';
import { MailTransport } from './mail-transport';

const BATCH = 50;
const POLL_MS = 1000;
const DAY = 86_400_000;
const KEPT = 30 * DAY;

const reason = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * Sends due mails: claims a batch (each attempt is made by one instance), sends them through the
 * relay concurrently, and records each outcome. A relay that is down or refuses leaves the mail
 * pending, tried again after the next delay of `WEBHOOK_RETRY_SCHEDULE`; after the last it is
 * failed, logged and counted. The `Message-ID` was fixed at fan-out, so a retry that reaches an
 * inbox twice is recognisably the same mail.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly worker = new PollingWorker('mail', POLL_MS, () => this.sendDue());
  private lastCleanup = 0;

  constructor(
    private readonly mails: MailsRepository,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    @Inject(ENV) private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.worker.stop();
  }

  wake(): void {
    this.worker.wake();
  }

  /** One batch; answers whether it was full. */
  async sendDue(): Promise<boolean> {
    const now = this.clock.now();
    if (now - this.lastCleanup > DAY / 24) {
      this.lastCleanup = now;
      await this.mails.deleteDoneBefore(now - KEPT);
    }
    const due = await this.mails.queue.attemptDue(now, BATCH, async (due) => {
      await Promise.all(due.map((mail) => this.attempt(mail)));
    });
    if (due.length > 0 && this.metrics.enabled) {
      this.metrics.pendingDeliveries('mail', await this.mails.queue.countPending());
    }
    return due.length === BATCH;
  }

  private async attempt(mail: MailRow): Promise<void> {
    const started = performance.now();
    let outcome: MailOutcome;
    try {
      await this.transport.send(mail);
      outcome = { status: 'sent', error: null, nextAttemptAt: null };
    } catch (error) {
      outcome = this.retryOrFail(mail, reason(error));
    }
    await this.mails.record(mail.id, outcome, this.clock.now());
    const result =
      outcome.status === 'sent' ? 'succeeded' : outcome.status === 'pending' ? 'retried' : 'failed';
    this.metrics.attempted('mail', result, (performance.now() - started) / 1000);
  }

  private retryOrFail(mail: MailRow, error: string): MailOutcome {
    const delay = this.env.webhookRetrySchedule[mail.attempts - 1];
    if (delay === undefined) {
      this.logger.warn(
        { messageId: mail.messageId, attempts: mail.attempts, error },
        'mail given up after the last retry',
      );
      return { status: 'failed', error, nextAttemptAt: null };
    }
    return { status: 'pending', error, nextAttemptAt: this.clock.now() + delay * 1000 };
  }
}
