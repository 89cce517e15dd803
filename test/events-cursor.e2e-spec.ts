import { createTestApp, TEST_SECRETS, TestApp } from './app.factory';
import { DAY, EVENTS, expectValidation, HOUR, ids, insertEvent } from './event-factories';
import { createUser, TestUser } from './factories';
import { Env } from '../src/config/env.schema';
import { EVENT_SORTS, EventSort } from '../src/events/dto/list-events-query.dto';
import { canonicalFilter } from '../src/events/event-filter';
import { ListCursors } from '../src/events/list-cursor';
import { TEST_DB_TYPE } from './support/test-database';

type Query = Record<string, string | number>;

/** A fixed base in whole seconds, far enough ahead that nothing starts during the run. */
const BASE = Math.floor((Date.now() + 10 * DAY) / 1000) * 1000;

describe('GET /events?cursor: keyset paging', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    [owner, other] = [await createUser(t), await createUser(t)];
  });
  afterAll(() => t.close());

  const list = (query: Query, user: TestUser = owner) =>
    t.http().get(EVENTS).query(query).set(user.auth);

  /** Events of `owner` with ties in every sort key: names, start and creation times repeat. */
  async function seedEvents(count: number, label: string): Promise<number[]> {
    const made: number[] = [];
    for (let i = 0; i < count; i += 1) {
      made.push(
        await insertEvent(t, owner, {
          name: `${label} ${String.fromCharCode(97 + (i % 5))}`,
          startsAt: BASE + (i % 4) * HOUR,
          endsAt: BASE + (i % 4) * HOUR + HOUR,
          createdAt: BASE - DAY + (i % 3) * 1000,
        }),
      );
    }
    return made;
  }

  /** The sort key of an event as the list reports it, for ordering checks. */
  const keyOf = (sort: EventSort, event: { name: string; startsAt: string; createdAt: string }) =>
    sort.endsWith('name')
      ? event.name.toLowerCase()
      : Date.parse(sort.endsWith('startsAt') ? event.startsAt : event.createdAt);

  describe.each(EVENT_SORTS)('sort=%s', (sort) => {
    const label = `walk${sort.replace('-', 'desc')}`;
    let all: number[];
    beforeAll(async () => {
      all = await seedEvents(23, label);
    });

    it('a walk by cursors meets every event once, in the order offset paging gives', async () => {
      const byOffset = ids(await list({ q: label, sort, limit: 100 }).expect(200));
      expect(byOffset.sort()).toEqual([...all].sort());
      const ordered = ids(await list({ q: label, sort, limit: 100 }).expect(200));
      const seen: number[] = [];
      let res = await list({ q: label, sort, limit: 5 }).expect(200);
      for (;;) {
        expect(res.body).toMatchObject({ total: 23, offset: 0 });
        seen.push(...ids(res));
        if (res.body.nextCursor === null) break;
        expect(res.body.nextCursor).toEqual(expect.any(String));
        // Any limit may follow.
        const limit = 3 + (seen.length % 4);
        res = await list({ q: label, sort, limit, cursor: res.body.nextCursor }).expect(200);
      }
      expect(seen).toEqual(ordered);
    });

    it('neither repeats nor skips an item when events are inserted and deleted between pages', async () => {
      const deleted = new Set<number>();
      const seen: { id: number; key: number | string }[] = [];
      let cursor: string | null = null;
      let page = 0;
      do {
        const query: Query = { q: label, sort, limit: 4 };
        if (cursor) query.cursor = cursor;
        const res = await list(query).expect(200);
        for (const event of res.body.items) seen.push({ id: event.id, key: keyOf(sort, event) });
        cursor = res.body.nextCursor;
        // Between pages: a new event (its place may be before or after the cursor), and one of
        // the original events deleted (maybe one already seen, maybe one still ahead).
        page += 1;
        await insertEvent(t, owner, {
          name: `${label} ${page % 2 ? 'a' : 'z'}`,
          startsAt: BASE + (page % 4) * HOUR,
          endsAt: BASE + (page % 4) * HOUR + HOUR,
          createdAt: BASE - DAY + (page % 3) * 1000,
        });
        const victim = all[(page * 7) % all.length]!;
        if (!deleted.has(victim)) {
          await t.http().delete(`${EVENTS}/${victim}`).set(owner.auth).expect(204);
          deleted.add(victim);
        }
      } while (cursor);
      const seenIds = seen.map((item) => item.id);
      // No repeats.
      expect(new Set(seenIds).size).toBe(seenIds.length);
      // Every event that existed for the whole walk was met.
      const kept = all.filter((id) => !deleted.has(id));
      expect(seenIds).toEqual(expect.arrayContaining(kept));
      // In order: by key (descending for `-`), ties by id ascending.
      const direction = sort.startsWith('-') ? -1 : 1;
      for (let i = 1; i < seen.length; i += 1) {
        const [a, b] = [seen[i - 1]!, seen[i]!];
        const order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
        expect(order === 0 ? a.id < b.id : order === -direction).toBe(true);
      }
      all = kept;
    });
  });

  describe('refusals, each a 400 on field cursor that changes nothing', () => {
    let cursor: string;
    beforeAll(async () => {
      await seedEvents(6, 'refusal');
      const res = await list({ q: 'refusal', limit: 2, category: 'other' }).expect(200);
      cursor = res.body.nextCursor;
      expect(cursor).toEqual(expect.any(String));
    });

    it('continues with the same filters spelled otherwise (q case, categories repeated)', async () => {
      const a = await list({ q: 'refusal', limit: 2, category: 'other', cursor }).expect(200);
      const b = await list({ q: 'REFUSAL', limit: 2, category: 'other,other', cursor });
      expect(b.status).toBe(200);
      expect(ids(b)).toEqual(ids(a));
    });

    it('with offset, even offset=0', async () => {
      for (const offset of [0, 2]) {
        const res = await list({ q: 'refusal', limit: 2, category: 'other', cursor, offset });
        expectValidation(res, ['cursor']);
      }
    });

    it('for other filters, another sort, or another caller of owner=me', async () => {
      const base = { q: 'refusal', limit: 2, category: 'other', cursor };
      for (const query of [
        { ...base, sort: '-startsAt' },
        { ...base, sort: 'name' },
        { ...base, q: 'refusa' },
        { ...base, category: 'music' },
        { ...base, status: 'upcoming' },
        { ...base, hasSpots: 'true' },
        { q: 'refusal', limit: 2, cursor },
        { ...base, owner: 'me' },
      ]) {
        expectValidation(await list(query), ['cursor']);
      }
      const mine = await list({ owner: 'me', limit: 2 }).expect(200);
      expect(mine.body.nextCursor).toEqual(expect.any(String));
      expectValidation(await list({ owner: 'me', limit: 2, cursor: mine.body.nextCursor }, other), [
        'cursor',
      ]);
      // The owner's own id is the same filter as `me`.
      await list({ owner: owner.id, limit: 2, cursor: mine.body.nextCursor }).expect(200);
    });

    it('when altered in any character, or malformed', async () => {
      const flip = (text: string, at: number) =>
        text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
      const altered = [0, 5, cursor.indexOf('.') - 1, cursor.indexOf('.') + 1, cursor.length - 1]
        .map((at) => flip(cursor, at))
        .filter((text) => text !== cursor);
      // The MAC's last character carries 4 bits and 2 unused ones: flipping an unused bit spells
      // the same bytes otherwise, and must be refused all the same.
      const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = ALPHABET.indexOf(cursor.at(-1)!);
      altered.push(cursor.slice(0, -1) + ALPHABET[last ^ 1]!);
      const malformed = ['', 'abc', '.', 'a.b', `${cursor}.x`, cursor.replace('.', ''),
        `${'A'.repeat(3000)}.${'A'.repeat(43)}`, `${cursor} `, '%00', 'null']; // prettier-ignore
      for (const bad of [...altered, ...malformed]) {
        const res = await list({ q: 'refusal', limit: 2, category: 'other', cursor: bad });
        expectValidation(res, ['cursor']);
      }
    });

    it('when correctly signed but holding a position of the wrong shape', async () => {
      const cursors = new ListCursors({ jwtAccessSecret: TEST_SECRETS.JWT_ACCESS_SECRET } as Env);
      const filter = canonicalFilter(
        { viewer: { id: 1, isAdmin: false }, q: 'refusal' },
        'startsAt',
      );
      for (const position of [
        { key: 'text', id: 1 },
        { key: 1.5, id: 1 },
        { key: 1, id: 0 },
        { key: 1, id: 2 ** 60 },
      ]) {
        const forged = cursors.issue(filter, position);
        expectValidation(await list({ q: 'refusal', cursor: forged }), ['cursor']);
      }
      // The same signer makes a cursor the server takes: the test's key is the server's.
      const good = cursors.issue(filter, { key: 0, id: 1 });
      expect(ids(await list({ q: 'refusal', cursor: good, limit: 100 }).expect(200))).toHaveLength(
        6,
      );
    });
  });

  it('the last page has nextCursor null, also when it is exactly full', async () => {
    const label = 'exactly';
    await seedEvents(4, label);
    const first = await list({ q: label, limit: 2 }).expect(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list({ q: label, limit: 2, cursor: first.body.nextCursor }).expect(200);
    expect(ids(second)).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const byOffset = await list({ q: label, limit: 2, offset: 2 }).expect(200);
    expect(byOffset.body.nextCursor).toBeNull();
    expect((await list({ q: label, limit: 4 }).expect(200)).body.nextCursor).toBeNull();
  });

  it.each([
    ['e.starts_at', 'ASC', 'IDX_events_starts_at'],
    ['e.starts_at', 'DESC', 'IDX_events_starts_at_desc'],
    ['e.created_at', 'ASC', 'IDX_events_created_at'],
    ['e.created_at', 'DESC', 'IDX_events_created_at_desc'],
    ['e.name_key', 'ASC', 'IDX_events_name_key'],
    ['e.name_key', 'DESC', 'IDX_events_name_key_desc'],
  ])(
    'a page after a position in %s %s is a range of %s, with no sort',
    async (column, dir, index) => {
      const [cmp, strict] = dir === 'ASC' ? ['>=', '>'] : ['<=', '<'];
      const key = column === 'e.name_key' ? "'m'" : '0';
      const query =
        `SELECT e.id FROM events e WHERE ${column} ${cmp} ${key} AND (${column} ${strict} ${key} ` +
        `OR e.id > 5) ORDER BY ${column} ${dir}, e.id ASC LIMIT 21`;
      if (TEST_DB_TYPE === 'postgres') {
        const plan = await t.dataSource.transaction(async (m) => {
          // A table this small is cheaper to sort; forbid the other plans to see the ordered one.
          for (const kind of ['seqscan', 'bitmapscan', 'sort']) {
            await m.query(`SET LOCAL enable_${kind} = off`);
          }
          const rows = await m.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${query}`);
          return rows.map((row) => row['QUERY PLAN']).join('\n');
        });
        expect(plan).toMatch(new RegExp(`Index (Only )?Scan using "${index}"`));
        expect(plan).not.toMatch(/\bSort\b/);
      } else {
        const rows = await t.dataSource.query<
          {
            detail: string;
          }[]
        >(`EXPLAIN QUERY PLAN ${query}`);
        const plan = rows.map((row) => row.detail).join('\n');
        expect(plan).toMatch(new RegExp(`USING (COVERING )?INDEX ${index} `));
        expect(plan).not.toContain('TEMP B-TREE');
      }
    },
  );
});
