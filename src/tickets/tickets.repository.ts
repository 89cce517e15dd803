import { Injectable } from '@nestjs/common';
import { Database, Queries } from '../database/database';
import { sql } from '../database/sql';
import { checkInOpenSql } from './check-in-window';

/** An attending registration's ticket as its owner sees it. */
export interface TicketRow {
  code: string;
  /** epoch ms, null until checked in */
  checkedInAt: number | null;
}

/** Whose ticket a code is, and when it was checked in. */
export interface ScannedRow {
  userId: number;
  username: string;
  /** epoch ms, null until checked in */
  checkedInAt: number | null;
}

/**
 * Tickets and check-ins. A code is only ever looked up by its SHA-256 (`ticket_hash`, unique
 * index), never by the code itself, so how long a lookup takes says nothing about the codes that
 * exist; only attending rows have valid tickets (a decline voids the code; unregistering and
 * withdrawing delete the row).
 */
@Injectable()
export class TicketsRepository {
  constructor(private readonly db: Database) {}

  ticketOf(eventId: number, userId: number): Promise<TicketRow | undefined> {
    return this.db.one<TicketRow>(
      sql`SELECT ticket_code AS code, checked_in_at AS "checkedInAt" FROM registrations
          WHERE event_id = ${eventId} AND user_id = ${userId} AND status = 'attending'
            AND ticket_code IS NOT NULL`,
    );
  }

  /**
   * Checks in the ticket with this hash, once: the row changes only while it is not checked in
   * and the event takes check-ins, so of concurrent scans exactly one changes it. Answers whom
   * this call checked in, or undefined when it changed nothing.
   */
  async checkIn(
    tx: Queries,
    eventId: number,
    hash: string,
    now: number,
  ): Promise<number | undefined> {
    const row = await tx.one<{ userId: number }>(
      sql`UPDATE registrations SET checked_in_at = ${now}
          WHERE event_id = ${eventId} AND ticket_hash = ${hash} AND status = 'attending'
            AND checked_in_at IS NULL
            AND EXISTS (SELECT 1 FROM events e WHERE e.id = ${eventId} AND ${checkInOpenSql(now)})
          RETURNING user_id AS "userId"`,
    );
    return row?.userId;
  }

  /** The valid ticket with this hash on this event, whoever holds it. */
  scanned(eventId: number, hash: string): Promise<ScannedRow | undefined> {
    return this.db.one<ScannedRow>(
      sql`SELECT r.user_id AS "userId", u.username AS username, r.checked_in_at AS "checkedInAt"
          FROM registrations r JOIN users u ON u.id = r.user_id
          WHERE r.event_id = ${eventId} AND r.ticket_hash = ${hash} AND r.status = 'attending'`,
    );
  }

  /** Undoes a check-in; false when the user holds no ticket for the event. */
  async undo(eventId: number, userId: number): Promise<boolean> {
    const changed = await this.db.run(
      sql`UPDATE registrations SET checked_in_at = NULL
          WHERE event_id = ${eventId} AND user_id = ${userId} AND status = 'attending'`,
    );
    return changed === 1;
  }
}
