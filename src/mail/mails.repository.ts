import { Injectable } from '@nestjs/common';
import { Database, Queries } from '../database/database';
import { join, sql } from '../database/sql';
import { DueQueue } from '../outbox/due-queue';

/** A mail to write: rendered once, at fan-out, so every retry sends the same message. */
export interface NewMail {
  /** the `Message-ID` header, `<…@host>`, unique */
  messageId: string;
  outboxMessageId: string;
  userId: number;
  recipient: string;
  subject: string;
  body: string;
  ics: string | null;
}

export type MailStatus = 'pending' | 'sent' | 'failed';

export interface MailRow extends NewMail {
  id: number;
  attempts: number;
}

export interface MailOutcome {
  status: MailStatus;
  /** why the attempt failed; a sent mail keeps the last failure's */
  error: string | null;
  nextAttemptAt: number | null;
}

const COLUMNS = sql`id, message_id AS "messageId", outbox_message_id AS "outboxMessageId",
  user_id AS "userId", recipient, subject, body, ics, attempts`;

/** Rows per INSERT: well inside PostgreSQL's 65,535 parameters and SQLite's 32,766. */
const INSERT_CHUNK = 200;
/** How long an instance may hold a claimed mail: more than an attempt may take (`ATTEMPT_MS`). */
const LEASE_MS = 60_000;

/** The `mails` table: one rendered mail to one address with its retry state. */
@Injectable()
export class MailsRepository {
  /** Due mails, claimed for one attempt each (see `DueQueue`). */
  readonly queue: DueQueue<MailRow>;

  constructor(private readonly db: Database) {
    this.queue = new DueQueue(db, 'mails', COLUMNS, LEASE_MS);
  }

  /** Writes the mails, due at once, in the relay's transaction (a message is fanned out once). */
  async insert(tx: Queries, mails: readonly NewMail[], now: number): Promise<void> {
    for (let start = 0; start < mails.length; start += INSERT_CHUNK) {
      const rows = mails.slice(start, start + INSERT_CHUNK).map(
        (mail) =>
          sql`(${mail.messageId}, ${mail.outboxMessageId}, ${mail.userId}, ${mail.recipient},
            ${mail.subject}, ${mail.body}, ${mail.ics}, ${now}, ${now})`,
      );
      await tx.run(
        sql`INSERT INTO mails (message_id, outbox_message_id, user_id, recipient, subject, body,
              ics, next_attempt_at, created_at)
            VALUES ${join(rows, ', ')}
            ON CONFLICT (message_id) DO NOTHING`,
      );
    }
  }

  /** Stores a batch's outcomes (see `DueQueue.finish`: usually one statement for all). */
  async record(
    outcomes: readonly { id: number; outcome: MailOutcome }[],
    now: number,
  ): Promise<void> {
    await this.queue.finish(
      outcomes.map(({ id, outcome }) => ({
        id,
        set: sql`status = ${outcome.status}, last_error = COALESCE(${outcome.error}, last_error),
          next_attempt_at = ${outcome.nextAttemptAt},
          sent_at = ${outcome.status === 'sent' ? now : null}`,
      })),
    );
  }

  /** Forgets sent and failed mails created before `before`. */
  async deleteDoneBefore(before: number): Promise<void> {
    await this.db.run(sql`DELETE FROM mails WHERE status <> 'pending' AND created_at < ${before}`);
  }
}
