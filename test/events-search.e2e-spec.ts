import fc from 'fast-check';
import { createTestApp, TestApp } from './app.factory';
import { DAY, EVENTS, HOUR } from './event-factories';
import { createUser, TestUser } from './factories';
import { TEST_DB_TYPE } from './support/test-database';
import { Database } from '../src/database/database';
import { raw, sql } from '../src/database/sql';
import { conditionsOf, whereOf } from '../src/events/event-filter';
import { HOSTILE, sample, scanOf, text, walk, Written, writeSearchEvents } from './search-world';

/**
 * `q` is answered from a trigram index (SQLite FTS5, PostgreSQL pg_trgm) where it is three
 * characters or more, and by a scan below that. Either way the answer must be the scan's: the
 * events whose folded name or description contains the folded `q`, `%`, `_` and `\\` literal. The
 * expected answers are computed in JavaScript from the texts the test wrote (`search-world.ts`).
 */

// Each query is walked through every page; on a busy machine, and on PostgreSQL, that is seconds.
jest.setTimeout(30_000);

describe('GET /events?q: indexed search answers what a scan would', () => {
  let t: TestApp;
  let owner: TestUser;
  let written: Written[] = [];
  let scan: ReturnType<typeof scanOf>;
  const now = Date.now();

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t);
    written = await writeSearchEvents(t, owner, now);
    scan = scanOf(written);
  }, 120_000);
  afterAll(() => t.close());

  const search = (query: Record<string, string>) => walk(t, owner, query);

  it.each(HOSTILE)('q=%j finds exactly what a scan finds', async (q) => {
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
        const where = whereOf(
          conditionsOf({ viewer: { id: 1, isAdmin: false }, q }, Date.now(), db),
        );
        const rows = await tx.all<{ 'QUERY PLAN'?: string; detail?: string }>(
          sql`${raw(postgres ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN')} SELECT e.id FROM events e${where}`,
        );
        return rows.map((row) => row['QUERY PLAN'] ?? row.detail).join('\n');
      });
    expect(await plan('jazz')).toMatch(postgres ? /IDX_events_search_trgm/ : /VIRTUAL TABLE/);
    // Two characters have no trigram: SQLite scans (PostgreSQL may still walk the whole index).
    if (!postgres) expect(await plan('ja')).not.toMatch(/VIRTUAL TABLE/);
  });
});
