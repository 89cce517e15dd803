import { Injectable } from '@nestjs/common';
import { Database, Queries } from '../database/database';
import { join, sql } from '../database/sql';
import { DueQueue } from '../outbox/due-queue';
import type { StoredMessage } from '../outbox/outbox-relay';
import { isWebhookEventType } from './webhook-events';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** A `webhook_deliveries` row: one message to one webhook and its retry state. */
export interface DeliveryRow {
  id: number;
  webhookId: number;
  messageId: string;
  type: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
}

/** What an attempt came to. */
export interface AttemptResult {
  status: DeliveryStatus;
  statusCode: number | null;
  error: string | null;
  nextAttemptAt: number | null;
}

const COLUMNS = sql`id, webhook_id AS "webhookId", message_id AS "messageId", type, payload,
  status, attempts, last_status_code AS "lastStatusCode", last_error AS "lastError",
  next_attempt_at AS "nextAttemptAt", created_at AS "createdAt"`;

/** How long an instance may hold a claimed delivery: more than the 15 s an attempt may take. */
const LEASE_MS = 60_000;

@Injectable()
export class DeliveriesRepository {
  /** Due deliveries, claimed for one attempt each (see `DueQueue`). */
  readonly queue: DueQueue<DeliveryRow>;

  constructor(private readonly db: Database) {
    this.queue = new DueQueue(db, 'webhook_deliveries', COLUMNS, LEASE_MS);
  }

  /**
   * One delivery per message and active webhook of the event's owner that subscribes to its type,
   * due at once; in the relay's transaction (a message is fanned out once). One INSERT for the
   * whole batch: the messages are joined, as recorded, with their owners' webhooks.
   */
  async fanOut(tx: Queries, messages: readonly StoredMessage[], now: number): Promise<void> {
    // A reminder or a password change is mail only: not even a `*` subscription receives it.
    const told = messages.filter((message) => isWebhookEventType(message.type));
    if (told.length === 0) return;
    const ids = join(
      told.map((message) => sql`${message.messageId}`),
      ', ',
    );
    await tx.run(
      sql`INSERT INTO webhook_deliveries
            (webhook_id, message_id, type, payload, next_attempt_at, created_at)
          SELECT w.id, m.message_id, m.type, m.payload, ${now}, ${now}
          FROM outbox_messages m JOIN webhooks w ON w.user_id = m.owner_id
          WHERE m.message_id IN (${ids}) AND w.active = ${true}
            AND (w.events LIKE '%,' || m.type || ',%' OR w.events LIKE '%,*,%')
          ORDER BY m.id ASC, w.id ASC
          ON CONFLICT (webhook_id, message_id) DO NOTHING`,
    );
  }

  /** Stores a batch's outcomes (see `DueQueue.finish`: usually one statement for all). */
  async record(results: readonly { id: number; result: AttemptResult }[]): Promise<void> {
    await this.queue.finish(
      results.map(({ id, result }) => ({
        id,
        set: sql`status = ${result.status}, last_status_code = ${result.statusCode},
          last_error = ${result.error}, next_attempt_at = ${result.nextAttemptAt}`,
      })),
    );
  }

  /** The webhook's deliveries created at `since` or later, newest first. */
  list(webhookId: number, since: number, limit: number): Promise<DeliveryRow[]> {
    return this.db.all<DeliveryRow>(
      sql`SELECT ${COLUMNS} FROM webhook_deliveries
          WHERE webhook_id = ${webhookId} AND created_at >= ${since}
          ORDER BY id DESC LIMIT ${limit}`,
    );
  }

  /** Due again at once (whatever its state); false when the webhook has no such delivery. */
  async retryNow(webhookId: number, id: number, now: number): Promise<boolean> {
    const changed = await this.db.run(
      sql`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ${now},
            locked_until = NULL
          WHERE id = ${id} AND webhook_id = ${webhookId}`,
    );
    return changed === 1;
  }

  /** Forgets deliveries created before `before` (kept 30 days). */
  async deleteOlderThan(before: number): Promise<void> {
    await this.db.run(sql`DELETE FROM webhook_deliveries WHERE created_at < ${before}`);
  }
}
