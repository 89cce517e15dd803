import { Injectable } from '@nestjs/common';
import { Queries } from '../database/database';
import { raw, sql } from '../database/sql';
import { openSql } from './event-state';

/**
 * A row of `registrations` (the unique (event, user) row): attending, waiting in line, a pending
 * request (no spot), or a declined one (kept, so that the person cannot simply ask again).
 */
export type RegistrationStatus = 'attending' | 'waiting' | 'pending' | 'declined';

/** What a new row carries besides its status: the answers (JSON) and its ticket. */
export interface NewRegistration {
  answers: string | null;
  ticket: { code: string; hash: string };
}

/** An event's counters as the transaction changing them has them (its row locked). */
export interface Spots {
  capacity: number | null;
  attendeeCount: number;
  waitlistCount: number;
  /** epoch ms */
  startsAt: number;
  cancelledAt: number | null;
}

/** An event's `Spots`, as an UPDATE that changes them returns them. */
const SPOTS = sql`capacity, attendee_count AS "attendeeCount", waitlist_count AS "waitlistCount",
  starts_at AS "startsAt", cancelled_at AS "cancelledAt"`;

/** The event's counter each status is counted in (a declined row is counted in none). */
const HELD_COUNTERS: Record<Exclude<RegistrationStatus, 'declined'>, string> = {
  attending: 'attendee_count',
  waiting: 'waitlist_count',
  pending: 'pending_count',
};

/**
 * How many people at the head of the line get a spot: the free spots (all of the line, for an
 * unlimited event), but none once the event started or was cancelled (the line is frozen then).
 */
export function spotsToFill(spots: Spots, now: number): number {
  if (spots.cancelledAt !== null || spots.startsAt <= now || spots.waitlistCount === 0) return 0;
  if (spots.capacity === null) return spots.waitlistCount;
  return Math.max(0, Math.min(spots.capacity - spots.attendeeCount, spots.waitlistCount));
}

/**
 * The statements of the capacity and waiting-list rules (see `RegistrationsService`, which runs
 * them in transactions). Each answers whether it changed a row, so the rules never read and then
 * write. Every one starts with an UPDATE of the event's row, which on PostgreSQL row-locks it:
 * whatever changes an event's attendees or its line queues there and re-checks.
 */
@Injectable()
export class RegistrationsRepository {
  /**
   * Takes a spot: bumps `attendee_count` only while the event is upcoming and not cancelled, has
   * room, and nobody waits (a newcomer never goes ahead of the line).
   */
  async takeSpot(tx: Queries, eventId: number, now: number): Promise<boolean> {
    const changed = await tx.run(
      sql`UPDATE events SET attendee_count = attendee_count + 1
          WHERE id = ${eventId} AND ${openSql(now)} AND waitlist_count = 0 AND (capacity IS NULL OR attendee_count < capacity)`,
    );
    return changed === 1;
  }

  /**
   * Gives a spot back while the event is upcoming and not cancelled; answers the event's counters
   * after it (so the caller knows whom to promote without reading the row again), or undefined
   * when nothing changed.
   */
  async releaseSpot(tx: Queries, eventId: number, now: number): Promise<Spots | undefined> {
    return tx.one<Spots>(
      sql`UPDATE events SET attendee_count = attendee_count - 1
          WHERE id = ${eventId} AND ${openSql(now)} AND attendee_count > 0 RETURNING ${SPOTS}`,
    );
  }

  /** A place at the end of the line: only while the event is upcoming, not cancelled and full. */
  async takePlaceInLine(tx: Queries, eventId: number, now: number): Promise<boolean> {
    const changed = await tx.run(
      sql`UPDATE events SET waitlist_count = waitlist_count + 1
          WHERE id = ${eventId} AND ${openSql(now)} AND capacity IS NOT NULL AND attendee_count >= capacity`,
    );
    return changed === 1;
  }

