import { Injectable } from '@nestjs/common';
import { Database, Queries } from '../database/database';
import { join, raw, sql } from '../database/sql';
import { EventSort } from './dto/list-events-query.dto';
import type { TotalRelation } from './dto/event-response.dto';
import { conditionsOf, EventFilter, storable, whereOf } from './event-filter';
import { EVENT_ROW_COLUMNS, EventRow } from './event-row';
import { EventCategory } from './event-attributes';
import type { RegistrationStatus } from './registrations.repository';
import type { Position } from './list-cursor';

export interface Person {
  id: number;
  username: string;
}

export interface PageRequest {
  sort: EventSort;
  limit: number;
  offset: number;
  /** keyset paging: the items after this position in the sort order (offset is then 0) */
  after?: Position;
  /** `total` counts at most this many matches (LIST_TOTAL_LIMIT) */
  totalLimit: number;
}

export interface Page {
  rows: EventRow[];
  /** the matches over all pages, counted up to the request's `totalLimit` */
  total: number;
  totalRelation: TotalRelation;
  /** the last row's position when more rows follow it */
  next?: Position;
}

/** What the guards need of an event: who owns it, its version, when it starts, whether cancelled. */
export interface EventGuardRow {
  id: number;
  ownerId: number;
  version: number;
  /** epoch ms */
  startsAt: number;
  /** epoch ms, null while not cancelled */
  cancelledAt: number | null;
}

/** What an update merges into (epoch-ms times). */
export interface StoredEvent {
  id: number;
  ownerId: number;
  name: string;
  description: string | null;
  location: string | null;
  startsAt: number;
  endsAt: number;
  capacity: number | null;
  category: EventCategory;
  timeZone: string;
  version: number;
  cancelledAt: number | null;
  attendeeCount: number;
  waitlistCount: number;
}

/** The columns an insert or update writes (derived search columns included). */
export interface EventColumns {
  ownerId: number;
  name: string;
  description: string | null;
  location: string | null;
  nameKey: string;
  searchText: string;
  startsAt: number;
  endsAt: number;
  capacity: number | null;
  category: EventCategory;
  timeZone: string;
  createdAt: number;
  updatedAt: number;
}

