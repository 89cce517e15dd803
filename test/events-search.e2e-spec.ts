import fc from 'fast-check';
import { createTestApp, TestApp } from './app.factory';
import { DAY, EVENTS, HOUR, ids } from './event-factories';
import { createUser, TestUser } from './factories';
import { EventEntity, foldCase, searchColumns } from '../src/events/entities/event.entity';
import { EVENT_CATEGORIES, EventCategory } from '../src/events/event-attributes';
import { TEST_DB_TYPE } from './support/test-database';
import { Database } from '../src/database/database';
import { raw, sql } from '../src/database/sql';
import { conditionsOf, SEARCH_TEXT, whereOf } from '../src/events/event-filter';
import { TextPlan } from '../src/database/database';
import { chooseTextPlan } from '../src/events/search-plan';

/**
 * `q` is answered from a trigram index (SQLite FTS5, PostgreSQL pg_trgm) where it is three
 * characters or more, and by a scan below that. Either way the answer must be the scan's: the
 * events whose folded name or description contains the folded `q`, `%`, `_` and `\` literal. The
 * expected answers here are computed in JavaScript from the texts the test wrote.
 */

/** Pieces that trip pattern syntax, quoting, case folding and multi-byte text. */
const PIECES = [
  'a', 'b', 'ab', 'Ab', 'jazz', 'JaZz', 'night', ' ', ' ', '%', '_', '\\', '"', "'", "''",
  '%_', '\\%', 'a_b', '50%', 'é', 'É', 'e\u0301', 'İ', 'i̇', 'ß', 'SS', 'Σ', 'ς', 'σ', '😀',
  '日本', '語', 'ﬁ', '(', ')', '*', 'NEAR', 'AND', 'OR', '-', ':', '^', '{', '}', '[',
]; // prettier-ignore
const EVENT_COUNT = 2_500;

// Each query is walked through every page; on a busy machine, and on PostgreSQL, that is seconds.
jest.setTimeout(30_000);

interface Written {
  id: number;
  text: string;
  category: EventCategory;
  startsAt: number;
}

