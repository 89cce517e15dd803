import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  EVENTS,
  EventBody,
  expectProblem,
  expectValidation,
  HOUR,
  ids,
  insertEvent,
  insertRegistration,
  makeAdmin,
  storedEvent,
  UTC_MS,
} from './event-factories';
import { TestUser } from './factories';
import { TestClock } from './support/test-clock';
import { expectInvariants, spotCalls, storedRows } from './waitlist-support';

describe('cancellation', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let admin: TestUser;
  let people: TestUser[];
  const clock = new TestClock();
  let calls: ReturnType<typeof spotCalls>;

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    calls = spotCalls(t);
    [owner, other, admin, ...people] = await createUsers(t, 7);
    await makeAdmin(t, admin);
  });
  afterAll(() => t.close());

  const cancel = (id: number | string, body?: unknown, user: TestUser = owner) => {
    const req = t.http().post(`${EVENTS}/${id}/cancellation`).set(user.auth);
    return body === undefined ? req : req.send(body as object);
  };
  const person = (i: number) => people[i]!;

  it('cancels an upcoming event: 200, status cancelled, reason trimmed, a new version and ETag', async () => {
    const event = await createEvent(t, owner, { capacity: 1 });
    await calls.register(event.id, person(0)).expect(201);
    await calls.join(event.id, person(1)).expect(201);
    const before = clock.now();
    const res = await cancel(event.id, { reason: '  The speaker is ill  ' }).expect(200);
    const body = res.body as EventBody;
    expect(body).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'The speaker is ill',
      version: event.version + 1,
      attendeeCount: 1,
      waitlistCount: 0,
    });
    expect(body.cancelledAt).toMatch(UTC_MS);
    expect(Date.parse(body.cancelledAt!)).toBeGreaterThanOrEqual(before - 1);
    expect(res.headers.etag).toBe(`"${event.version + 1}"`);
    // Registrations stay; the waiting list is emptied.
    expect(await storedRows(t, event.id)).toEqual({ attending: [person(0).id], waiting: [] });
    await expectInvariants(t, event.id, owner);
  });

  it('takes an empty body, and stores an empty or blank reason as null', async () => {
    const a = await createEvent(t, owner);
    expect((await cancel(a.id).expect(200)).body).toMatchObject({ cancellationReason: null });
    const b = await createEvent(t, owner);
    expect((await cancel(b.id, { reason: '   ' }).expect(200)).body).toMatchObject({
      cancellationReason: null,
    });
    const c = await createEvent(t, owner);
    expect((await cancel(c.id, {}).expect(200)).body).toMatchObject({ cancellationReason: null });
  });

  it('cancels an ongoing event', async () => {
    const id = await insertEvent(t, owner, {
      startsAt: clock.now() - HOUR,
      endsAt: clock.now() + HOUR,
    });
    const res = await cancel(id).expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled' });
  });

  it('answers 409 EVENT_ENDED for an event that has ended, and changes nothing', async () => {
    const id = await insertEvent(t, owner, {
      startsAt: clock.now() - 2 * HOUR,
      endsAt: clock.now() - HOUR,
    });
    expectProblem(await cancel(id), 409, 'EVENT_ENDED');
    expect(await storedEvent(t, id)).toMatchObject({ cancelledAt: null, version: 1 });
  });

  it('ends exactly at endsAt: cancellable a moment before, not at it', async () => {
    const event = await createEvent(t, owner, {
      startsAt: new Date(clock.now() + 60_000).toISOString(),
      endsAt: new Date(clock.now() + 120_000).toISOString(),
    });
    clock.advance(120_000);
    expectProblem(await cancel(event.id), 409, 'EVENT_ENDED');
  });

  it('answers 409 EVENT_CANCELLED to every change of a cancelled event; DELETE still works', async () => {
    const event = await createEvent(t, owner, { capacity: 5 });
    await calls.register(event.id, person(0)).expect(201);
    await cancel(event.id).expect(200);
    const stored = await storedEvent(t, event.id);
    expectProblem(await cancel(event.id), 409, 'EVENT_CANCELLED');
    expectProblem(await calls.register(event.id, person(1)), 409, 'EVENT_CANCELLED');
    expectProblem(await calls.unregister(event.id, person(0)), 409, 'EVENT_CANCELLED');
    expectProblem(await calls.join(event.id, person(1)), 409, 'EVENT_CANCELLED');
    expectProblem(await calls.leave(event.id, person(1)), 409, 'EVENT_CANCELLED');
    const patched = await t
      .http()
      .patch(`${EVENTS}/${event.id}`)
      .set(owner.auth)
      .send({ name: 'Back on' });
    expectProblem(patched, 409, 'EVENT_CANCELLED');
    expect(await storedEvent(t, event.id)).toEqual(stored);
    await t.http().delete(`${EVENTS}/${event.id}`).set(owner.auth).expect(204);
    expect(await storedEvent(t, event.id)).toBeNull();
  });

  it('checks EVENT_CANCELLED before EVENT_STARTED and EVENT_ENDED', async () => {
    const event = await createEvent(t, owner, {
      startsAt: new Date(clock.now() + 60_000).toISOString(),
      endsAt: new Date(clock.now() + 120_000).toISOString(),
    });
    await cancel(event.id).expect(200);
    clock.advance(180_000);
    expectProblem(await calls.register(event.id, person(1)), 409, 'EVENT_CANCELLED');
    expectProblem(await cancel(event.id), 409, 'EVENT_CANCELLED');
  });

  it('keeps a cancelled event readable and listed: status=cancelled and attendee=me', async () => {
    const event = await createEvent(t, owner, { capacity: 3 });
    await calls.register(event.id, person(2)).expect(201);
    await cancel(event.id, { reason: 'Venue closed' }).expect(200);
    const detail = await calls.detail(event.id, person(2));
    expect(detail).toMatchObject({
      status: 'cancelled',
      isAttending: true,
      cancellationReason: 'Venue closed',
    });
    const mine = await t.http().get(`${EVENTS}?attendee=me`).set(person(2).auth).expect(200);
    expect(ids(mine)).toContain(event.id);
    const cancelled = await t
      .http()
      .get(`${EVENTS}?status=cancelled&owner=me&limit=100`)
      .set(owner.auth)
      .expect(200);
    expect(ids(cancelled)).toContain(event.id);
    const upcoming = await t
      .http()
      .get(`${EVENTS}?status=upcoming&owner=me&limit=100`)
      .set(owner.auth)
      .expect(200);
    expect(ids(upcoming)).not.toContain(event.id);
    const open = await t
      .http()
      .get(`${EVENTS}?hasSpots=true&owner=me&limit=100`)
      .set(owner.auth)
      .expect(200);
    expect(ids(open)).not.toContain(event.id);
  });

  it('a cancelled event that was ongoing is listed as cancelled only', async () => {
    const id = await insertEvent(t, owner, {
      startsAt: clock.now() - HOUR,
      endsAt: clock.now() + HOUR,
    });
    await cancel(id).expect(200);
    const ongoing = await t
      .http()
      .get(`${EVENTS}?status=ongoing&owner=me&limit=100`)
      .set(owner.auth)
      .expect(200);
    expect(ids(ongoing)).not.toContain(id);
  });

  it('lets an admin cancel any event; anyone else gets 403 NOT_EVENT_OWNER', async () => {
    const event = await createEvent(t, owner);
    expectProblem(await cancel(event.id, {}, other), 403, 'NOT_EVENT_OWNER');
    expect(await storedEvent(t, event.id)).toMatchObject({ cancelledAt: null });
    await cancel(event.id, {}, admin).expect(200);
  });

  it('validates the body: reason ≤ 500 characters, a string, no unknown fields', async () => {
    const event = await createEvent(t, owner);
    expectValidation(await cancel(event.id, { reason: 'x'.repeat(501) }), ['reason']);
    expectValidation(await cancel(event.id, { reason: 5 }), ['reason']);
    expectValidation(await cancel(event.id, { why: 'no' }), ['why']);
    expect(await storedEvent(t, event.id)).toMatchObject({ cancelledAt: null, version: 1 });
    const long = await cancel(event.id, { reason: 'y'.repeat(500) }).expect(200);
    expect(long.body.cancellationReason).toHaveLength(500);
  });

  it('check order: 401 → path 400 → 404 → 403 → body 400 → 409', async () => {
    expectProblem(await t.http().post(`${EVENTS}/1/cancellation`), 401, 'UNAUTHENTICATED');
    expectValidation(await cancel('abc', { reason: 5 }), ['id']);
    expectProblem(await cancel(999_999_999, { reason: 5 }), 404, 'EVENT_NOT_FOUND');
    const event = await createEvent(t, owner);
    expectProblem(await cancel(event.id, { reason: 5 }, other), 403, 'NOT_EVENT_OWNER');
    await cancel(event.id).expect(200);
    expectValidation(await cancel(event.id, { reason: 5 }), ['reason']);
  });

  it('keeps the registrations of an event with registrations written before', async () => {
    const event = await createEvent(t, owner, { capacity: 2 });
    await insertRegistration(t, event.id, person(3).id);
    await cancel(event.id).expect(200);
    const detail = await calls.detail(event.id, owner);
    expect(detail.attendees.map((a) => a.id)).toEqual([person(3).id]);
  });
});
