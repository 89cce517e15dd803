import { Injectable } from '@nestjs/common';
import { Database, Queries } from '../database/database';
import { join, raw, sql } from '../database/sql';
import { EventFilter, storable } from './event-filter';
import { Page, PageRequest, readPage } from './event-page';
import { EVENT_ROW_COLUMNS, EventRow } from './event-row';
import { COLUMN_NAMES, EventColumns, StoredEvent } from './event-columns';
import type { RegistrationStatus } from './registrations.repository';
import type { EventRole } from '../access/event-access';
import { roleOf, visibleTo } from '../access/access.sql';

export interface Person {
  id: number;
  username: string;
}

/**
 * What the guards need of an event: who owns it, the caller's role, whether published, its
 * version, when it starts and ends, whether cancelled, and what registering takes (questions,
 * approval).
 */
export interface EventGuardRow {
  id: number;
  ownerId: number;
  role: EventRole | null;
  /** 0 or 1 */
  published: number;
  version: number;
  /** epoch ms */
  startsAt: number;
  /** epoch ms */
  endsAt: number;
  /** epoch ms, null while not cancelled */
  cancelledAt: number | null;
  /** the JSON list of questions */
  questions: string;
  /** 0 or 1 */
  requiresApproval: number;
}

/** The columns of a `StoredEvent`, from `events` unaliased. */
export const STORED_EVENT_COLUMNS = sql`id, owner_id AS "ownerId", name, description, location,
  starts_at AS "startsAt", ends_at AS "endsAt", capacity, category, time_zone AS "timeZone",
  version, cancelled_at AS "cancelledAt", attendee_count AS "attendeeCount",
  waitlist_count AS "waitlistCount", published, questions,
  requires_approval AS "requiresApproval", series_id AS "seriesId"`;

export const FROM_EVENTS = sql`FROM events e JOIN users o ON o.id = e.owner_id`;

/** Event reads as rows (one page = one query + one count, never N+1) and event writes. */
@Injectable()
export class EventsRepository {
  constructor(private readonly db: Database) {}

  /** One page of the list and its total (see `readPage`). */
  findPage(filter: EventFilter, page: PageRequest, viewerId: number, now: number): Promise<Page> {
    return readPage(this.db, filter, page, viewerId, now);
  }

  async findRow(
    id: number,
    viewer: { id: number; isAdmin: boolean },
    db: Queries = this.db,
  ): Promise<EventRow | undefined> {
    if (!storable(id)) return undefined;
    return db.one<EventRow>(
      sql`SELECT ${EVENT_ROW_COLUMNS(viewer)} ${FROM_EVENTS} WHERE e.id = ${id}`,
    );
  }

  /**
   * The events a user's calendar feed holds, as the user sees them: those they attend or wait
   * for and those they own, that ended at `endedAfter` or later. Two index lookups (registrations
   * by user, events by owner), never a scan of all events.
   */
  feedRows(userId: number, endedAfter: number): Promise<EventRow[]> {
    const viewer = { id: userId, isAdmin: false };
    return this.db.all<EventRow>(
      sql`SELECT ${EVENT_ROW_COLUMNS(viewer)} ${FROM_EVENTS}
          WHERE e.id IN (SELECT event_id FROM registrations WHERE user_id = ${userId}
                           AND status IN ('attending', 'waiting')
                         UNION SELECT id FROM events WHERE owner_id = ${userId})
            AND e.ends_at >= ${endedAfter} AND ${visibleTo(viewer)!}
          ORDER BY e.starts_at ASC, e.id ASC`,
    );
  }

  /** The small row the event guards decide on (one bound statement on every event write). */
  findForGuard(id: number, viewerId: number): Promise<EventGuardRow | undefined> {
    if (!storable(id)) return Promise.resolve(undefined);
    return this.db.one<EventGuardRow>(
      sql`SELECT e.id AS id, e.owner_id AS "ownerId", ${roleOf(viewerId)} AS role,
            e.published AS published, e.version AS version, e.starts_at AS "startsAt", e.ends_at AS "endsAt",
            e.cancelled_at AS "cancelledAt", e.questions AS questions,
            e.requires_approval AS "requiresApproval" FROM events e WHERE e.id = ${id}`,
    );
  }

