import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Sql } from '../database/sql';
import { EventSort, EventStatus } from './dto/list-events-query.dto';
import { EventEntity, foldCase } from './entities/event.entity';
import { EVENT_ROW_COLUMNS, EventRow } from './event-row';

export interface EventFilter {
  ownerId?: number;
  attendeeId?: number;
  status?: EventStatus;
  startsAfter?: Date;
  startsBefore?: Date;
  q?: string;
  hasSpots?: boolean;
}

export interface PageRequest {
  sort: EventSort;
  limit: number;
  offset: number;
}

const SORT_COLUMNS: Record<string, string> = {
  startsAt: 'e.starts_at',
  createdAt: 'e.created_at',
  name: 'e.name_key',
};

/** `%`, `_` and the escape character itself are literal in `q`. */
function likePattern(q: string): string {
  return `%${foldCase(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Ids are `integer` columns, 32-bit on PostgreSQL, where comparing one with a larger number is an
 * error ("out of range for type integer"), not a miss. Such an id cannot exist: it matches nothing.
 */
const MAX_ID = 2_147_483_647;
const storable = (id: number) => id <= MAX_ID;

interface Where {
  sql: string;
  params: unknown[];
}

/** Event reads as raw rows: no entity hydration, no N+1 (one page = one query + one count). */
@Injectable()
export class EventsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {}

  async findPage(
    filter: EventFilter,
    page: PageRequest,
    viewerId: number,
    now: number,
  ): Promise<{ rows: EventRow[]; total: number }> {
    const where = this.filtered(filter, now);
    const direction = page.sort.startsWith('-') ? 'DESC' : 'ASC';
    const column = SORT_COLUMNS[page.sort.replace('-', '')] ?? 'e.starts_at';
    const [rows, count] = await Promise.all([
      this.sql.all<EventRow>(
        `SELECT ${EVENT_ROW_COLUMNS} FROM events e JOIN users o ON o.id = e.owner_id${where.sql} ` +
          `ORDER BY ${column} ${direction}, e.id ASC LIMIT ? OFFSET ?`,
        [viewerId, ...where.params, page.limit, page.offset],
      ),
      this.sql.one<{ total: number | string }>(
        `SELECT COUNT(*) AS total FROM events e${where.sql}`,
        where.params,
      ),
    ]);
    return { rows, total: Number(count?.total ?? 0) };
  }

  async findRow(id: number, viewerId: number): Promise<EventRow | undefined> {
    if (!storable(id)) return undefined;
    return this.sql.one<EventRow>(
      `SELECT ${EVENT_ROW_COLUMNS} FROM events e JOIN users o ON o.id = e.owner_id WHERE e.id = ?`,
      [viewerId, id],
    );
  }

  /** The stored event, for the guards (one bound statement: they run on every event write). */
  async findEntity(id: number): Promise<EventEntity | null> {
    if (!storable(id)) return null;
    type Value = string | number | null;
    type Row = Record<
      | 'id'
      | 'owner_id'
      | 'name'
      | 'description'
      | 'location'
      | 'name_key'
      | 'search_text'
      | 'starts_at'
      | 'ends_at'
      | 'capacity'
      | 'attendee_count'
      | 'created_at'
      | 'updated_at',
      Value
    >;
    const row = await this.sql.one<Row>(
      'SELECT id, owner_id, name, description, location, name_key, search_text, starts_at, ' +
        'ends_at, capacity, attendee_count, created_at, updated_at FROM events WHERE id = ?',
      [id],
    );
    if (!row) return null;
    const n = (value: Value) => Number(value);
    const text = (value: Value) => (value === null ? null : String(value));
    return Object.assign(new EventEntity(), {
      id: n(row.id),
      ownerId: n(row.owner_id),
      name: String(row.name),
      description: text(row.description),
      location: text(row.location),
      nameKey: String(row.name_key),
      searchText: String(row.search_text),
      startsAt: new Date(n(row.starts_at)),
      endsAt: new Date(n(row.ends_at)),
      capacity: row.capacity === null ? null : n(row.capacity),
      attendeeCount: n(row.attendee_count),
      createdAt: new Date(n(row.created_at)),
      updatedAt: new Date(n(row.updated_at)),
    });
  }

  async attendees(eventId: number): Promise<{ id: number; username: string }[]> {
    if (!storable(eventId)) return [];
    const rows = await this.sql.all<{ id: number | string; username: string }>(
      'SELECT u.id AS id, u.username AS username FROM registrations r ' +
        'JOIN users u ON u.id = r.user_id WHERE r.event_id = ? ORDER BY r.id ASC',
      [eventId],
    );
    return rows.map((row) => ({ id: Number(row.id), username: row.username }));
  }

  async insert(event: Omit<EventEntity, 'id' | 'attendeeCount'>): Promise<number> {
    const result = await this.dataSource.getRepository(EventEntity).insert(event);
    return Number((result.identifiers[0] as { id: number }).id);
  }

  /**
   * One conditional UPDATE: a new capacity applies only if it still holds every attendee at the
   * moment of writing, whatever registrations happened since the event was read.
   */
  async update(id: number, changes: Partial<EventEntity>): Promise<boolean> {
    const query = this.dataSource
      .createQueryBuilder()
      .update(EventEntity)
      .set(changes)
      .where('id = :id', { id });
    if (changes.capacity !== undefined && changes.capacity !== null) {
      query.andWhere('attendee_count <= :capacity', { capacity: changes.capacity });
    }
    const result = await query.execute();
    return result.affected === 1;
  }

  async delete(id: number): Promise<void> {
    await this.dataSource.getRepository(EventEntity).delete({ id });
  }

  /** The WHERE clause of a filter (empty without conditions, so COUNT(*) stays cheap). */
  private filtered(filter: EventFilter, now: number): Where {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, ...values: unknown[]) => {
      conditions.push(condition);
      params.push(...values);
    };
    const { ownerId, attendeeId } = filter;
    if ([ownerId, attendeeId].some((id) => id !== undefined && !storable(id))) {
      // A user that cannot exist owns and attends nothing; its id must not reach PostgreSQL.
      return { sql: ' WHERE 1 = 0', params: [] };
    }
    if (ownerId !== undefined) add('e.owner_id = ?', ownerId);
    if (attendeeId !== undefined) {
      add(
        'EXISTS (SELECT 1 FROM registrations ra WHERE ra.event_id = e.id AND ra.user_id = ?)',
        attendeeId,
      );
    }
    if (filter.status === 'upcoming') add('e.starts_at > ?', now);
    if (filter.status === 'ongoing') add('e.starts_at <= ? AND e.ends_at > ?', now, now);
    if (filter.status === 'past') add('e.ends_at <= ?', now);
    if (filter.startsAfter) add('e.starts_at >= ?', filter.startsAfter.getTime());
    if (filter.startsBefore) add('e.starts_at <= ?', filter.startsBefore.getTime());
    if (filter.q !== undefined && filter.q !== '') {
      add("e.search_text LIKE ? ESCAPE '\\'", likePattern(filter.q));
    }
    if (filter.hasSpots !== undefined) {
      const open = '(e.starts_at > ? AND (e.capacity IS NULL OR e.attendee_count < e.capacity))';
      add(filter.hasSpots ? open : `NOT ${open}`, now);
    }
    return { sql: conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '', params };
  }
}
