import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  EVENTS,
  expectValidation,
  ids,
  items,
  storedEvent,
} from './event-factories';
import { TestUser } from './factories';
import { spotCalls } from './waitlist-support';

describe('categories, time zones and the new list filters', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let calls: ReturnType<typeof spotCalls>;

  beforeAll(async () => {
    t = await createTestApp();
    calls = spotCalls(t);
    [owner, other] = await createUsers(t, 2);
  });
  afterAll(() => t.close());

  const list = async (query: string, user: TestUser = owner) =>
    t.http().get(`${EVENTS}?${query}`).set(user.auth);

  describe('category', () => {
    it('defaults to other and takes each of the nine values', async () => {
      expect((await createEvent(t, owner)).category).toBe('other');
      for (const category of [
        'conference',
        'meetup',
        'workshop',
        'talk',
        'social',
        'sports',
        'music',
        'arts',
        'other',
      ]) {
        expect((await createEvent(t, owner, { category })).category).toBe(category);
      }
    });

    it('answers 400 on field category to an unknown value or null', async () => {
      const post = (category: unknown) =>
        t
          .http()
          .post(EVENTS)
          .set(owner.auth)
          .send({
            name: 'x',
            startsAt: new Date(Date.now() + 86_400_000).toISOString(),
            endsAt: new Date(Date.now() + 90_000_000).toISOString(),
            category,
          });
      for (const bad of ['party', 'Meetup', '', 3, null])
        expectValidation(await post(bad), ['category']);
      const event = await createEvent(t, owner, { category: 'talk' });
      const patch = (body: unknown) =>
        t
          .http()
          .patch(`${EVENTS}/${event.id}`)
          .set(owner.auth)
          .send(body as object);
      expectValidation(await patch({ category: null }), ['category']);
      expectValidation(await patch({ category: 'gala' }), ['category']);
      expect((await storedEvent(t, event.id))?.category).toBe('talk');
      expect((await patch({ category: 'music' }).expect(200)).body.category).toBe('music');
    });

    it('filters by one category or several, comma-separated', async () => {
      const [a, b, c] = [
        await createEvent(t, other, { category: 'sports' }),
        await createEvent(t, other, { category: 'arts' }),
        await createEvent(t, other, { category: 'social' }),
      ];
      const one = await list(`owner=${other.id}&category=sports`);
      expect(ids(one)).toEqual([a.id]);
      const two = await list(`owner=${other.id}&category=arts,sports&sort=createdAt`);
      expect(ids(two)).toEqual([a.id, b.id]);
      expect(two.body.total).toBe(2);
      expect(ids(await list(`owner=${other.id}&category=social`))).toEqual([c.id]);
    });

    it('answers 400 to an unknown, empty or malformed category filter', async () => {
      for (const bad of ['party', '', 'meetup,', ',meetup', 'meetup,,talk', 'MEETUP']) {
        expectValidation(await list(`category=${encodeURIComponent(bad)}`), ['category']);
      }
      expectValidation(await list('category=meetup&category=talk'), ['category']);
    });
  });

  describe('timeZone', () => {
    it('defaults to UTC, and answers the canonical spelling of a name matched case-insensitively', async () => {
      expect((await createEvent(t, owner)).timeZone).toBe('UTC');
      expect((await createEvent(t, owner, { timeZone: 'europe/berlin' })).timeZone).toBe(
        'Europe/Berlin',
      );
      const event = await createEvent(t, owner, { timeZone: 'AMERICA/NEW_YORK' });
      expect(event.timeZone).toBe('America/New_York');
      expect((await storedEvent(t, event.id))?.timeZone).toBe('America/New_York');
      expect((await createEvent(t, owner, { timeZone: 'utc' })).timeZone).toBe('UTC');
    });

    it('keeps instants in UTC whatever the zone', async () => {
      const event = await createEvent(t, owner, {
        timeZone: 'Asia/Tokyo',
        startsAt: '2030-01-01T09:00:00+09:00',
        endsAt: '2030-01-01T12:00:00+09:00',
      });
      expect(event).toMatchObject({
        startsAt: '2030-01-01T00:00:00.000Z',
        endsAt: '2030-01-01T03:00:00.000Z',
      });
    });

    it('answers 400 on field timeZone to a name the runtime does not know', async () => {
      const post = (timeZone: unknown) =>
        t
          .http()
          .post(EVENTS)
          .set(owner.auth)
          .send({
            name: 'x',
            startsAt: new Date(Date.now() + 86_400_000).toISOString(),
            endsAt: new Date(Date.now() + 90_000_000).toISOString(),
            timeZone,
          });
      for (const bad of [
        'Mars/Olympus',
        'CET+1',
        '',
        '+01:00',
        'Europe/',
        'x'.repeat(65),
        7,
        null,
      ]) {
        expectValidation(await post(bad), ['timeZone']);
      }
      const event = await createEvent(t, owner);
      const res = await t
        .http()
        .patch(`${EVENTS}/${event.id}`)
        .set(owner.auth)
        .send({ timeZone: null });
      expectValidation(res, ['timeZone']);
      const moved = await t
        .http()
        .patch(`${EVENTS}/${event.id}`)
        .set(owner.auth)
        .send({ timeZone: 'europe/lisbon' })
        .expect(200);
      expect(moved.body.timeZone).toBe('Europe/Lisbon');
    });
  });

  describe('waitlisted and hasSpots', () => {
    it('waitlisted=me and waitlisted=<id> list the events whose line the user stands in', async () => {
      const [waiter] = await createUsers(t, 1);
      const full = await createEvent(t, owner, { capacity: 1 });
      await calls.register(full.id, other).expect(201);
      await calls.join(full.id, waiter).expect(201);
      const mine = await list('waitlisted=me', waiter);
      expect(ids(mine)).toEqual([full.id]);
      expect(items(mine)[0]).toMatchObject({ isWaitlisted: true, waitlistPosition: 1 });
      expect(ids(await list(`waitlisted=${waiter.id}`))).toEqual([full.id]);
      // Attending is not waiting.
      expect(ids(await list('waitlisted=me', other))).not.toContain(full.id);
      expect(ids(await list('attendee=me', waiter))).not.toContain(full.id);
      expect(ids(await list('waitlisted=2147483648'))).toEqual([]);
      expectValidation(await list('waitlisted=abc'), ['waitlisted']);
    });

    it('hasSpots=true excludes full and cancelled events; hasSpots=false includes them', async () => {
      const [host] = await createUsers(t, 1);
      const open = await createEvent(t, host, { capacity: 2 });
      const full = await createEvent(t, host, { capacity: 1 });
      await calls.register(full.id, other).expect(201);
      const cancelled = await createEvent(t, host, { capacity: 5 });
      await t.http().post(`${EVENTS}/${cancelled.id}/cancellation`).set(host.auth).expect(200);
      expect(ids(await list(`owner=${host.id}&hasSpots=true`))).toEqual([open.id]);
      expect(ids(await list(`owner=${host.id}&hasSpots=false&sort=createdAt`))).toEqual([
        full.id,
        cancelled.id,
      ]);
    });
  });
});
