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

export interface Message {
  type: WebhookEventType;
  /** epoch ms of the change */
  at: number;
  event: MessageEvent;
  /** the event's owner: their webhooks are told */
  ownerId: number;
  user?: MessageUser;
}

/** How soon after recording the relay is nudged: after a typical commit. */
const NUDGE_MS = 5;

/** Rows per INSERT: 6 values each, well within both databases' limits on bound parameters. */
const ROWS_PER_INSERT = 500;

/** The body every receiver gets, identical on each retry. */
export function messageBody(message: Message): string {
  const { type, at, event, user } = message;
  return JSON.stringify({
    type,
    timestamp: new Date(at).toISOString(),
    data: user === undefined ? { event } : { event, user },
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
          sql`(${`msg_${randomUUID().replaceAll('-', '')}`}, ${message.type}, ${message.event.id},
            ${message.ownerId}, ${messageBody(message)}, ${message.at})`,
      );
      await tx.run(
        sql`INSERT INTO outbox_messages (message_id, type, event_id, owner_id, payload, created_at)
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
