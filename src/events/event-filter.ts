import { join, Sql, sql } from '../database/sql';
import { EventStatus } from './dto/list-events-query.dto';
import { foldCase } from './entities/event.entity';
import { EventCategory } from './event-attributes';

/**
 * Ids are `integer` columns, 32-bit on PostgreSQL, where comparing one with a larger number is an
 * error ("out of range for type integer"), not a miss. Such an id cannot exist: it matches nothing.
 */
const MAX_ID = 2_147_483_647;
export const storable = (id: number) => id <= MAX_ID;
export interface EventFilter {
  ownerId?: number;
  attendeeId?: number;
  waitlistedId?: number;
  categories?: readonly EventCategory[];
  status?: EventStatus;
  /** epoch ms */
  startsAfter?: number;
  /** epoch ms */
  startsBefore?: number;
  q?: string;
  hasSpots?: boolean;
}

/** `%`, `_` and the escape character itself are literal in `q`. */
function likePattern(q: string): string {
  return `%${foldCase(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE clause of a list filter (empty without conditions, so COUNT(*) stays cheap). */
export function whereOf(filter: EventFilter, now: number): Sql {
  const { ownerId, attendeeId, waitlistedId } = filter;
  if ([ownerId, attendeeId, waitlistedId].some((id) => id !== undefined && !storable(id))) {
    // A user that cannot exist owns and attends nothing; its id must not reach PostgreSQL.
    return sql` WHERE 1 = 0`;
  }
  const conditions: Sql[] = [];
  if (ownerId !== undefined) conditions.push(sql`e.owner_id = ${ownerId}`);
  if (attendeeId !== undefined) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM registrations ra WHERE ra.event_id = e.id
            AND ra.user_id = ${attendeeId} AND ra.status = 'attending')`,
    );
  }
  if (waitlistedId !== undefined) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM registrations rw WHERE rw.event_id = e.id
            AND rw.user_id = ${waitlistedId} AND rw.status = 'waiting')`,
    );
  }
  if (filter.categories !== undefined) {
    conditions.push(
      sql`e.category IN (${join(
        filter.categories.map((c) => sql`${c}`),
        ', ',
      )})`,
    );
  }
  // A cancelled event is only `cancelled`, whatever the clock says.
  if (filter.status === 'cancelled') conditions.push(sql`e.cancelled_at IS NOT NULL`);
  if (filter.status === 'upcoming')
    conditions.push(sql`e.cancelled_at IS NULL AND e.starts_at > ${now}`);
  if (filter.status === 'ongoing') {
    conditions.push(sql`e.cancelled_at IS NULL AND e.starts_at <= ${now} AND e.ends_at > ${now}`);
  }
  if (filter.status === 'past')
    conditions.push(sql`e.cancelled_at IS NULL AND e.ends_at <= ${now}`);
  if (filter.startsAfter !== undefined) {
    conditions.push(sql`e.starts_at >= ${filter.startsAfter}`);
  }
  if (filter.startsBefore !== undefined) {
    conditions.push(sql`e.starts_at <= ${filter.startsBefore}`);
  }
  if (filter.q !== undefined && filter.q !== '') {
    conditions.push(sql`e.search_text LIKE ${likePattern(filter.q)} ESCAPE '\\'`);
  }
  if (filter.hasSpots !== undefined) {
    // Can take a registration: upcoming, not cancelled, not full (nobody waits when a spot is free).
    const open = sql`(e.starts_at > ${now} AND e.cancelled_at IS NULL
      AND (e.capacity IS NULL OR e.attendee_count < e.capacity))`;
    conditions.push(filter.hasSpots ? open : sql`NOT ${open}`);
  }
  return conditions.length ? sql` WHERE ${join(conditions, ' AND ')}` : sql``;
}
