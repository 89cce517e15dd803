import { Injectable } from '@nestjs/common';
import { Queries } from '../database/database';
import { sql } from '../database/sql';

/**
 * The statements of the capacity rule (see `RegistrationsService`, which runs them in one
 * transaction). Each answers whether it changed a row, so the rule never reads and then writes.
 */
@Injectable()
export class RegistrationsRepository {
  /**
   * Takes a spot: bumps `attendee_count` only while the event has not started and has room. On
   * PostgreSQL the UPDATE row-locks the event, so racing registrations queue here and re-check.
   */
  async takeSpot(tx: Queries, eventId: number, now: number): Promise<boolean> {
    const changed = await tx.run(
      sql`UPDATE events SET attendee_count = attendee_count + 1
          WHERE id = ${eventId} AND starts_at > ${now}
            AND (capacity IS NULL OR attendee_count < capacity)`,
    );
    return changed === 1;
  }

  /** Gives a spot back while the event has not started (row-locking it, like `takeSpot`). */
  async releaseSpot(tx: Queries, eventId: number, now: number): Promise<boolean> {
    const changed = await tx.run(
      sql`UPDATE events SET attendee_count = attendee_count - 1
          WHERE id = ${eventId} AND starts_at > ${now} AND attendee_count > 0`,
    );
    return changed === 1;
  }

  /** The unique (event, user) row; false when the user already has one. */
  async insert(tx: Queries, eventId: number, userId: number, now: number): Promise<boolean> {
    const inserted = await tx.run(
      sql`INSERT INTO registrations (event_id, user_id, created_at)
          VALUES (${eventId}, ${userId}, ${now}) ON CONFLICT (event_id, user_id) DO NOTHING`,
    );
    return inserted === 1;
  }

  async delete(tx: Queries, eventId: number, userId: number): Promise<boolean> {
    const deleted = await tx.run(
      sql`DELETE FROM registrations WHERE event_id = ${eventId} AND user_id = ${userId}`,
    );
    return deleted === 1;
  }

  async exists(tx: Queries, eventId: number, userId: number): Promise<boolean> {
    const row = await tx.one(
      sql`SELECT 1 AS found FROM registrations WHERE event_id = ${eventId} AND user_id = ${userId}`,
    );
    return row !== undefined;
  }
}
