import { Database, TextIndex, TextPlan } from '../database/database';
import { join, raw, Sql, sql } from '../database/sql';
import { EventSort, EventStatus } from './dto/list-events-query.dto';
import { foldCase } from './entities/event.entity';
import { EventCategory } from './event-attributes';
import { hostedBy, visibleTo } from '../access/access.sql';
import { openSql, statusSql } from './event-state';

/**
 * Ids are `integer` columns, 32-bit on PostgreSQL, where comparing one with a larger number is an
 * error ("out of range for type integer"), not a miss. Such an id cannot exist: it matches nothing.
 */
const MAX_ID = 2_147_483_647;
export const storable = (id: number) => id <= MAX_ID;
export interface EventFilter {
  /** who lists: decides which drafts exist for them (see `visibleTo`) */
  viewer: { id: number; isAdmin: boolean };
  ownerId?: number;
  /** events this user owns or hosts (`host=me`) */
  hostId?: number;
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
  /** occurrences of this series */
  seriesId?: number;
}

/** What `q` searches: the folded name and description, trigram-indexed (SearchIndex migration). */
export const SEARCH_TEXT: TextIndex = {
  table: raw('events e'),
  column: raw('e.search_text'),
  id: raw('e.id'),
  trigramTable: 'events_search',
};

/** `q` as it is compared: case-folded like the stored text; empty means no condition. */
export const searchedText = (q: string | undefined) => (q ? foldCase(q) : undefined);

/**
 * The filter and sort as one text, the same for every spelling of the same list (`owner=me` and
 * `owner=<own id>`, categories in any order, `q` in any letter case): a cursor is bound to it.
 */
export function canonicalFilter(filter: EventFilter, sort: EventSort): string {
  const categories = filter.categories && [...new Set(filter.categories)].sort().join(',');
  const fields = [
    sort,
    filter.ownerId,
    filter.attendeeId,
    filter.waitlistedId,
    categories,
    filter.status,
    filter.startsAfter,
    filter.startsBefore,
    searchedText(filter.q),
    filter.hasSpots,
    // Appended only when set, so cursors issued before the filter existed stay valid.
    ...(filter.hostId === undefined ? [] : [`host:${filter.hostId}`]),
    ...(filter.seriesId === undefined ? [] : [`series:${filter.seriesId}`]),
  ];
  return JSON.stringify(fields.map((field) => field ?? null));
}

/**
 * The conditions of a list filter, to be joined by AND (none: every event); `plan` says how `q`
 * is best read (see `chooseTextPlan`).
 */
export function conditionsOf(
  filter: EventFilter,
  now: number,
  db: Database,
  plan?: TextPlan,
): Sql[] {
  const { ownerId, attendeeId, waitlistedId, seriesId } = filter;
  if (
    [ownerId, attendeeId, waitlistedId, seriesId].some((id) => id !== undefined && !storable(id))
  ) {
    // A user or series that cannot exist owns and holds nothing; its id must not reach PostgreSQL.
    return [sql`1 = 0`];
  }
  const conditions: Sql[] = [];
  const visible = visibleTo(filter.viewer);
  if (visible) conditions.push(visible);
  if (ownerId !== undefined) conditions.push(sql`e.owner_id = ${ownerId}`);
  if (seriesId !== undefined) conditions.push(sql`e.series_id = ${seriesId}`);
  if (filter.hostId !== undefined) conditions.push(hostedBy(filter.hostId));
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
  // A cancelled event is only `cancelled`, whatever the clock says; a draft only `draft`, and
  // `status=draft` lists the caller's own and hosted drafts (an admin's list included).
  if (filter.status !== undefined) conditions.push(statusSql(filter.status, now, 'e'));
  if (filter.status === 'draft') conditions.push(hostedBy(filter.viewer.id));
  if (filter.startsAfter !== undefined) {
    conditions.push(sql`e.starts_at >= ${filter.startsAfter}`);
  }
  if (filter.startsBefore !== undefined) {
    conditions.push(sql`e.starts_at <= ${filter.startsBefore}`);
  }
  const text = searchedText(filter.q);
  if (text !== undefined) conditions.push(db.containsText(SEARCH_TEXT, text, plan));
  if (filter.hasSpots !== undefined) {
    // Can take a registration: upcoming, not cancelled, not full (nobody waits when a spot is free).
    const open = sql`(${openSql(now, 'e')}
      AND (e.capacity IS NULL OR e.attendee_count < e.capacity))`;
    conditions.push(filter.hasSpots ? open : sql`NOT ${open}`);
  }
  return conditions;
}

/** ` WHERE …` of the conditions; empty without any, so COUNT(*) stays on its fast path. */
export function whereOf(conditions: readonly Sql[]): Sql {
  return conditions.length ? sql` WHERE ${join(conditions, ' AND ')}` : sql``;
}