const COLUMN_NAMES: Record<keyof EventColumns, string> = {
  ownerId: 'owner_id',
  name: 'name',
  description: 'description',
  location: 'location',
  nameKey: 'name_key',
  searchText: 'search_text',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
  capacity: 'capacity',
  category: 'category',
  timeZone: 'time_zone',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/**
 * The column each sort orders by (then `id` ascending), each with its (key, id) index in both
 * directions, so that a page after a position is an index range however deep it is.
 */
const SORT_COLUMNS: Record<string, string> = {
  startsAt: 'e.starts_at',
  createdAt: 'e.created_at',
  name: 'e.name_key',
};

/** What kind of value a sort's key is (a cursor's position must hold one). */
export const sortKeyKind = (sort: EventSort): 'number' | 'string' =>
  sort.endsWith('name') ? 'string' : 'number';

const FROM_EVENTS = sql`FROM events e JOIN users o ON o.id = e.owner_id`;

/** Event reads as rows (one page = one query + one count, never N+1) and event writes. */
@Injectable()
export class EventsRepository {
  constructor(private readonly db: Database) {}

  /**
   * One page and the count of the matches up to `totalLimit` (one past it says that more exist,
   * so no request counts more than `totalLimit + 1` rows). One row more than the page is read: whether it exists
   * says whether a next page does. With `after`, the page starts behind that position: a range of
   * the sort's index, so its cost does not grow with its depth (an offset's does, though only by
   * index entries: the page's ids are chosen before any row is read or any column computed).
   */
  async findPage(
    filter: EventFilter,
    page: PageRequest,
    viewerId: number,
    now: number,
  ): Promise<Page> {
    const conditions = conditionsOf(filter, now, this.db);
    const descending = page.sort.startsWith('-');
    const column = raw(SORT_COLUMNS[page.sort.replace('-', '')] ?? 'e.starts_at');
    const { after } = page;
    const keyset = after
      ? descending
        ? sql`${column} <= ${after.key} AND (${column} < ${after.key} OR e.id > ${after.id})`
        : sql`${column} >= ${after.key} AND (${column} > ${after.key} OR e.id > ${after.id})`
      : undefined;
    // The page's ids first (an index range, or the offset skipped over index entries only),
    // then the rows and their per-viewer columns for those ids alone.
    const order = sql`${raw(descending ? 'DESC' : 'ASC')}`;
    const [rows, count] = await Promise.all([
      this.db.all<EventRow & { sort_key: number | string }>(
        sql`SELECT ${EVENT_ROW_COLUMNS(viewerId)}, p.sort_key AS sort_key
            FROM (SELECT e.id AS id, ${column} AS sort_key FROM events e
                  ${whereOf(keyset ? [...conditions, keyset] : conditions)}
                  ORDER BY ${column} ${order}, e.id ASC
                  LIMIT ${page.limit + 1} OFFSET ${after ? 0 : page.offset}) p
            JOIN events e ON e.id = p.id JOIN users o ON o.id = e.owner_id
            ORDER BY p.sort_key ${order}, p.id ASC`,
      ),
      this.db.one<{ total: number }>(
        sql`SELECT COUNT(*) AS total FROM (SELECT 1 AS one FROM events e${whereOf(conditions)}
            LIMIT ${page.totalLimit + 1}) c`,
      ),
    ]);
    const counted = count?.total ?? 0;
    const totals =
      counted > page.totalLimit
        ? { total: page.totalLimit, totalRelation: 'gte' as const }
        : { total: counted, totalRelation: 'eq' as const };
    if (rows.length <= page.limit) return { rows, ...totals };
    const last = rows[page.limit - 1]!;
    const next = { key: last.sort_key, id: last.id };
    return { rows: rows.slice(0, page.limit), ...totals, next };
  }

  async findRow(id: number, viewerId: number): Promise<EventRow | undefined> {
    if (!storable(id)) return undefined;
    return this.db.one<EventRow>(
      sql`SELECT ${EVENT_ROW_COLUMNS(viewerId)} ${FROM_EVENTS} WHERE e.id = ${id}`,
    );
  }

  /** The small row the event guards decide on (one bound statement on every event write). */
  findForGuard(id: number): Promise<EventGuardRow | undefined> {
    if (!storable(id)) return Promise.resolve(undefined);
    return this.db.one<EventGuardRow>(
      sql`SELECT id, owner_id AS "ownerId", version, starts_at AS "startsAt",
            cancelled_at AS "cancelledAt" FROM events WHERE id = ${id}`,
    );
  }

  /** The event inside a transaction, its row locked until the transaction ends. */
  findForUpdate(tx: Queries, id: number): Promise<StoredEvent | undefined> {
    if (!storable(id)) return Promise.resolve(undefined);
    return tx.one<StoredEvent>(
      sql`SELECT id, owner_id AS "ownerId", name, description, location,
            starts_at AS "startsAt", ends_at AS "endsAt", capacity, category,
            time_zone AS "timeZone", version, cancelled_at AS "cancelledAt",
            attendee_count AS "attendeeCount", waitlist_count AS "waitlistCount"
          FROM events WHERE id = ${id}${tx.forUpdate}`,
    );
  }

  /**
   * The attendees in registration order and the waiting list in queue order: one query, in the
   * order of the (event, status, id) index.
   */
  async people(eventId: number): Promise<{ attendees: Person[]; waitlist: Person[] }> {
    const people = { attendees: [] as Person[], waitlist: [] as Person[] };
    if (!storable(eventId)) return people;
    const rows = await this.db.all<Person & { status: RegistrationStatus }>(
      sql`SELECT u.id AS id, u.username AS username, r.status AS status FROM registrations r
          JOIN users u ON u.id = r.user_id WHERE r.event_id = ${eventId}
          ORDER BY r.status ASC, r.id ASC`,
    );
    for (const { status, ...person } of rows) {
      (status === 'attending' ? people.attendees : people.waitlist).push(person);
    }
    return people;
  }

  async insert(event: EventColumns): Promise<number> {
    const names = Object.keys(event) as (keyof EventColumns)[];
    const row = await this.db.one<{ id: number }>(
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

  /** Marks the event cancelled (a new version) and empties its waiting list. */
  async cancel(tx: Queries, id: number, reason: string | null, now: number): Promise<void> {
    await tx.run(
      sql`UPDATE events SET cancelled_at = ${now}, cancellation_reason = ${reason},
            waitlist_count = 0, version = version + 1, updated_at = ${now} WHERE id = ${id}`,
    );
    await tx.run(sql`DELETE FROM registrations WHERE event_id = ${id} AND status = 'waiting'`);
  }

  async delete(id: number, db: Queries = this.db): Promise<void> {
    await db.run(sql`DELETE FROM events WHERE id = ${id}`);
  }
}
