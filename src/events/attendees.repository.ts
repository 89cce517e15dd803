import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { Sql, sql } from '../database/sql';
import type { RegistrationStatus } from './registrations.repository';

/** One registration of an event with its person, as stored (epoch-ms time, column status). */
export interface AttendeeRow {
  /** the registration's id: its place in line, and the paging cursor */
  registrationId: number;
  id: number;
  username: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  status: RegistrationStatus;
  /** epoch ms: when they registered, joined the line, or were promoted */
  registeredAt: number;
}

/**
 * Where a page of the export starts: after registration `afterId` among the rows of `status`.
 * Attendees come first, then the waiting list, each in id order (the (event, status, id) index).
 */
export interface AttendeeCursor {
  status: RegistrationStatus;
  afterId: number;
}

export const FIRST_PAGE: AttendeeCursor = { status: 'attending', afterId: 0 };

/** A page of rows and where the next one starts (undefined after the last). */
export interface AttendeePage {
  rows: AttendeeRow[];
  next?: AttendeeCursor;
}

const ROW = sql`SELECT r.id AS "registrationId", u.id AS id, u.username AS username,
    u.email AS email, u.first_name AS "firstName", u.last_name AS "lastName",
    r.status AS status, r.created_at AS "registeredAt"
  FROM registrations r JOIN users u ON u.id = r.user_id`;

/**
 * The people of one event with their contact details, for its owner: all at once (the JSON
 * list) or page by page with keyset paging (the CSV export, which must not hold them all). The
 * event id comes from a guard that loaded the event, so it is a stored one.
 */
@Injectable()
export class AttendeesRepository {
  constructor(private readonly db: Database) {}

  /** Every row in one query: attendees by id, then the waiting list by id. */
  all(eventId: number): Promise<AttendeeRow[]> {
    return this.db.all<AttendeeRow>(
      sql`${ROW} WHERE r.event_id = ${eventId} ORDER BY r.status ASC, r.id ASC`,
    );
  }

  /**
   * At most `size` rows from `cursor` on: one indexed range scan, however deep into the list,
   * so paging through 100,000 people costs the same per page.
   */
  async page(eventId: number, cursor: AttendeeCursor, size: number): Promise<AttendeePage> {
    const rows = await this.db.all<AttendeeRow>(pageQuery(eventId, cursor, size));
    return { rows, next: nextCursor(cursor, rows, size) };
  }
}

function pageQuery(eventId: number, { status, afterId }: AttendeeCursor, size: number): Sql {
  return sql`${ROW} WHERE r.event_id = ${eventId} AND r.status = ${status} AND r.id > ${afterId}
    ORDER BY r.id ASC LIMIT ${size}`;
}

/** A full page may have more after it; a short one ends its status (attendees → waiting list). */
function nextCursor(
  cursor: AttendeeCursor,
  rows: AttendeeRow[],
  size: number,
): AttendeeCursor | undefined {
  const last = rows.at(-1);
  if (rows.length === size && last) return { status: cursor.status, afterId: last.registrationId };
  return cursor.status === 'attending' ? { status: 'waiting', afterId: 0 } : undefined;
}