describe('GET /events?q: indexed search answers what a scan would', () => {
  let t: TestApp;
  let owner: TestUser;
  const written: Written[] = [];
  /** Texts of 1…max pieces; fast-check's generators with a fixed seed: the same on every run. */
  const text = (minLength: number, maxLength: number) =>
    fc.array(fc.constantFrom(...PIECES), { minLength, maxLength }).map((parts) => parts.join(''));
  const sample = <T>(arbitrary: fc.Arbitrary<T>, count: number) =>
    fc.sample(arbitrary, { seed: 14, numRuns: count });
  const now = Date.now();

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t);
    const events = t.dataSource.getRepository(EventEntity);
    const generated = sample(
      fc.record({
        name: text(1, 12),
        description: fc.option(text(0, 30), { freq: 4 }),
        category: fc.constantFrom(...EVENT_CATEGORIES),
      }),
      EVENT_COUNT,
    );
    for (let chunk = 0; chunk < EVENT_COUNT / 500; chunk += 1) {
      const rows = generated.slice(chunk * 500, chunk * 500 + 500).map((event, i) => {
        const k = chunk * 500 + i;
        // A rare word (a few events) and a common one (most of them), for both search plans.
        const rare = k % 800 === 7 ? ' Axolotl' : '';
        const common = k % 4 === 0 ? ' Wanderer' : '';
        const name = (event.name.trim() || `event ${k}`) + rare + common;
        const { description, category } = event;
        const startsAt = now + (k % 2 ? 1 : -1) * (DAY + k * 60_000);
        return {
          ownerId: owner.id,
          name,
          description,
          location: null,
          ...searchColumns(name, description),
          startsAt: new Date(startsAt),
          endsAt: new Date(startsAt + HOUR),
          capacity: null,
          attendeeCount: 0,
          category,
          cancelledAt: null,
          createdAt: new Date(now),
          updatedAt: new Date(now),
        };
      });
      const result = await events.insert(rows);
      result.identifiers.forEach((identifier, i) => {
        const row = rows[i]!;
        written.push({
          id: Number((identifier as { id: number }).id),
          text: row.searchText,
          category: row.category,
          startsAt: row.startsAt.getTime(),
        });
      });
    }
  }, 120_000);
  afterAll(() => t.close());

  /** Every id the list answers, walked page by page with its cursors. */
  async function search(query: Record<string, string>): Promise<{ ids: number[]; total: number }> {
    const seen: number[] = [];
    let cursor: string | null | undefined;
    let total: number;
    do {
      const res = await t
        .http()
        .get(EVENTS)
        .query({ owner: 'me', limit: 100, ...query, ...(cursor ? { cursor } : {}) })
        .set(owner.auth)
        .expect(200);
      total = res.body.total;
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
    } while (cursor);
    return { ids: seen, total };
  }

  /** The scan: folded text contains the folded query, in list order (startsAt, then id). */
  const scan = (q: string, keep: (event: Written) => boolean = () => true) =>
    written
      .filter((event) => keep(event) && event.text.includes(foldCase(q)))
      .sort((a, b) => a.startsAt - b.startsAt || a.id - b.id)
      .map((event) => event.id);

  const hostile = [
    '%', '_', '\\', '%%', '_%', '\\%', '\\\\', '"', "'", "''", '""', '" OR "', 'a', 'ab', 'é',
    'É', 'ß', '😀', '😀😀', 'jazz', 'JAZZ', 'jaz', 'azz', 'a_b', '50%', 'e\u0301', 'İ', 'ΣΑΣ',
    '日本語', 'ﬁ', 'NEAR(a b)', 'a AND b', 'a OR b', '-a', 'a*', '^a', '{a}', 'a:b', '%_\\',
    'no such text anywhere',
  ]; // prettier-ignore

  it.each(hostile)('q=%j finds exactly what a scan finds', async (q) => {
    const expected = scan(q);
    const found = await search({ q });
    expect(found.total).toBe(expected.length);
    expect(found.ids).toEqual(expected);
  });

  it('random substrings of stored texts, and random texts, match the scan', async () => {
    const cut = fc
      .tuple(fc.constantFrom(...written), fc.nat(), fc.integer({ min: 1, max: 6 }))
      .map(([event, at, length]) => event.text.slice(at % event.text.length).slice(0, length));
    const queries = [...sample(cut, 20), ...sample(text(1, 3), 10)].filter(
      (q) => q.trim() !== '' && !q.includes('\n') && !/[\uD800-\uDFFF]/.test(q.at(-1)!),
    );
    for (const q of queries) {
      const expected = scan(q);
      const found = await search({ q });
      expect({ q, total: found.total, ids: found.ids }).toEqual({
        q,
        total: expected.length,
        ids: expected,
      });
    }
  });

  it('reads a rare word from the index first and walks the sort order for a common one', async () => {
    const db = t.app.get(Database);
    const planOf = (q: string, depth: number) =>
      chooseTextPlan(db, SEARCH_TEXT, foldCase(q), depth);
    expect(scan('axolotl')).toHaveLength(4);
    expect(scan('wanderer').length).toBeGreaterThan(EVENT_COUNT / 5);
    expect(await planOf('Axolotl', 21)).toBe('index-first');
    expect(await planOf('no such text anywhere', 21)).toBe('index-first');
    expect(await planOf('wanderer', 21)).toBe('sort-first');
    // Deep offsets read so many rows in sort order that the index wins again.
    expect(await planOf('wanderer', 2_000)).toBe('index-first');
  });

  const plans: TextPlan[] = ['index-first', 'sort-first'];
  it.each(plans)('the %s plan finds what a scan finds, for every query here', async (plan) => {
    const db = t.app.get(Database);
    const queries = [...hostile, 'axolotl', 'Wanderer', 'wander', 'rer Ax', 'jazz night'];
    for (const q of queries) {
      const where = whereOf([sql`e.owner_id = ${owner.id}`, ...conditionsOf({ q }, now, db, plan)]);
      const rows = await db.all<{ id: number }>(
        sql`SELECT e.id AS id FROM events e${where} ORDER BY e.starts_at ASC, e.id ASC`,
      );
      expect({ q, ids: rows.map((row) => row.id) }).toEqual({ q, ids: scan(q) });
    }
  });

  /** The first `pages` pages of 20 (each after the last one's cursor): the plan of a 20-page. */
  async function firstPages(query: Record<string, string>, pages = 3): Promise<number[]> {
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < pages && (page === 0 || cursor); page += 1) {
      const res = await t
        .http()
        .get(EVENTS)
        .query({ owner: 'me', limit: 20, ...query, ...(cursor ? { cursor } : {}) })
        .set(owner.auth)
        .expect(200);
      seen.push(...ids(res));
      cursor = res.body.nextCursor as string | null;
    }
    return seen;
  }

  it.each([
    ['a rare word', 'axolotl'],
    ['a common word', 'WANDERER'],
    ['a common word inside others', 'ander'],
  ])('%s: pages of 20, with filters, sorts and offsets, match the scan', async (_label, q) => {
    const upcoming = (event: Written) => event.startsAt > Date.now();
    const first = (expected: number[]) => expected.slice(0, 60);
    expect(await firstPages({ q })).toEqual(first(scan(q)));
    expect(await firstPages({ q, status: 'upcoming', hasSpots: 'true' })).toEqual(
      first(scan(q, upcoming)),
    );
    expect(await firstPages({ q, category: 'music' })).toEqual(
      first(scan(q, (event) => event.category === 'music')),
    );
    expect(await firstPages({ q, sort: '-startsAt' })).toEqual(first([...scan(q)].reverse()));
    // Every event here has the same createdAt: the order is the ids'.
    const byId = [...scan(q)].sort((a, b) => a - b);
    expect(await firstPages({ q, sort: 'createdAt' })).toEqual(first(byId));
    const third = await t
      .http()
      .get(EVENTS)
      .query({ owner: 'me', q, limit: 20, offset: 40 })
      .set(owner.auth)
      .expect(200);
    expect(ids(third)).toEqual(scan(q).slice(40, 60));
  });

  it('combines with the other filters', async () => {
    const inCategory = (c: string) => (event: Written) => event.category === c;
    const upcoming = (event: Written) => event.startsAt > Date.now();
    for (const q of ['jazz', 'a', '%_', 'night']) {
      expect((await search({ q, category: 'music' })).ids).toEqual(scan(q, inCategory('music')));
      expect((await search({ q, status: 'upcoming' })).ids).toEqual(scan(q, upcoming));
      expect((await search({ q, hasSpots: 'false' })).ids).toEqual(scan(q, (e) => !upcoming(e)));
    }
  });

  it('follows writes at once: an edited text is found by its new words only, a deleted one not at all', async () => {
    const res = await t
      .http()
      .post(EVENTS)
      .set(owner.auth)
      .send({
        name: 'Quokka gathering',
        description: 'marsupial meetup',
        startsAt: new Date(Date.now() + DAY).toISOString(),
        endsAt: new Date(Date.now() + DAY + HOUR).toISOString(),
      })
      .expect(201);
    const id = res.body.id as number;
    expect((await search({ q: 'quokka' })).ids).toEqual([id]);
    expect((await search({ q: 'marsupial' })).ids).toEqual([id]);

    await t
      .http()
      .patch(`${EVENTS}/${id}`)
      .set(owner.auth)
      .send({ name: 'Wombat gathering', description: null })
      .expect(200);
    expect((await search({ q: 'quokka' })).ids).toEqual([]);
    expect((await search({ q: 'marsupial' })).ids).toEqual([]);
    expect((await search({ q: 'wombat' })).ids).toEqual([id]);

    await t.http().delete(`${EVENTS}/${id}`).set(owner.auth).expect(204);
    expect((await search({ q: 'wombat' })).ids).toEqual([]);
  });

  it('the condition the list builds reads the trigram index for three characters or more', async () => {
    const postgres = TEST_DB_TYPE === 'postgres';
    const db = t.app.get(Database);
    // The WHERE clause exactly as the list makes it for `q`, explained by the database itself.
    const plan = (q: string) =>
      db.transaction(async (tx) => {
        // On a table this small a scan may be cheaper; forbid it to see that the index serves.
        if (postgres) await tx.run(raw('SET LOCAL enable_seqscan = off'));
        const where = whereOf(conditionsOf({ q }, Date.now(), db));
        const rows = await tx.all<{ 'QUERY PLAN'?: string; detail?: string }>(
          sql`${raw(postgres ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN')} SELECT e.id FROM events e${where}`,
        );
        return rows.map((row) => row['QUERY PLAN'] ?? row.detail).join('\n');
      });
    expect(await plan('jazz')).toMatch(postgres ? /IDX_events_search_trgm/ : /VIRTUAL TABLE/);
    // Two characters have no trigram: SQLite scans (PostgreSQL may still walk the whole index).
    if (!postgres) expect(await plan('ja')).not.toMatch(/VIRTUAL TABLE/);
  });

  it('the sort-first plan of a page walks the sort index, with no sort step', async () => {
    const postgres = TEST_DB_TYPE === 'postgres';
    const db = t.app.get(Database);
    const plan = await db.transaction(async (tx) => {
      if (postgres) await tx.run(raw('SET LOCAL enable_sort = off'));
      const where = whereOf(conditionsOf({ q: 'wanderer' }, Date.now(), db, 'sort-first'));
      const rows = await tx.all<{ 'QUERY PLAN'?: string; detail?: string }>(
        sql`${raw(postgres ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN')} SELECT e.id FROM events e${where}
            ORDER BY e.starts_at ASC, e.id ASC LIMIT 21`,
      );
      return rows.map((row) => row['QUERY PLAN'] ?? row.detail).join('\n');
    });
    expect(plan).toMatch(/IDX_events_starts_at/);
    expect(plan).not.toMatch(postgres ? /IDX_events_search_trgm|Sort/ : /TEMP B-TREE/);
  });
});