  /** Gives a place in line back while the event is upcoming and not cancelled. */
  async releasePlaceInLine(tx: Queries, eventId: number, now: number): Promise<boolean> {
    const changed = await tx.run(
      sql`UPDATE events SET waitlist_count = waitlist_count - 1
          WHERE id = ${eventId} AND ${openSql(now)} AND waitlist_count > 0`,
    );
    return changed === 1;
  }

  /**
   * Gives back what a row of `status` holds on the event's counters (a spot, a place in line, a
   * pending request; a declined row holds nothing), whatever the event's state, so they stay
   * true when the row goes for another reason than the person's choice (their account is
   * deleted). Answers the counters after it, as `releaseSpot` does (none for a declined row).
   */
  releaseHeld(
    tx: Queries,
    eventId: number,
    status: RegistrationStatus,
  ): Promise<Spots | undefined> {
    if (status === 'declined') return Promise.resolve(undefined);
    const counter = raw(HELD_COUNTERS[status]);
    return tx.one<Spots>(
      sql`UPDATE events SET ${counter} = ${counter} - 1 WHERE id = ${eventId} RETURNING ${SPOTS}`,
    );
  }

  /** The user's rows (every status), in event id order. */
  heldBy(tx: Queries, userId: number) {
    return tx.all<{ eventId: number; status: RegistrationStatus }>(
      sql`SELECT event_id AS "eventId", status FROM registrations WHERE user_id = ${userId}
          ORDER BY event_id ASC`,
    );
  }

  /** The unique (event, user) row; false when the user already has one (of any status). */
  async insert(
    tx: Queries,
    eventId: number,
    userId: number,
    status: RegistrationStatus,
    now: number,
    { answers, ticket }: NewRegistration,
  ): Promise<boolean> {
    const inserted = await tx.run(
      sql`INSERT INTO registrations
            (event_id, user_id, status, created_at, answers, ticket_code, ticket_hash)
          VALUES (${eventId}, ${userId}, ${status}, ${now}, ${answers}, ${ticket.code},
            ${ticket.hash})
          ON CONFLICT (event_id, user_id) DO NOTHING`,
    );
    return inserted === 1;
  }

  async delete(
    tx: Queries,
    eventId: number,
    userId: number,
    status: RegistrationStatus,
  ): Promise<boolean> {
    const deleted = await tx.run(
      sql`DELETE FROM registrations
          WHERE event_id = ${eventId} AND user_id = ${userId} AND status = ${status}`,
    );
    return deleted === 1;
  }

  /** Whether anyone has a row: registered, waiting, requested or declined. */
  async anyFor(tx: Queries, eventId: number): Promise<boolean> {
    const row = await tx.one(
      sql`SELECT 1 AS one FROM registrations WHERE event_id = ${eventId} LIMIT 1`,
    );
    return row !== undefined;
  }

  async statusOf(
    tx: Queries,
    eventId: number,
    userId: number,
  ): Promise<RegistrationStatus | undefined> {
    const row = await tx.one<{ status: RegistrationStatus }>(
      sql`SELECT status FROM registrations WHERE event_id = ${eventId} AND user_id = ${userId}`,
    );
    return row?.status;
  }

  /**
   * Moves the first `count` people in line onto the attendees (see `spotsToFill`), registered as
   * of `now`, inside the transaction that freed their spots (whose UPDATE holds the event's row).
   * Answers who moved (each is told), in line order.
   */
  async promote(tx: Queries, eventId: number, count: number, now: number): Promise<number[]> {
    if (count <= 0) return [];
    const promoted = await tx.all<{ id: number; userId: number }>(
      sql`UPDATE registrations SET status = 'attending', created_at = ${now}
          WHERE id IN (SELECT id FROM registrations
            WHERE event_id = ${eventId} AND status = 'waiting' ORDER BY id ASC LIMIT ${count})
          RETURNING id, user_id AS "userId"`,
    );
    await tx.run(
      sql`UPDATE events SET attendee_count = attendee_count + ${promoted.length},
            waitlist_count = waitlist_count - ${promoted.length} WHERE id = ${eventId}`,
    );
    return promoted.sort((a, b) => a.id - b.id).map((row) => row.userId);
  }
}
