import { Injectable } from '@nestjs/common';
import { Database, Queries } from '../database/database';
import { raw, Sql, sql } from '../database/sql';
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
  /** epoch ms: when they registered, joined the line, requested, or were promoted */
  registeredAt: number;
  /** the answers as stored (JSON), null when none */
  answers: string | null;
  /** epoch ms, null until checked in */
  checkedInAt: number | null;
}

/** The list's order of statuses: attendees, the waiting list, requests, declined requests. */
export const STATUS_ORDER: readonly RegistrationStatus[] = [
  'attending',
  'waiting',
  'pending',
  'declined',
];

const STATUS_RANK = raw(
  `CASE r.status ${STATUS_ORDER.map((status, rank) => `WHEN '${status}' THEN ${rank}`).join(' ')} END`,
);

/**
 * Where a page of the export starts: after registration `afterId` among the rows of `status`.
 * The statuses come in `STATUS_ORDER`, each in id order (the (event, status, id) index).
 */
export interface AttendeeCursor {
  status: RegistrationStatus;
  afterId: number;
}

/** A page of rows and where the next one starts (undefined after the last). */
export interface AttendeePage {
  rows: AttendeeRow[];
  next?: AttendeeCursor;
}

const ROW = sql`SELECT r.id AS "registrationId", u.id AS id, u.username AS username,
    u.email AS email, u.first_name AS "firstName", u.last_name AS "lastName",
    r.status AS status, r.created_at AS "registeredAt", r.answers AS answers,
    r.checked_in_at AS "checkedInAt"
  FROM registrations r JOIN users u ON u.id = r.user_id`;

/**
 * The people of one event with their contact details, for its owner: all at once (the JSON
 * list) or page by page with keyset paging (the CSV export, which must not hold them all). The
 * event id comes from a guard that loaded the event, so it is a stored one.
 */
@Injectable()
export class AttendeesRepository {
  constructor(private readonly db: Database) {}

  /** Every row (of one status, if given) in one query, in `STATUS_ORDER`, each by id. */
  all(eventId: number, status?: RegistrationStatus): Promise<AttendeeRow[]> {
    const only = status === undefined ? sql`` : sql` AND r.status = ${status}`;
    return this.db.all<AttendeeRow>(
      sql`${ROW} WHERE r.event_id = ${eventId}${only} ORDER BY ${STATUS_RANK}, r.id ASC`,
    );
  }

  /** One person's row, inside the transaction that just changed it. */
  one(eventId: number, userId: number, db: Queries = this.db): Promise<AttendeeRow | undefined> {
    return db.one<AttendeeRow>(sql`${ROW} WHERE r.event_id = ${eventId} AND r.user_id = ${userId}`);
  }

  /**
   * At most `size` rows from `cursor` on: one indexed range scan, however deep into the list,
   * so paging through 100,000 people costs the same per page.
   */
  async page(
    eventId: number,
    cursor: AttendeeCursor,
    size: number,
    statuses: readonly RegistrationStatus[] = STATUS_ORDER,
  ): Promise<AttendeePage> {
    const rows = await this.db.all<AttendeeRow>(pageQuery(eventId, cursor, size));
    return { rows, next: nextCursor(cursor, rows, size, statuses) };
  }
}

function pageQuery(eventId: number, { status, afterId }: AttendeeCursor, size: number): Sql {
  return sql`${ROW} WHERE r.event_id = ${eventId} AND r.status = ${status} AND r.id > ${afterId}
    ORDER BY r.id ASC LIMIT ${size}`;
}

/** A full page may have more after it; a short one ends its status (on to the next in order). */
function nextCursor(
  cursor: AttendeeCursor,
  rows: AttendeeRow[],
  size: number,
  statuses: readonly RegistrationStatus[],
): AttendeeCursor | undefined {
  const last = rows.at(-1);
  if (rows.length === size && last) return { status: cursor.status, afterId: last.registrationId };
  const next = statuses[statuses.indexOf(cursor.status) + 1];
  return next === undefined ? undefined : { status: next, afterId: 0 };
}
