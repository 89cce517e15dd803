import ICAL from 'ical.js';
import { createTestApp, TestApp } from './app.factory';
import {
  createUsers,
  DAY,
  EVENTS,
  EventBody,
  expectProblem,
  expectValidation,
  HOUR,
  ids,
  makeAdmin,
} from './event-factories';
import { TestUser } from './factories';
import { clockAtDecember2026, createSeries, SERIES, SeriesBody } from './series-support';
import { expectInvariants, spotCalls, tally } from './waitlist-support';

const MINUTE = 60_000;
const LATER = 20 * MINUTE;

// Series of up to 200 events and racing requests: slower than the default 5 s on a busy machine.
jest.setTimeout(60_000);

/** Series changes: PATCH, cancellation, DELETE, the list filter and calendars, on real HTTP. */
describe('series: changes', () => {
  let t: TestApp;
  let owner: TestUser;
  let cohost: TestUser;
  let checker: TestUser;
  let stranger: TestUser;
  let admin: TestUser;
  let people: TestUser[];
  const clock = clockAtDecember2026();
  let calls: ReturnType<typeof spotCalls>;

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    calls = spotCalls(t);
    [owner, cohost, checker, stranger, admin, ...people] = await createUsers(t, 21);
    await makeAdmin(t, admin);
  }, 60_000);
  afterAll(() => t.close());

  /**
   * A daily series whose first occurrence starts ten minutes from the test clock's now (`LATER`
   * makes it ongoing while access tokens, an hour long, stay valid).
   */
  const daily = (overrides: Record<string, unknown> = {}) => {
    const start = clock.now() + 10 * MINUTE;
    return createSeries(t, owner, {
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * HOUR).toISOString(),
      recurrence: 'FREQ=DAILY;COUNT=3',
      ...overrides,
    });
  };
  const read = async (id: number, user: TestUser = owner) =>
    (await t.http().get(`${SERIES}/${id}`).set(user.auth).expect(200)).body as SeriesBody;
  const patch = (id: number, body: object, user: TestUser = owner) =>
    t.http().patch(`${SERIES}/${id}`).set(user.auth).send(body);
  const cancel = (id: number, body: object = {}, user: TestUser = owner) =>
    t.http().post(`${SERIES}/${id}/cancellation`).set(user.auth).send(body);
  const person = (i: number) => people[i]!;
  const occurrence = (series: SeriesBody, i: number) => series.occurrences[i]!;

  describe('PATCH /series/:id', () => {
    it('applies to every upcoming occurrence, each a new version (200 the series)', async () => {
      const series = await daily({ capacity: 5 });
      const res = await patch(series.id, { name: '  Renamed  ', location: 'Hall B' }).expect(200);
      const body = res.body as SeriesBody;
      expect(body.id).toBe(series.id);
      for (const event of body.occurrences) {
        expect(event).toMatchObject({ name: 'Renamed', location: 'Hall B', version: 2 });
      }
      const single = await t
        .http()
        .get(`${EVENTS}/${occurrence(body, 1).id}`)
        .set(owner.auth);
      expect(single.headers.etag).toBe('"2"');
    });

    it('answers 409 CAPACITY_BELOW_ATTENDEES and changes nothing when one occurrence has too many', async () => {
      const series = await daily({ capacity: 5 });
      for (const i of [0, 1, 2])
        await calls.register(occurrence(series, 1).id, person(i)).expect(201);
      const before = await read(series.id);
      const res = await patch(series.id, { capacity: 2, name: 'Smaller' });
      expectProblem(res, 409, 'CAPACITY_BELOW_ATTENDEES');
      expect(await read(series.id)).toEqual(before);
      expect(before.occurrences.map((o) => [o.version, o.capacity, o.name])).toEqual(
        series.occurrences.map((o) => [1, 5, o.name]),
      );
    });

    it('leaves started and cancelled occurrences alone, and promotes on a raised capacity', async () => {
      const series = await daily({ capacity: 1 });
      const [first, second, third] = series.occurrences as [EventBody, EventBody, EventBody];
      await t.http().post(`${EVENTS}/${second.id}/cancellation`).set(owner.auth).expect(200);
      await calls.register(third.id, person(0)).expect(201);
      await calls.join(third.id, person(1)).expect(201);
      clock.advance(LATER); // the first occurrence is now ongoing
      try {
        const res = await patch(series.id, { capacity: 3, category: 'workshop' }).expect(200);
        const [a, b, c] = (res.body as SeriesBody).occurrences as [EventBody, EventBody, EventBody];
        expect([a.status, a.version, a.capacity, a.category]).toEqual(['ongoing', 1, 1, 'other']);
        expect([b.status, b.version, b.capacity]).toEqual(['cancelled', 2, 1]);
        expect([c.version, c.capacity, c.category, c.attendeeCount]).toEqual([2, 3, 'workshop', 2]);
        expect(first.id).toBe(a.id);
        const detail = await expectInvariants(t, c.id, owner);
        expect(detail.attendees.map((p) => p.id)).toEqual([person(0).id, person(1).id]);
      } finally {
        clock.advance(-LATER);
      }
    });

    it('gives a new question the same id on every upcoming occurrence, and turns approval on for all', async () => {
      const series = await daily({
        questions: [{ label: 'Diet', type: 'text', required: true }],
      });
      const [diet] = occurrence(series, 0).questions;
      const res = await patch(series.id, {
        questions: [
          { id: diet!.id, label: 'Diet', type: 'text', required: true },
          { label: 'T-shirt size', type: 'text' },
        ],
        requiresApproval: true,
      }).expect(200);
      const lists = (res.body as SeriesBody).occurrences.map((o) => o.questions);
      expect(lists[0]).toEqual([
        diet,
        {
          id: expect.any(String),
          label: 'T-shirt size',
          type: 'text',
          required: false,
          options: null,
        },
      ]);
      expect(lists.every((list) => JSON.stringify(list) === JSON.stringify(lists[0]))).toBe(true);
      expect((res.body as SeriesBody).occurrences.every((o) => o.requiresApproval)).toBe(true);

      // The shared id is valid on every occurrence in the next series change.
      const [, shirt] = lists[0]!;
      await patch(series.id, {
        questions: [diet, { ...shirt!, label: 'Shirt size' }],
      }).expect(200);
      expect(
        (await read(series.id)).occurrences.map((o) => o.questions.map((q) => q.label)),
      ).toEqual([0, 1, 2].map(() => ['Diet', 'Shirt size']));
    });

    it('answers 409 QUESTIONS_LOCKED and changes nothing when one occurrence has registrations', async () => {
      const series = await daily({ questions: [{ label: 'Diet', type: 'text' }] });
      await calls.register(occurrence(series, 2).id, person(0)).expect(201);
      const before = await read(series.id);
      const res = await patch(series.id, { questions: [], name: 'No questions' });
      expectProblem(res, 409, 'QUESTIONS_LOCKED');
      expect(await read(series.id)).toEqual(before);
    });

    it('validates like an event PATCH and takes no time, zone or unknown field', async () => {
      const series = await daily();
      expectValidation(await patch(series.id, { name: '   ' }), ['name']);
      expectValidation(await patch(series.id, { capacity: 0 }), ['capacity']);
      expectValidation(await patch(series.id, { category: null }), ['category']);
      expectValidation(await patch(series.id, { startsAt: '2027-05-01T10:00:00Z' }), ['startsAt']);
      expectValidation(await patch(series.id, { timeZone: 'UTC' }), ['timeZone']);
      expectValidation(await patch(series.id, { recurrence: 'FREQ=DAILY;COUNT=2' }), [
        'recurrence',
      ]);
      expect((await read(series.id)).occurrences.every((o) => o.version === 1)).toBe(true);
    });
  });

  describe('who may change a series', () => {
    it('lets cohosts of the first occurrence edit and cancel, the owner and admins delete', async () => {
      const series = await daily();
      const first = occurrence(series, 0).id;
      const putHost = (user: TestUser, role: string) =>
        t.http().put(`${EVENTS}/${first}/hosts/${user.id}`).set(owner.auth).send({ role });
      await putHost(cohost, 'cohost').expect(200);
      await putHost(checker, 'checker').expect(200);
      expectProblem(await patch(series.id, { name: 'x' }, stranger), 403, 'NOT_EVENT_OWNER');
      expectProblem(await patch(series.id, { name: 'x' }, checker), 403, 'NOT_EVENT_HOST');
      // 403 before the body is validated, as for events.
      expectProblem(await patch(series.id, { name: '' }, stranger), 403, 'NOT_EVENT_OWNER');
      await patch(series.id, { name: 'By the cohost' }, cohost).expect(200);
      await patch(series.id, { name: 'By an admin' }, admin).expect(200);
      const remove = (user: TestUser) => t.http().delete(`${SERIES}/${series.id}`).set(user.auth);
      expectProblem(await remove(cohost), 403, 'NOT_EVENT_HOST');
      expectProblem(await remove(stranger), 403, 'NOT_EVENT_OWNER');
      expectProblem(await cancel(series.id, {}, checker), 403, 'NOT_EVENT_HOST');
      await cancel(series.id, {}, cohost).expect(200);
      await remove(admin).expect(204);
    });

    it('answers 404 SERIES_NOT_FOUND before 403, and 412 for an If-Match other than *', async () => {
      expectProblem(await patch(999_999, { name: 'x' }, stranger), 404, 'SERIES_NOT_FOUND');
      expectProblem(await cancel(999_999, {}, stranger), 404, 'SERIES_NOT_FOUND');
      const series = await daily();
      const res = await t
        .http()
        .patch(`${SERIES}/${series.id}`)
        .set(owner.auth)
        .set('If-Match', '"1"')
        .send({ name: 'stale?' });
      expectProblem(res, 412, 'PRECONDITION_FAILED');
      await t
        .http()
        .patch(`${SERIES}/${series.id}`)
        .set(owner.auth)
        .set('If-Match', '*')
        .send({ name: 'any version' })
        .expect(200);
    });
  });

  describe('POST /series/:id/cancellation', () => {
    it('cancels every upcoming occurrence with the reason, keeps the started one (200)', async () => {
      const series = await daily({ capacity: 1 });
      await calls.register(occurrence(series, 2).id, person(2)).expect(201);
      await calls.join(occurrence(series, 2).id, person(3)).expect(201);
      clock.advance(LATER);
      try {
        const res = await cancel(series.id, { reason: ' Venue closed ' }).expect(200);
        const [a, b, c] = (res.body as SeriesBody).occurrences as [EventBody, EventBody, EventBody];
        expect([a.status, a.version]).toEqual(['ongoing', 1]);
        for (const event of [b, c]) {
          expect(event).toMatchObject({
            status: 'cancelled',
            cancellationReason: 'Venue closed',
            version: 2,
          });
        }
        expect([c.attendeeCount, c.waitlistCount]).toEqual([1, 0]);
        const again = await cancel(series.id).expect(200);
        expect((again.body as SeriesBody).occurrences.map((o) => o.version)).toEqual([1, 2, 2]);
        const attending = await t.http().get(`${EVENTS}?attendee=me`).set(person(2).auth);
        expect(ids(attending)).toContain(c.id);
      } finally {
        clock.advance(-LATER);
      }
    });

    it('loses no registration and never overbooks while registrations race on one occurrence', async () => {
      const series = await daily({ capacity: 5 });
      const target = occurrence(series, 1).id;
      const racers = people.slice(0, 15);
      const [cancelled, ...responses] = await Promise.all([
        cancel(series.id, { reason: 'race' }),
        ...racers.map((user) => calls.register(target, user)),
      ]);
      expect(cancelled.status).toBe(200);
      const counted = tally(responses);
      const registered = counted['201'] ?? 0;
      expect(registered).toBeLessThanOrEqual(5);
      const failures = Object.keys(counted).filter((key) => key !== '201');
      expect(failures.every((key) => ['409 EVENT_FULL', '409 EVENT_CANCELLED'].includes(key))).toBe(
        true,
      );
      const detail = await expectInvariants(t, target, owner);
      expect(detail.status).toBe('cancelled');
      const winners = racers.filter((_, i) => responses[i]!.status === 201).map((u) => u.id);
      expect(detail.attendees.map((a) => a.id).sort()).toEqual(winners.sort());
      expect(detail.attendeeCount).toBe(registered);
    });
  });

  describe('DELETE /series/:id', () => {
    it('deletes the series and every occurrence with its registrations (204)', async () => {
      const series = await daily({ capacity: 3 });
      await calls.register(occurrence(series, 0).id, person(4)).expect(201);
      await t.http().delete(`${SERIES}/${series.id}`).set(owner.auth).expect(204);
      expectProblem(
        await t.http().get(`${SERIES}/${series.id}`).set(owner.auth),
        404,
        'SERIES_NOT_FOUND',
      );
      for (const event of series.occurrences) {
        expectProblem(
          await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth),
          404,
          'EVENT_NOT_FOUND',
        );
      }
      const other = await daily();
      expectValidation(
        await t.http().delete(`${SERIES}/${other.id}`).set(owner.auth).send({ x: 1 }),
        ['x'],
      );
      await read(other.id);
    });

    it('deletes one occurrence as an event; the series keeps the others', async () => {
      const series = await daily();
      await t
        .http()
        .delete(`${EVENTS}/${occurrence(series, 1).id}`)
        .set(owner.auth)
        .expect(204);
      expect((await read(series.id)).occurrences.map((o) => o.id)).toEqual([
        occurrence(series, 0).id,
        occurrence(series, 2).id,
      ]);
    });
  });

  describe('occurrences as events', () => {
    it('lists a series with seriesId, paged by cursor, and refuses a malformed seriesId', async () => {
      const series = await daily({ recurrence: 'FREQ=DAILY;COUNT=5' });
      await daily(); // another series, not listed
      const list = (query: string) => t.http().get(`${EVENTS}?${query}`).set(stranger.auth);
      const all = await list(`seriesId=${series.id}`).expect(200);
      expect(ids(all)).toEqual(series.occurrences.map((o) => o.id));
      expect(all.body.total).toBe(5);
      const page = await list(`seriesId=${series.id}&limit=2`).expect(200);
      const next = await list(
        `seriesId=${series.id}&limit=3&cursor=${page.body.nextCursor as string}`,
      ).expect(200);
      expect([...ids(page), ...ids(next)]).toEqual(series.occurrences.map((o) => o.id));
      // A cursor is bound to its filter, seriesId included.
      expectValidation(await list(`limit=3&cursor=${page.body.nextCursor as string}`), ['cursor']);
      for (const bad of ['abc', '0', '-1', '1.5', '12345678901']) {
        expectValidation(await list(`seriesId=${bad}`), ['seriesId']);
      }
      expect(ids(await list('seriesId=2147483648').expect(200))).toEqual([]);
      expectValidation(await list(`seriesId=${series.id}&seriesId=${series.id}`), ['seriesId']);
    });

    it('appears in the event calendar and the feed as single events', async () => {
      const series = await daily({ recurrence: 'FREQ=WEEKLY;COUNT=2' });
      const [a, b] = series.occurrences as [EventBody, EventBody];
      const one = await t.http().get(`${EVENTS}/${a.id}/calendar`).set(stranger.auth).expect(200);
      const calendar = new ICAL.Component(ICAL.parse(one.text));
      const [vevent, ...more] = calendar.getAllSubcomponents('vevent');
      expect(more).toEqual([]);
      expect(vevent!.getFirstPropertyValue('rrule')).toBeNull();
      expect(vevent!.getFirstPropertyValue('uid')).toMatch(new RegExp(`^event-${a.id}@`));
      await calls.register(a.id, person(5)).expect(201);
      await calls.register(b.id, person(5)).expect(201);
      const feed = await t.http().post('/api/v1/users/me/calendar-feed').set(person(5).auth);
      const url = new URL((feed.body as { url: string }).url);
      const text = (
        await t
          .http()
          .get(url.pathname + url.search)
          .expect(200)
      ).text;
      const uids = new ICAL.Component(ICAL.parse(text))
        .getAllSubcomponents('vevent')
        .map((event) => event.getFirstPropertyValue('uid') as string);
      const listed = uids.map((uid) => Number(/^event-(\d+)@/.exec(uid)?.[1]));
      expect(listed.sort((x, y) => x - y)).toEqual([a.id, b.id].sort((x, y) => x - y));
      expect(a.startsAt).not.toBe(b.startsAt);
      expect(Date.parse(b.startsAt) - Date.parse(a.startsAt)).toBe(7 * DAY);
    });
  });
});
