import { Database } from '../database/database';
import { raw, Sql, sql } from '../database/sql';
import type { TotalRelation } from './dto/event-response.dto';
import { EventSort } from './dto/list-events-query.dto';
import { conditionsOf, EventFilter, SEARCH_TEXT, searchedText, whereOf } from './event-filter';
import { EVENT_ROW_COLUMNS, EventRow } from './event-row';
import type { Position } from './list-cursor';
import { chooseTextPlan } from './search-plan';

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

/**
 * One page and the count of the matches up to `totalLimit`: one row past it says that more exist,
 * so no request counts more than `totalLimit + 1` rows. One row more than the page is read:
 * whether it exists says whether a next page does. With `after`, the page starts behind that
 * position: a range of the sort's index, so its cost does not grow with its depth (an offset's
 * does, though only by index entries: the page's ids are chosen before any row is read or any
 * column computed). `q` is read the way `chooseTextPlan` finds cheaper for this page.
 */
export async function readPage(
  db: Database,
  filter: EventFilter,
  page: PageRequest,
  viewerId: number,
  now: number,
): Promise<Page> {
  const { after, limit } = page;
  const text = searchedText(filter.q);
  const depth = limit + 1 + (after ? 0 : page.offset);
  const plan = text ? await chooseTextPlan(db, SEARCH_TEXT, text, depth) : undefined;
  const conditions = conditionsOf(filter, now, db, plan);
  const descending = page.sort.startsWith('-');
  const column = raw(SORT_COLUMNS[page.sort.replace('-', '')] ?? 'e.starts_at');
  const keyset = after
    ? descending
      ? sql`${column} <= ${after.key} AND (${column} < ${after.key} OR e.id > ${after.id})`
      : sql`${column} >= ${after.key} AND (${column} > ${after.key} OR e.id > ${after.id})`
    : undefined;
  // The page's ids first (an index range, or the offset skipped over index entries only),
  // then the rows and their per-viewer columns for those ids alone.
  const order = sql`${raw(descending ? 'DESC' : 'ASC')}`;
  const rows = await db.all<EventRow & { sort_key: number | string }>(
    sql`SELECT ${EVENT_ROW_COLUMNS(filter.viewer)}, p.sort_key AS sort_key
        FROM (SELECT e.id AS id, ${column} AS sort_key FROM events e
              ${whereOf(keyset ? [...conditions, keyset] : conditions)}
              ORDER BY ${column} ${order}, e.id ASC
              LIMIT ${limit + 1} OFFSET ${after ? 0 : page.offset}) p
        JOIN events e ON e.id = p.id JOIN users o ON o.id = e.owner_id
        ORDER BY p.sort_key ${order}, p.id ASC`,
  );
  const more = rows.length > limit;
  // An offset page that is the last one knows the count already: the rows before it and its own.
  const known = !more && !after && (rows.length > 0 || page.offset === 0);
  // The count reads every match (up to the limit) in no order: from the index when there is one.
  const counted = known
    ? page.offset + rows.length
    : await countUpTo(db, plan === 'sort-first' ? conditionsOf(filter, now, db) : conditions, page);
  const totals =
    counted > page.totalLimit
      ? { total: page.totalLimit, totalRelation: 'gte' as const }
      : { total: counted, totalRelation: 'eq' as const };
  if (!more) return { rows, ...totals };
  const last = rows[limit - 1]!;
  return { rows: rows.slice(0, limit), ...totals, next: { key: last.sort_key, id: last.id } };
}

/** The matches, counted up to `totalLimit + 1` (a LIMITed subquery: never more rows than that). */
async function countUpTo(db: Database, conditions: Sql[], page: PageRequest): Promise<number> {
  const count = await db.one<{ total: number }>(
    sql`SELECT COUNT(*) AS total FROM (SELECT 1 AS one FROM events e${whereOf(conditions)}
        LIMIT ${page.totalLimit + 1}) c`,
  );
  return count?.total ?? 0;
}
