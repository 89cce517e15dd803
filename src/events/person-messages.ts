import { Injectable } from '@nestjs/common';
import { batches } from '../database/batches';
import { Queries } from '../database/database';
import { join, sql } from '../database/sql';
import { Outbox } from '../outbox/outbox';
import type { WebhookEventType } from '../webhooks/webhook-events';
import {
  DetailExtra,
  MESSAGE_EVENT_COLUMNS,
  MessageEventRow,
  storedEventMessage,
} from './event-messages';

/** The types that tell of one person's registration, place in line or check-in. */
export type PersonMessageType = Extract<
  WebhookEventType,
  `registration.${string}` | `waitlist.${string}` | `checkin.${string}`
>;

/** What happened to whom. */
export interface PersonChange {
  type: PersonMessageType;
  userId: number;
  /** what the person's mail says beyond the event (a decline's reason) */
  extra?: DetailExtra;
}

/** Each person moved from the line onto the attendees is told, in line order. */
export const promotions = (userIds: readonly number[]): PersonChange[] =>
  userIds.map((userId) => ({ type: 'waitlist.promoted', userId }));

/** Users per `IN (…)`: within both databases' limits on bound parameters. */
const USERS_PER_READ = 500;

type PersonRow = MessageEventRow & { userId: number; username: string; email: string };

/**
 * The messages of changes to people's registrations: one per person, each with `data.user` and
 * `data.event` as the change's transaction left the event. The event and every person concerned
 * are read in one query (however many were promoted), and all messages written with one
 * multi-row INSERT, inside the caller's transaction.
 */
@Injectable()
export class PersonMessages {
  constructor(private readonly outbox: Outbox) {}

  /** The message of one change to one person. */
  recordOne(
    tx: Queries,
    eventId: number,
    type: PersonMessageType,
    userId: number,
    now: number,
    extra?: DetailExtra,
  ): Promise<void> {
    return this.record(tx, eventId, [{ type, userId, extra }], now);
  }

  async record(
    tx: Queries,
    eventId: number,
    changes: readonly PersonChange[],
    now: number,
  ): Promise<void> {
    if (changes.length === 0) return;
    const rows = new Map<number, PersonRow>();
    const ids = [...new Set(changes.map((change) => change.userId))];
    for (const batch of batches(ids, USERS_PER_READ)) {
      const found = await tx.all<PersonRow>(
        sql`SELECT e.*, u.id AS "userId", u.username, u.email
            FROM (SELECT ${MESSAGE_EVENT_COLUMNS} FROM events WHERE id = ${eventId}) e
            JOIN users u ON u.id IN (${join(
              batch.map((id) => sql`${id}`),
              ', ',
            )})`,
      );
      for (const row of found) rows.set(row.userId, row);
    }
    // Each person has (or had, until this transaction) a registration row, so their user row
    // exists; one deleted meanwhile is not told of anything.
    const messages = changes.flatMap(({ type, userId, extra }) => {
      const row = rows.get(userId);
      if (row === undefined) return [];
      const user = { id: row.userId, username: row.username, email: row.email };
      return [storedEventMessage(type, row, now, user, extra)];
    });
    await this.outbox.recordAll(tx, messages);
  }
}
