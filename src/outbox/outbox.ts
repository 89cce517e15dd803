import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Queries } from '../database/database';
import { batches } from '../database/batches';
import { join, sql } from '../database/sql';
import type { WebhookEventType } from '../webhooks/webhook-events';

/** The event as every message shows it (the contract's `data.event`). */
export interface MessageEvent {
  id: number;
  name: string;
  startsAt: string;
  endsAt: string;
  status: string;
  version: number;
  seriesId: number | null;
}

/** The person a registration, waiting-list or check-in message is about. */
export interface MessageUser {
  id: number;
  username: string;
  email: string;
}

/**
 * What a message's mails need beyond its webhook body, kept beside it (never sent to a webhook):
 * the event's calendar fields as the change left them, and per type the changed fields, the
 * cancellation's reason, and the people a change took off the event (the waiting list a
 * cancellation empties, everyone a deletion removes), who are told too.
 */
export interface MessageDetail {
  description: string | null;
  location: string | null;
  category: string;
  timeZone: string;
  /** `event.updated`: which of the fields mails tell of changed */
  changed?: string[];
  /** `event.cancelled` */
  reason?: string | null;
  /** user ids no longer registered after the change who are told of it */
  removed?: number[];
}

/** Message types that only mail tells of (no webhook has them). */
export type MailOnlyType = 'event.reminder' | 'account.password_changed';

export interface Message {
  type: WebhookEventType | MailOnlyType;
  /** epoch ms of the change */
  at: number;
  event?: MessageEvent;
  /** the event's owner: their webhooks are told (none for mail-only types) */
  ownerId: number | null;
  user?: MessageUser;
  detail?: MessageDetail;
}

/** How soon after recording the relay is nudged: after a typical commit. */
const NUDGE_MS = 5;

/** Rows per INSERT: 7 values each, well within both databases' limits on bound parameters. */
const ROWS_PER_INSERT = 500;

/** The body every receiver gets, identical on each retry. */
export function messageBody(message: Message): string {
  const { type, at, event, user } = message;
  return JSON.stringify({
    type,
    timestamp: new Date(at).toISOString(),
    data: { ...(event && { event }), ...(user && { user }) },
  });
}

/**
 * The transactional outbox: a change records what happened through the transaction that makes
 * the change, so the message exists exactly when the change committed (a rollback takes it back,
 * a crash after COMMIT keeps it). Nothing is sent here: the relay (`OutboxRelay`) fans messages
 * out to their receivers after commit, so a request never waits for one.
 */
@Injectable()
export class Outbox {
  private readonly listeners: Array<() => void> = [];

  /**
   * Records `message` in `tx`. The relay is nudged shortly after (it also polls, so a message is
   * never left behind if the nudge comes before the commit).
   */
  record(tx: Queries, message: Message): Promise<void> {
    return this.recordAll(tx, [message]);
  }

  /** Records every message of one change in `tx` with one multi-row INSERT (per 500). */
  async recordAll(tx: Queries, messages: readonly Message[]): Promise<void> {
    for (const batch of batches(messages, ROWS_PER_INSERT)) {
      const rows = batch.map(
        (message) =>
          sql`(${`msg_${randomUUID().replaceAll('-', '')}`}, ${message.type},
            ${message.event?.id ?? null}, ${message.ownerId}, ${messageBody(message)},
            ${message.detail ? JSON.stringify(message.detail) : null}, ${message.at})`,
      );
      await tx.run(
        sql`INSERT INTO outbox_messages
              (message_id, type, event_id, owner_id, payload, detail, created_at)
            VALUES ${join(rows, ', ')}`,
      );
    }
    if (messages.length === 0) return;
    setTimeout(() => this.listeners.forEach((listener) => listener()), NUDGE_MS).unref();
  }

  onRecorded(listener: () => void): void {
    this.listeners.push(listener);
  }
}
