import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env.schema';
import { Database } from '../database/database';
import { sql } from '../database/sql';
import { StoredEvent } from '../events/event-columns';
import { storedEventMessage } from '../events/event-messages';
import { STORED_EVENT_COLUMNS } from '../events/events.repository';
import { Outbox } from '../outbox/outbox';
import { PollingWorker } from '../outbox/polling-worker';

const BATCH = 50;
const POLL_MS = 2000;

/**
 * Arms reminders: an event whose reminder moment (`startsAt - REMINDER_LEAD`) has come, and that
 * has not started, is not cancelled, is published and was not yet reminded for this `startsAt`,
 * gets one `event.reminder` message; `reminded_starts_at` records the start it was for, so the
 * reminder goes once, and moving the event re-arms it. The claim is one UPDATE (`SKIP LOCKED` on
 * PostgreSQL), so with several instances each event is reminded by one of them. The mail
 * channel then writes to the attendees who registered before the moment.
 */
@Injectable()
export class Reminders implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker = new PollingWorker('reminders', POLL_MS, () => this.arm());

  constructor(
    private readonly db: Database,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(ENV) private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.worker.stop();
  }

  /** One batch; answers whether it was full. */
  async arm(): Promise<boolean> {
    const now = this.clock.now();
    const due = sql`starts_at > ${now} AND starts_at <= ${now + this.env.reminderLead * 1000}
      AND cancelled_at IS NULL AND published = ${true}
      AND (reminded_starts_at IS NULL OR reminded_starts_at <> starts_at)`;
    // Idle most of the time: a plain read decides whether a (write) transaction is needed.
    if ((await this.db.one(sql`SELECT id FROM events WHERE ${due} LIMIT 1`)) === undefined) {
      return false;
    }
    return this.db.transaction(async (tx) => {
      const events = await tx.all<StoredEvent>(
        sql`UPDATE events SET reminded_starts_at = starts_at
            WHERE id IN (SELECT id FROM events WHERE ${due}
              ORDER BY starts_at ASC, id ASC LIMIT ${BATCH}${this.db.skipLocked})
            RETURNING ${STORED_EVENT_COLUMNS}`,
      );
      for (const event of events) {
        await this.outbox.record(tx, storedEventMessage('event.reminder', event, now));
      }
      return events.length === BATCH;
    });
  }
}
