import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env.schema';
import { Metrics } from '../metrics/metrics.service';
import { ChannelWorker, failureReason } from '../outbox/channel-worker';
import { MailOutcome, MailRow, MailsRepository } from './mails.repository';
import { MailTransport } from './mail-transport';

const BATCH = 50;

/**
 * Sends due mails: claims a batch (each attempt is made by one instance), sends them through the
 * relay concurrently, and records the outcomes together once all are over. A relay that is down
 * or refuses leaves the mail pending, tried again after the next delay of
 * `WEBHOOK_RETRY_SCHEDULE`; after the last it is failed, logged and counted. The `Message-ID` was
 * fixed at fan-out, so a retry that reaches an inbox twice is recognisably the same mail.
 */
@Injectable()
export class MailWorker extends ChannelWorker<MailRow> {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly mails: MailsRepository,
    private readonly transport: MailTransport,
    clock: Clock,
    metrics: Metrics,
    @Inject(ENV) env: Env,
  ) {
    super('mail', mails.queue, BATCH, clock, metrics, env.webhookRetrySchedule);
  }

  protected async attemptAll(due: MailRow[]): Promise<void> {
    const attempted = await Promise.all(due.map((mail) => this.attempt(mail)));
    // The outcomes in one write once every attempt of the batch is over (a crash before it:
    // the leases run out and those mails are sent again, as after a crash mid-attempt).
    await this.mails.record(attempted, this.clock.now());
    for (const { outcome, seconds } of attempted) {
      const result =
        outcome.status === 'sent'
          ? 'succeeded'
          : outcome.status === 'pending'
            ? 'retried'
            : 'failed';
      this.metrics.attempted('mail', result, seconds);
    }
  }

  protected forgetBefore(before: number): Promise<void> {
    return this.mails.deleteDoneBefore(before);
  }

  /** One attempt and its outcome (`seconds`: how long it took). */
  private async attempt(
    mail: MailRow,
  ): Promise<{ id: number; outcome: MailOutcome; seconds: number }> {
    const started = performance.now();
    let outcome: MailOutcome;
    try {
      await this.transport.send(mail);
      outcome = { status: 'sent', error: null, nextAttemptAt: null };
    } catch (error) {
      outcome = this.retryOrFail(mail, failureReason(error));
    }
    return { id: mail.id, outcome, seconds: (performance.now() - started) / 1000 };
  }

  private retryOrFail(mail: MailRow, error: string): MailOutcome {
    const retryAt = this.retryAt(mail.attempts);
    if (retryAt === undefined) {
      this.logger.warn(
        { messageId: mail.messageId, attempts: mail.attempts, error },
        'mail given up after the last retry',
      );
      return { status: 'failed', error, nextAttemptAt: null };
    }
    return { status: 'pending', error, nextAttemptAt: retryAt };
  }
}
