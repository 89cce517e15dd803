import { createTestApp, TestApp } from './app.factory';
import { EVENTS, ids } from './event-factories';
import { createUser, TestUser } from './factories';
import { foldCase } from '../src/events/entities/event.entity';
import { TEST_DB_TYPE } from './support/test-database';
import { Database, TextPlan } from '../src/database/database';
import { raw, sql } from '../src/database/sql';
import { conditionsOf, SEARCH_TEXT, whereOf } from '../src/events/event-filter';
import { chooseTextPlan } from '../src/events/search-plan';
import { EVENT_COUNT, HOSTILE, scanOf, walk, Written, writeSearchEvents } from './search-world';

/**
 * The two plans of a page of `q` (docs/search-and-paging.md): a rare word read from the trigram
 * index first, a common one by walking the sort index. Which one a page gets, and that both
 * answer exactly what a scan would, on the generated events of `search-world.ts`.
 */

jest.setTimeout(30_000);

describe('GET /events?q: the index-first and sort-first plans', () => {
  let t: TestApp;
  let owner: TestUser;
  let scan: ReturnType<typeof scanOf>;
  const now = Date.now();

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t);
    scan = scanOf(await writeSearchEvents(t, owner, now));
  }, 120_000);
  afterAll(() => t.close());

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
    const queries = [...HOSTILE, 'axolotl', 'Wanderer', 'wander', 'rer Ax', 'jazz night'];
    for (const q of queries) {
      const where = whereOf([
        sql`e.owner_id = ${owner.id}`,
        ...conditionsOf({ viewer: { id: owner.id, isAdmin: false }, q }, now, db, plan),
      ]);
      const rows = await db.all<{ id: number }>(
        sql`SELECT e.id AS id FROM events e${where} ORDER BY e.starts_at ASC, e.id ASC`,
      );
      expect({ q, ids: rows.map((row) => row.id) }).toEqual({ q, ids: scan(q) });
    }
  });

  /** The first three pages of 20, each after the last one's cursor: the plan of a 20-page. */
  const firstPages = async (query: Record<string, string>) =>
    (await walk(t, owner, { limit: 20, ...query }, 3)).ids;

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

  it('the sort-first plan of a page walks the sort index, with no sort step', async () => {
    const postgres = TEST_DB_TYPE === 'postgres';
    const db = t.app.get(Database);
    const plan = await db.transaction(async (tx) => {
      if (postgres) await tx.run(raw('SET LOCAL enable_sort = off'));
      const where = whereOf(
        conditionsOf(
          { viewer: { id: 1, isAdmin: false }, q: 'wanderer' },
          Date.now(),
          db,
          'sort-first',
        ),
      );
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