  /** The event inside a transaction, its row locked until the transaction ends. */
  findForUpdate(tx: Queries, id: number): Promise<StoredEvent | undefined> {
    if (!storable(id)) return Promise.resolve(undefined);
    return tx.one<StoredEvent>(
      sql`SELECT ${STORED_EVENT_COLUMNS} FROM events WHERE id = ${id}${tx.forUpdate}`,
    );
  }

  /** The events `ownerId` owns, in id order (the order every multi-event change locks in), locked. */
  lockOwned(tx: Queries, ownerId: number): Promise<StoredEvent[]> {
    return tx.all<StoredEvent>(
      sql`SELECT ${STORED_EVENT_COLUMNS} FROM events WHERE owner_id = ${ownerId}
          ORDER BY id ASC${tx.forUpdate}`,
    );
  }

  /**
   * The attendees in registration order and the waiting list in queue order: one query, in the
   * order of the (event, status, id) index.
   */
  async people(
    eventId: number,
    db: Queries = this.db,
  ): Promise<{ attendees: Person[]; waitlist: Person[] }> {
    const people = { attendees: [] as Person[], waitlist: [] as Person[] };
    if (!storable(eventId)) return people;
    const rows = await db.all<Person & { status: RegistrationStatus }>(
      sql`SELECT u.id AS id, u.username AS username, r.status AS status FROM registrations r
          JOIN users u ON u.id = r.user_id
          WHERE r.event_id = ${eventId} AND r.status IN ('attending', 'waiting')
          ORDER BY r.status ASC, r.id ASC`,
    );
    for (const { status, ...person } of rows) {
      (status === 'attending' ? people.attendees : people.waitlist).push(person);
    }
    return people;
  }

  async insert(event: EventColumns, db: Queries = this.db): Promise<number> {
    const names = Object.keys(event) as (keyof EventColumns)[];
    const row = await db.one<{ id: number }>(
      sql`INSERT INTO events (${raw(names.map((name) => COLUMN_NAMES[name]).join(', '))})
          VALUES (${join(
            names.map((name) => sql`${event[name]}`),
            ', ',
          )}) RETURNING id`,
    );
    return row!.id;
  }

  /**
   * One conditional UPDATE of the given columns: a new capacity applies only if it still holds
   * every attendee at the moment of writing, whatever registrations happened since the event was
   * read. Answers whether the row changed.
   */
  async update(db: Queries, id: number, changes: Partial<EventColumns>): Promise<boolean> {
    // Every change of the event's own fields is a new version (the ETag).
    const assignments = (Object.keys(changes) as (keyof EventColumns)[]).map(
      (name) => sql`${raw(COLUMN_NAMES[name])} = ${changes[name]}`,
    );
    const capacity =
      changes.capacity === undefined || changes.capacity === null
        ? sql``
        : sql` AND attendee_count <= ${changes.capacity}`;
    const changed = await db.run(
      sql`UPDATE events SET ${join(assignments, ', ')}, version = version + 1
          WHERE id = ${id}${capacity}`,
    );
    return changed === 1;
  }

  /**
   * Marks the event cancelled (a new version) and empties its waiting list; answers who was
   * waiting (they are told of the cancellation too).
   */
  async cancel(tx: Queries, id: number, reason: string | null, now: number): Promise<number[]> {
    await tx.run(
      sql`UPDATE events SET cancelled_at = ${now}, cancellation_reason = ${reason},
            waitlist_count = 0, version = version + 1, updated_at = ${now} WHERE id = ${id}`,
    );
    const waiting = await tx.all<{ userId: number }>(
      sql`DELETE FROM registrations WHERE event_id = ${id} AND status = 'waiting'
          RETURNING user_id AS "userId"`,
    );
    return waiting.map((row) => row.userId);
  }

  /**
   * Deletes the event and with it its registrations; answers who was attending or waiting (they
   * are told of the deletion).
   */
  async delete(id: number, db: Queries = this.db): Promise<number[]> {
    const registered = await db.all<{ userId: number }>(
      sql`SELECT user_id AS "userId" FROM registrations
          WHERE event_id = ${id} AND status IN ('attending', 'waiting')`,
    );
    await db.run(sql`DELETE FROM events WHERE id = ${id}`);
    return registered.map((row) => row.userId);
  }
}
