import { Injectable } from '@nestjs/common';
import { Queries } from '../database/database';
import { sql } from '../database/sql';

/** A row of `registrations`: attending, or waiting in line (the unique (event, user) row). */
export type RegistrationStatus = 'attending' | 'waiting';

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
          WHERE id = ${eventId} AND starts_at > ${now} AND cancelled_at IS NULL
            AND waitlist_count = 0 AND (capacity IS NULL OR attendee_count < capacity)`,
    );
    return changed === 1;
  }

  /**
   * Gives a spot back while the event is upcoming and not cancelled; answers how many people wait
   * for it (so the caller promotes only when someone does), or undefined when nothing changed.
   */
  async releaseSpot(tx: Queries, eventId: number, now: number): Promise<number | undefined> {
    const row = await tx.one<{ waiting: number }>(
      sql`UPDATE events SET attendee_count = attendee_count - 1
          WHERE id = ${eventId} AND starts_at > ${now} AND cancelled_at IS NULL
            AND attendee_count > 0
          RETURNING waitlist_count AS waiting`,
    );
    return row?.waiting;
  }

  /** A place at the end of the line: only while the event is upcoming, not cancelled and full. */
  async takePlaceInLine(tx: Queries, eventId: number, now: number): Promise<boolean> {
    const changed = await tx.run(
      sql`UPDATE events SET waitlist_count = waitlist_count + 1
          WHERE id = ${eventId} AND starts_at > ${now} AND cancelled_at IS NULL
            AND capacity IS NOT NULL AND attendee_count >= capacity`,
    );
    return changed === 1;
  }

  /** Gives a place in line back while the event is upcoming and not cancelled. */
  async releasePlaceInLine(tx: Queries, eventId: number, now: number): Promise<boolean> {
    const changed = await tx.run(
      sql`UPDATE events SET waitlist_count = waitlist_count - 1
          WHERE id = ${eventId} AND starts_at > ${now} AND cancelled_at IS NULL
            AND waitlist_count > 0`,
    );
    return changed === 1;
  }

  /** The unique (event, user) row; false when the user already has one (attending or waiting). */
  async insert(
    tx: Queries,
    eventId: number,
    userId: number,
    status: RegistrationStatus,
    now: number,
  ): Promise<boolean> {
    const inserted = await tx.run(
      sql`INSERT INTO registrations (event_id, user_id, status, created_at)
          VALUES (${eventId}, ${userId}, ${status}, ${now})
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
   * Fills free spots from the head of the line, inside the transaction that freed them: while the
   * event is upcoming and not cancelled, up to `capacity - attendee_count` people (everyone, for
   * an unlimited event) become attendees in join order, registered as of `now`. Answers how many.
   * The event's row is locked by the caller's earlier UPDATE (or by the read here).
   */
  async promote(tx: Queries, eventId: number, now: number): Promise<number> {
    const event = await tx.one<{
      capacity: number | null;
      attendee_count: number;
      waitlist_count: number;
    }>(
      sql`SELECT capacity, attendee_count, waitlist_count FROM events
          WHERE id = ${eventId} AND starts_at > ${now} AND cancelled_at IS NULL${tx.forUpdate}`,
    );
    if (!event || event.waitlist_count === 0) return 0;
    const free =
      event.capacity === null
        ? event.waitlist_count
        : Math.min(event.capacity - event.attendee_count, event.waitlist_count);
    if (free <= 0) return 0;
    const promoted = await tx.run(
      sql`UPDATE registrations SET status = 'attending', created_at = ${now}
          WHERE id IN (SELECT id FROM registrations
            WHERE event_id = ${eventId} AND status = 'waiting' ORDER BY id ASC LIMIT ${free})`,
    );
    await tx.run(
      sql`UPDATE events SET attendee_count = attendee_count + ${promoted},
            waitlist_count = waitlist_count - ${promoted} WHERE id = ${eventId}`,
    );
    return promoted;
  }
}
