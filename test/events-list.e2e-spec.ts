import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  DAY,
  EVENTS,
  EventBody,
  expectProblem,
  expectValidation,
  HOUR,
  ids,
  insertEvent,
  insertRegistration,
  items,
  without,
} from './event-factories';
import { createUser, TestUser } from './factories';

type Query = Record<string, string | number | boolean>;

/** A fixed base in whole seconds, far enough ahead that nothing starts during the run. */
const BASE = Math.floor((Date.now() + 10 * DAY) / 1000) * 1000;
const future = (offsetMs: number) => BASE + offsetMs;

describe('GET /events: filters, sorting and paging', () => {
  let t: TestApp;
  let viewer: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    viewer = await createUser(t);
  });
  afterAll(() => t.close());

  const list = (query: Query | string, user: TestUser = viewer) => {
    const request = t.http().get(typeof query === 'string' ? `${EVENTS}?${query}` : EVENTS);
    return (typeof query === 'string' ? request : request.query(query)).set(user.auth);
  };
  const listIds = async (query: Query, user: TestUser = viewer) => {
    const res = await list(query, user).expect(200);
    expect(res.body.total).toBe(res.body.items.length);
    return ids(res);
  };

  describe('paging', () => {
    let owner: TestUser;
    let all: number[];

    beforeAll(async () => {
      owner = await createUser(t);
      all = [];
      for (let i = 0; i < 25; i += 1) {
        all.push(
          await insertEvent(t, owner, { startsAt: future(i * HOUR), endsAt: future(i * HOUR + 1) }),
        );
      }
    });

    it('answers {items, total, limit: 20, offset: 0} by default', async () => {
      const res = await list({ owner: owner.id }).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        items: expect.any(Array),
        total: 25,
        totalRelation: 'eq',
        limit: 20,
        offset: 0,
        nextCursor: expect.any(String),
      });
      expect(ids(res)).toEqual(all.slice(0, 20));
    });

    it('pages through every event exactly once with limit and offset', async () => {
      const seen: number[] = [];
      for (let offset = 0; offset < 25; offset += 7) {
        const res = await list({ owner: owner.id, limit: 7, offset }).expect(200);
        expect(res.body).toMatchObject({ total: 25, limit: 7, offset });
        seen.push(...ids(res));
      }
      expect(seen).toEqual(all);
    });

    it('accepts the bounds limit=1, limit=100 and offset=0', async () => {
      expect(ids(await list({ owner: owner.id, limit: 1 }).expect(200))).toEqual([all[0]]);
      expect(ids(await list({ owner: owner.id, limit: 100, offset: 0 }).expect(200))).toEqual(all);
    });

    it('answers an empty page past the end, with the total', async () => {
      const res = await list({ owner: owner.id, offset: 25 }).expect(200);
      expect(res.body).toEqual({
        items: [],
        total: 25,
        totalRelation: 'eq',
        limit: 20,
        offset: 25,
        nextCursor: null,
      });
      const far = await list({ owner: owner.id, offset: 999_999_999 }).expect(200);
      expect(far.body).toMatchObject({ items: [], total: 25 });
    });
  });

  describe('query validation', () => {
    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=1e9', 'limit'],
      ['limit=1000000000', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=', 'limit'],
      ['limit=%205', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=1.5', 'offset'],
      ['offset=1e3', 'offset'],
      ['offset=abc', 'offset'],
      ['offset=1000000000', 'offset'],
      ['status=someday', 'status'],
      ['status=UPCOMING', 'status'],
      ['owner=abc', 'owner'],
      ['owner=0', 'owner'],
      ['owner=-1', 'owner'],
      ['owner=1.5', 'owner'],
      ['owner=ME', 'owner'],
      ['owner=', 'owner'],
      ['attendee=abc', 'attendee'],
      ['attendee=01', 'attendee'],
      ['sort=id', 'sort'],
      ['sort=+name', 'sort'],
      ['sort=NAME', 'sort'],
      ['hasSpots=yes', 'hasSpots'],
      ['hasSpots=1', 'hasSpots'],
      ['hasSpots=', 'hasSpots'],
      ['startsAfter=2030-01-01T00:00:00', 'startsAfter'],
      ['startsAfter=yesterday', 'startsAfter'],
      ['startsBefore=2030-02-30T00:00:00Z', 'startsBefore'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['q=a%00b', 'q'],
    ])('answers 400 VALIDATION_FAILED to %s', async (query, field) => {
      expectValidation(await list(query), [field]);
    });

    it.each([
      ['foo=1', 'foo'],
      ['page=2', 'page'],
      ['ownerId=1', 'ownerId'],
      // Found by the fuzzer: names of Object.prototype members were silently ignored.
      ['constructor=x', 'constructor'],
      ['toString=1', 'toString'],
      ['hasOwnProperty=1', 'hasOwnProperty'],
      ['__proto__=x', '__proto__'],
      ['prototype=1', 'prototype'],
      ['valueOf=1&limit=5', 'valueOf'],
    ])('answers 400 to the unknown parameter %s', async (query, field) => {
      expectValidation(await list(query), [field]);
    });

    it.each([
      ['limit=1&limit=2', 'limit'],
      ['offset=0&offset=0', 'offset'],
      ['status=past&status=upcoming', 'status'],
      ['owner=me&owner=me', 'owner'],
      ['attendee=me&attendee=1', 'attendee'],
      ['q=a&q=b', 'q'],
      ['sort=name&sort=name', 'sort'],
      ['hasSpots=true&hasSpots=true', 'hasSpots'],
      ['startsAfter=2030-01-01T00:00:00Z&startsAfter=2030-01-01T00:00:00Z', 'startsAfter'],
    ])('answers 400 to a parameter given twice: %s', async (query, field) => {
      expectValidation(await list(query), [field]);
    });

    it('names every invalid parameter at once', async () => {
      expectValidation(await list('limit=0&offset=-1&status=someday&bogus=1'), [
        'limit',
        'offset',
        'status',
        'bogus',
      ]);
    });
  });

  describe('owner and attendee', () => {
    let alice: TestUser;
    let bob: TestUser;
    let aliceEvents: number[];
    let bobEvent: number;

    beforeAll(async () => {
      [alice, bob] = await createUsers(t, 2);
      aliceEvents = [
        (
          await createEvent(t, alice, {
            startsAt: new Date(future(0)).toISOString(),
            endsAt: new Date(future(HOUR)).toISOString(),
          })
        ).id,
        (
          await createEvent(t, alice, {
            startsAt: new Date(future(HOUR)).toISOString(),
            endsAt: new Date(future(2 * HOUR)).toISOString(),
          })
        ).id,
      ];
      bobEvent = (await createEvent(t, bob)).id;
      // bob attends alice's second event, alice attends bob's event
      await t.http().post(`${EVENTS}/${aliceEvents[1]}/registration`).set(bob.auth).expect(201);
      await t.http().post(`${EVENTS}/${bobEvent}/registration`).set(alice.auth).expect(201);
    });

    it('owner=me lists the caller’s own events', async () => {
      expect(await listIds({ owner: 'me' }, alice)).toEqual(aliceEvents);
      expect(await listIds({ owner: 'me' }, bob)).toEqual([bobEvent]);
    });

    it('owner=<id> lists that user’s events for any viewer', async () => {
      expect(await listIds({ owner: alice.id })).toEqual(aliceEvents);
      expect(await listIds({ owner: alice.id }, bob)).toEqual(aliceEvents);
    });

    it('attendee=me lists the events the caller is registered to', async () => {
      expect(await listIds({ attendee: 'me' }, bob)).toEqual([aliceEvents[1]]);
      expect(await listIds({ attendee: 'me' }, alice)).toEqual([bobEvent]);
      expect(await listIds({ attendee: 'me' })).toEqual([]);
    });

    it('attendee=<id> lists that user’s registrations, with isAttending for the viewer', async () => {
      const res = await list({ attendee: bob.id }).expect(200);
      expect(ids(res)).toEqual([aliceEvents[1]]);
      expect(res.body.items[0]).toMatchObject({ isAttending: false, isOwner: false });
      const own = await list({ attendee: bob.id }, bob).expect(200);
      expect(own.body.items[0]).toMatchObject({ isAttending: true, isOwner: false });
    });

    it('owner and attendee combine', async () => {
      expect(await listIds({ owner: alice.id, attendee: bob.id })).toEqual([aliceEvents[1]]);
      expect(await listIds({ owner: bob.id, attendee: bob.id })).toEqual([]);
    });

    it.each(['2147483000', '9999999999'])(
      'a well-formed user id %s that does not exist matches nothing',
      async (id) => {
        const empty = {
          items: [],
          total: 0,
          totalRelation: 'eq',
          limit: 20,
          offset: 0,
          nextCursor: null,
        };
        expect((await list({ owner: id }).expect(200)).body).toEqual(empty);
        expect((await list({ attendee: id }).expect(200)).body).toEqual(empty);
      },
    );
  });

  describe('status', () => {
    let owner: TestUser;
    let past: number;
    let ongoing: number;
    let upcoming: number;

    beforeAll(async () => {
      owner = await createUser(t);
      const now = Date.now();
      past = await insertEvent(t, owner, { startsAt: now - 3 * HOUR, endsAt: now - HOUR });
      ongoing = await insertEvent(t, owner, { startsAt: now - HOUR, endsAt: now + HOUR });
      upcoming = await insertEvent(t, owner, { startsAt: now + HOUR, endsAt: now + 2 * HOUR });
    });

    it.each([
      ['upcoming', () => upcoming],
      ['ongoing', () => ongoing],
      ['past', () => past],
    ])('status=%s lists only events with that computed status', async (status, id) => {
      const res = await list({ owner: owner.id, status }).expect(200);
      expect(ids(res)).toEqual([id()]);
      expect(res.body.items[0].status).toBe(status);
    });

    it('computes each event’s status when no filter is given', async () => {
      const res = await list({ owner: owner.id }).expect(200);
      expect(items(res).map((e) => [e.id, e.status])).toEqual([
        [past, 'past'],
        [ongoing, 'ongoing'],
        [upcoming, 'upcoming'],
      ]);
    });
  });

  describe('startsAfter and startsBefore', () => {
    let owner: TestUser;
    let first: number;
    let second: number;
    let third: number;
    const at = (i: number) => future(i * HOUR + 123);
    const iso = (ms: number) => new Date(ms).toISOString();

    beforeAll(async () => {
      owner = await createUser(t);
      first = await insertEvent(t, owner, { startsAt: at(1), endsAt: at(1) + HOUR });
      second = await insertEvent(t, owner, { startsAt: at(2), endsAt: at(2) + HOUR });
      third = await insertEvent(t, owner, { startsAt: at(3), endsAt: at(3) + HOUR });
    });

    it('startsAfter includes an event starting exactly then', async () => {
      expect(await listIds({ owner: owner.id, startsAfter: iso(at(2)) })).toEqual([second, third]);
      expect(await listIds({ owner: owner.id, startsAfter: iso(at(2) + 1) })).toEqual([third]);
    });

    it('startsBefore includes an event starting exactly then', async () => {
      expect(await listIds({ owner: owner.id, startsBefore: iso(at(2)) })).toEqual([first, second]);
      expect(await listIds({ owner: owner.id, startsBefore: iso(at(2) - 1) })).toEqual([first]);
    });

    it('both bound one window', async () => {
      expect(
        await listIds({ owner: owner.id, startsAfter: iso(at(2)), startsBefore: iso(at(2)) }),
      ).toEqual([second]);
      expect(
        await listIds({ owner: owner.id, startsAfter: iso(at(1)), startsBefore: iso(at(3)) }),
      ).toEqual([first, second, third]);
    });

    it('reads bounds with an offset as the same instant', async () => {
      const plusTwo = new Date(at(2) + 2 * HOUR).toISOString().replace('Z', '+02:00');
      expect(await listIds({ owner: owner.id, startsAfter: plusTwo })).toEqual([second, third]);
      expect(await listIds({ owner: owner.id, startsBefore: plusTwo })).toEqual([first, second]);
    });
  });

  describe('q', () => {
    let owner: TestUser;
    const made: Record<string, number> = {};
    const events: [string, string, string | null][] = [
      ['rustName', 'Rust Meetup', null],
      ['rustDescription', 'Go night', 'with a RUST talk'],
      ['percent', '100% fun', null],
      ['plain', '100 fun', null],
      ['underscore', 'snake_case day', null],
      ['noUnderscore', 'snakeXcase day', null],
      ['backslash', 'C:\\temp party', null],
      ['umlauts', 'ÄÖÜ Fest', null],
      ['quote', "O'Reilly night", 'and "friends"'],
      ['accent', 'Cafe\u0301 & Cr\u00e8me', null],
    ];

    beforeAll(async () => {
      owner = await createUser(t);
      for (const [key, name, description] of events) {
        made[key] = (await createEvent(t, owner, { name, description })).id;
      }
    });

    const search = async (q: string) => {
      const found = await listIds({ owner: owner.id, q, limit: 100 });
      return Object.entries(made)
        .filter(([, id]) => found.includes(id))
        .map(([key]) => key)
        .sort();
    };

    it('matches a case-insensitive substring of the name or the description', async () => {
      expect(await search('rust')).toEqual(['rustDescription', 'rustName']);
      expect(await search('RuSt')).toEqual(['rustDescription', 'rustName']);
      expect(await search('ust mee')).toEqual(['rustName']);
    });

    it('treats % and _ as literal characters, not wildcards', async () => {
      expect(await search('%')).toEqual(['percent']);
      expect(await search('100%')).toEqual(['percent']);
      expect(await search('_')).toEqual(['underscore']);
      expect(await search('e_c')).toEqual(['underscore']);
      expect(await search('%%')).toEqual([]);
    });

    it('treats backslashes and quotes literally', async () => {
      expect(await search('\\')).toEqual(['backslash']);
      expect(await search('c:\\t')).toEqual(['backslash']);
      expect(await search("o'reilly")).toEqual(['quote']);
      expect(await search('"friends"')).toEqual(['quote']);
      expect(await search("'; DROP TABLE events; --")).toEqual([]);
    });

    it('matches non-ASCII text case-insensitively (ÄÖÜ finds äöü)', async () => {
      expect(await search('äöü')).toEqual(['umlauts']);
      expect(await search('ÄÖÜ')).toEqual(['umlauts']);
      expect(await search('cafe\u0301')).toEqual(['accent']);
      expect(await search('CRÈME')).toEqual(['accent']);
    });
  });

  describe('hasSpots', () => {
    let owner: TestUser;
    let open: number;
    let unlimited: number;
    let full: number;
    let ongoing: number;
    let past: number;

    beforeAll(async () => {
      owner = await createUser(t);
      const [a, b] = await createUsers(t, 2);
      open = (await createEvent(t, owner, { capacity: 2 })).id;
      unlimited = (await createEvent(t, owner, { capacity: null })).id;
      full = (await createEvent(t, owner, { capacity: 1 })).id;
      await t.http().post(`${EVENTS}/${open}/registration`).set(a.auth).expect(201);
      await t.http().post(`${EVENTS}/${full}/registration`).set(b.auth).expect(201);
      const now = Date.now();
      ongoing = await insertEvent(t, owner, { startsAt: now - HOUR, endsAt: now + HOUR });
      past = await insertEvent(t, owner, {
        startsAt: now - 3 * HOUR,
        endsAt: now - 2 * HOUR,
        capacity: 10,
      });
    });

    it('hasSpots=true lists upcoming events that are not full', async () => {
      expect((await listIds({ owner: owner.id, hasSpots: true })).sort()).toEqual(
        [open, unlimited].sort(),
      );
    });

    it('hasSpots=false lists full, ongoing and past events', async () => {
      expect((await listIds({ owner: owner.id, hasSpots: false })).sort()).toEqual(
        [full, ongoing, past].sort(),
      );
    });

    it('answers spotsLeft per event (null when unlimited)', async () => {
      const res = await list({ owner: owner.id }).expect(200);
      const spots = Object.fromEntries(
        items(res).map((e) => [e.id, [e.capacity, e.attendeeCount, e.spotsLeft]]),
      );
      expect(spots).toEqual({
        [open]: [2, 1, 1],
        [unlimited]: [null, 0, null],
        [full]: [1, 1, 0],
        [ongoing]: [null, 0, null],
        [past]: [10, 0, 10],
      });
    });
  });

  describe('combined filters', () => {
    let alice: TestUser;
    let bob: TestUser;
    let match: number;
    const excluded: Record<string, number> = {};
    const windowStart = () => future(DAY);
    const windowEnd = () => future(2 * DAY);

    beforeAll(async () => {
      let carol: TestUser;
      [alice, bob, carol] = await createUsers(t, 3);
      const make = async (
        owner: TestUser,
        overrides: { name?: string; startsAt?: number; capacity?: number; attend?: boolean } = {},
      ) => {
        const startsAt = overrides.startsAt ?? future(DAY + HOUR);
        const id = await insertEvent(t, owner, {
          name: overrides.name ?? 'Jazz evening',
          startsAt,
          endsAt: startsAt + HOUR,
          capacity: overrides.capacity ?? 5,
        });
        if (overrides.attend ?? true) await insertRegistration(t, id, bob.id);
        return id;
      };
      match = await make(alice);
      excluded.owner = await make(carol);
      excluded.attendee = await make(alice, { attend: false });
      excluded.q = await make(alice, { name: 'Blues evening' });
      excluded.hasSpots = await make(alice, { capacity: 1 });
      excluded.startsAfter = await make(alice, { startsAt: windowStart() - 1 });
      excluded.startsBefore = await make(alice, { startsAt: windowEnd() + 1 });
    });

    const query = (): Query => ({
      owner: alice.id,
      attendee: bob.id,
      q: 'JAZZ',
      hasSpots: true,
      status: 'upcoming',
      startsAfter: new Date(windowStart()).toISOString(),
      startsBefore: new Date(windowEnd()).toISOString(),
    });

    it('answers only the events that pass every filter', async () => {
      expect(await listIds(query())).toEqual([match]);
      expect(await listIds({ ...query(), owner: 'me' }, alice)).toEqual([match]);
      expect(await listIds({ ...query(), attendee: 'me' }, bob)).toEqual([match]);
    });

    it.each(['owner', 'attendee', 'q', 'hasSpots', 'startsAfter', 'startsBefore'])(
      'dropping %s lets exactly the event that fails only it back in',
      async (filter) => {
        const found = await listIds(without(query(), filter) as Query);
        const back = excluded[filter]!;
        expect(found.sort((a, b) => a - b)).toEqual([match, back].sort((a, b) => a - b));
      },
    );

    it('combines status with other filters', async () => {
      const now = Date.now();
      const pastJazz = await insertEvent(t, alice, {
        name: 'Jazz of the past',
        startsAt: now - 2 * HOUR,
        endsAt: now - HOUR,
      });
      await insertRegistration(t, pastJazz, bob.id);
      expect(
        await listIds({ owner: alice.id, attendee: bob.id, q: 'jazz', status: 'past' }),
      ).toEqual([pastJazz]);
      expect(await listIds({ owner: alice.id, q: 'jazz', status: 'past', hasSpots: true })).toEqual(
        [],
      );
    });
  });

  describe('sort', () => {
    let owner: TestUser;
    const e: number[] = [];

    beforeAll(async () => {
      owner = await createUser(t);
      const created = future(-5 * DAY);
      // [name, startsAt offset in hours, createdAt offset in ms]; ids ascend in this order.
      const rows: [string, number, number][] = [
        ['banana', 3, 1],
        ['Apple', 1, 3],
        ['cherry', 2, 2],
        ['apple', 1, 3], // ties the previous "Apple" on every sort key
      ];
      for (const [name, hours, createdMs] of rows) {
        e.push(
          await insertEvent(t, owner, {
            name,
            startsAt: future(hours * HOUR),
            endsAt: future(hours * HOUR + HOUR),
            createdAt: created + createdMs,
          }),
        );
      }
    });

    const [banana, upperApple, cherry, apple] = [0, 1, 2, 3];
    it.each([
      ['(default)', undefined, [upperApple, apple, cherry, banana]],
      ['startsAt', 'startsAt', [upperApple, apple, cherry, banana]],
      ['-startsAt', '-startsAt', [banana, cherry, upperApple, apple]],
      ['createdAt', 'createdAt', [banana, cherry, upperApple, apple]],
      ['-createdAt', '-createdAt', [upperApple, apple, cherry, banana]],
      ['name', 'name', [upperApple, apple, banana, cherry]],
      ['-name', '-name', [cherry, banana, upperApple, apple]],
    ])('sort=%s orders by that key, ties by id ascending', async (_, sort, order) => {
      const q: Query = { owner: owner.id };
      if (sort !== undefined) q.sort = sort;
      expect(await listIds(q)).toEqual(order.map((i) => e[i]));
    });

    it('keeps the order stable across pages', async () => {
      const pages = [];
      for (let offset = 0; offset < 4; offset += 1) {
        pages.push(
          ...ids(await list({ owner: owner.id, sort: '-name', limit: 1, offset }).expect(200)),
        );
      }
      expect(pages).toEqual([cherry, banana, upperApple, apple].map((i) => e[i]));
    });
  });

  describe('per-viewer fields', () => {
    it('answers isOwner, isAttending and spotsLeft for the caller', async () => {
      const [owner, attendee, stranger] = await createUsers(t, 3);
      const event = await createEvent(t, owner, { capacity: 3 });
      await t.http().post(`${EVENTS}/${event.id}/registration`).set(attendee.auth).expect(201);
      const view = async (user: TestUser) => {
        const res = await list({ owner: owner.id }, user).expect(200);
        const item = res.body.items[0] as EventBody;
        return [item.isOwner, item.isAttending, item.spotsLeft, item.attendeeCount];
      };
      expect(await view(owner)).toEqual([true, false, 2, 1]);
      expect(await view(attendee)).toEqual([false, true, 2, 1]);
      expect(await view(stranger)).toEqual([false, false, 2, 1]);
    });
  });

  it('answers 401 without a token before validating the query', async () => {
    expectProblem(await t.http().get(`${EVENTS}?limit=0&bogus=1`), 401, 'UNAUTHENTICATED');
  });
});
