import { createTestApp, TestApp } from './app.factory';
import { DAY, EVENTS, HOUR, ids, insertRegistration, insertWaiting } from './event-factories';
import { createUser, TestUser } from './factories';
import { EventEntity, searchColumns } from '../src/events/entities/event.entity';
import { EventCategory } from '../src/events/event-attributes';

/**
 * The contract's "Totals are counted up to a limit": with LIST_TOTAL_LIMIT=5, a list of 4 or 5
 * matches answers the exact `total` and `totalRelation: "eq"`; one of 6 or more answers
 * `total: 5` and `"gte"`. Every filter gets a group of 4, 5 and 6 matching events (alone where the
 * filter can be isolated, else combined with one that can); the matches themselves are counted by
 * walking every page with its cursor, which does not depend on the count.
 */
const LIMIT = 5;
const NOW = Date.now();
const year = (y: number) => Date.UTC(y, 0, 1);
const uniqueWords = { 4: 'quokka', 5: 'wombat', 6: 'numbat' } as const;
const categories: Record<4 | 5 | 6, EventCategory> = { 4: 'talk', 5: 'social', 6: 'sports' };
const SIZES = [4, 5, 6] as const;

describe('GET /events: total counted up to LIST_TOTAL_LIMIT', () => {
  let t: TestApp;
  let base: TestUser;
  const owners = new Map<number, TestUser>();
  const attendees = new Map<number, TestUser>();
  const waiting = new Map<number, TestUser>();
  let filler: TestUser;

  interface Fields {
    name?: string;
    startsAt?: number;
    endsAt?: number;
    capacity?: number | null;
    category?: EventCategory;
    cancelledAt?: number | null;
  }
  async function insert(owner: { id: number }, fields: Fields = {}): Promise<number> {
    const name = fields.name ?? `event ${Math.random().toString(36).slice(2)}`;
    const startsAt = fields.startsAt ?? NOW + 30 * DAY;
    const result = await t.dataSource.getRepository(EventEntity).insert({
      ownerId: owner.id,
      name,
      description: null,
      location: null,
      ...searchColumns(name, null),
      startsAt: new Date(startsAt),
      endsAt: new Date(fields.endsAt ?? startsAt + HOUR),
      capacity: fields.capacity ?? null,
      attendeeCount: 0,
      category: fields.category ?? 'other',
      cancelledAt: fields.cancelledAt ? new Date(fields.cancelledAt) : null,
      createdAt: new Date(NOW),
      updatedAt: new Date(NOW),
    });
    return Number((result.identifiers[0] as { id: number }).id);
  }

  beforeAll(async () => {
    t = await createTestApp({ LIST_TOTAL_LIMIT: String(LIMIT) });
    base = await createUser(t);
    filler = await createUser(t);
    for (const n of SIZES) {
      const [owner, attendee, waiter] = await Promise.all([
        createUser(t),
        createUser(t),
        createUser(t),
      ]);
      owners.set(n, owner);
      attendees.set(n, attendee);
      waiting.set(n, waiter);
      for (let i = 0; i < n; i += 1) {
        await insert(owner);
        await insertRegistration(t, await insert(base), attendee.id);
        // Full (capacity 1, taken by the filler), so a waiting list makes sense.
        const full = await insert(base, { capacity: 1 });
        await insertRegistration(t, full, filler.id);
        await insertWaiting(t, full, waiter.id);
        await insert(base, { name: `the ${uniqueWords[n]} ${i}` });
        await insert(base, { category: categories[n] });
        await insert(base, { startsAt: year(2090 + n) + i * HOUR });
      }
    }
    // Statuses: 4 past, 5 ongoing, 6 cancelled (all but the upcoming ones, which are many).
    for (let i = 0; i < 4; i += 1) await insert(base, { startsAt: NOW - (20 - i) * DAY });
    for (let i = 0; i < 5; i += 1) {
      await insert(base, { startsAt: NOW - (10 - i) * HOUR, endsAt: NOW + 30 * DAY });
    }
    for (let i = 0; i < 6; i += 1) await insert(base, { cancelledAt: NOW - HOUR });
  }, 60_000);
  afterAll(() => t.close());

  /** Every page of the list, by cursor: the ids and the totals each page answered. */
  async function walk(query: Record<string, string | number>) {
    const found: number[] = [];
    const totals = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await t
        .http()
        .get(EVENTS)
        .query({ limit: 2, ...query, ...(cursor ? { cursor } : {}) })
        .set(base.auth)
        .expect(200);
      totals.add(JSON.stringify([res.body.total, res.body.totalRelation]));
      found.push(...ids(res));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return { matches: found.length, totals: [...totals] };
  }
  const expected = (matches: number) =>
    JSON.stringify(matches > LIMIT ? [LIMIT, 'gte'] : [matches, 'eq']);

  /** `MANY`: more than the limit, however many exactly. */
  const MANY = -1;
  const cases: [string, () => Record<string, string | number>, number][] = [];
  for (const n of SIZES) {
    const owner = () => owners.get(n)!.id;
    cases.push(
      [`owner (${n})`, () => ({ owner: owner() }), n],
      [`attendee (${n})`, () => ({ attendee: attendees.get(n)!.id }), n],
      [`waitlisted (${n})`, () => ({ waitlisted: waiting.get(n)!.id }), n],
      [`q, a rare word (${n})`, () => ({ q: uniqueWords[n].toUpperCase() }), n],
      [`category (${n})`, () => ({ category: categories[n] }), n],
      [`startsAfter + startsBefore (${n})`, () => window(n), n],
      [`hasSpots=true with owner (${n})`, () => ({ owner: owner(), hasSpots: 'true' }), n],
      [`sort=-name with owner (${n})`, () => ({ owner: owner(), sort: '-name' }), n],
    );
  }
  const window = (n: number) => ({
    startsAfter: new Date(year(2090 + n)).toISOString(),
    startsBefore: new Date(year(2091 + n) - 1).toISOString(),
  });
  cases.push(
    ['status=past (4)', () => ({ status: 'past' }), 4],
    ['status=ongoing (5)', () => ({ status: 'ongoing' }), 5],
    ['status=cancelled (6)', () => ({ status: 'cancelled' }), 6],
    ['status=upcoming (many)', () => ({ status: 'upcoming' }), MANY],
    ['startsAfter alone (6: the latest year)', () => ({ startsAfter: window(6).startsAfter }), 6],
    ['startsBefore alone (4: the past ones)', () => ({ startsBefore: iso(NOW - 15 * DAY) }), 4],
    ['startsBefore alone (5)', () => ({ startsBefore: iso(NOW - 10 * HOUR) }), 5],
    ['hasSpots=false with status=past (4)', () => ({ hasSpots: 'false', status: 'past' }), 4],
    ['categories, two of them (4 + 5)', () => ({ category: 'talk,social' }), 9],
    ['q, a common word, with hasSpots (6)', () => ({ q: 'numbat', hasSpots: 'true' }), 6],
    ['q of two characters with owner (5)', () => ({ q: 'ev', owner: owners.get(5)!.id }), 5],
  );
  const iso = (ms: number) => new Date(ms).toISOString();

  it.each(cases)('%s: total and totalRelation on every page', async (_label, query, matches) => {
    const walked = await walk(query());
    expect(walked).toEqual({ matches: expect.any(Number), totals: [expected(walked.matches)] });
    // The designed number of matches: below, at or above the limit as the label says.
    if (matches === MANY) expect(walked.matches).toBeGreaterThan(LIMIT);
    else expect(walked.matches).toBe(matches);
  });

  it('answers gte with total = the limit for the unfiltered list, on any page and sort', async () => {
    for (const query of [{}, { offset: 40 }, { sort: '-createdAt', limit: 100 }]) {
      const res = await t.http().get(EVENTS).query(query).set(base.auth).expect(200);
      expect(res.body).toMatchObject({ total: LIMIT, totalRelation: 'gte' });
    }
  });

  it('answers 0 and eq when nothing matches', async () => {
    const res = await t.http().get(EVENTS).query({ q: 'no such text' }).set(base.auth);
    expect(res.body).toMatchObject({ items: [], total: 0, totalRelation: 'eq', nextCursor: null });
  });

  it('keeps the attendee list total exact past the limit', async () => {
    const owner = await createUser(t);
    const event = await insert(owner, { capacity: null });
    const people = await Promise.all(Array.from({ length: LIMIT + 2 }, () => createUser(t)));
    for (const person of people) await insertRegistration(t, event, person.id);
    const res = await t.http().get(`${EVENTS}/${event}/attendees`).set(owner.auth).expect(200);
    expect(res.body.total).toBe(LIMIT + 2);
    expect(res.body.totalRelation).toBeUndefined();
  });
});
