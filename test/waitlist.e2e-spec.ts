import { Registration } from '../src/events/entities/registration.entity';
import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  EVENTS,
  expectProblem,
  expectValidation,
  HOUR,
  insertEvent,
  storedEvent,
} from './event-factories';
import { createUser, TestUser } from './factories';
import { TestClock } from './support/test-clock';
import { expectInvariants, spotCalls, storedRows, tally } from './waitlist-support';

describe('waiting list', () => {
  let t: TestApp;
  let owner: TestUser;
  let users: TestUser[];
  const clock = new TestClock();
  let calls: ReturnType<typeof spotCalls>;

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    calls = spotCalls(t);
    owner = await createUser(t);
    users = await createUsers(t, 12);
  });
  afterAll(() => t.close());

  const user = (i: number) => users[i]!;
  const at = (ms: number) => new Date(clock.now() + ms).toISOString();
  const patch = (id: number, body: object) =>
    t.http().patch(`${EVENTS}/${id}`).set(owner.auth).send(body);

  /** A full event: `capacity` attendees (users 0…capacity-1), then `waiting` in line after them. */
  async function fullEvent(capacity: number, waiting: number, startsIn = 24 * HOUR) {
    const event = await createEvent(t, owner, {
      capacity,
      startsAt: at(startsIn),
      endsAt: at(startsIn + 2 * HOUR),
    });
    for (let i = 0; i < capacity; i++) await calls.register(event.id, user(i)).expect(201);
    for (let i = capacity; i < capacity + waiting; i++) {
      await calls.join(event.id, user(i)).expect(201);
    }
    return event;
  }

  describe('POST /events/:id/waitlist', () => {
    it('puts the caller at the end of the line of a full event: 201 with its position', async () => {
      const event = await fullEvent(2, 1);
      const res = await calls.join(event.id, user(3)).expect(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({
        id: event.id,
        attendeeCount: 2,
        spotsLeft: 0,
        waitlistCount: 2,
        isAttending: false,
        isWaitlisted: true,
        waitlistPosition: 2,
      });
      const detail = await expectInvariants(t, event.id, owner);
      expect(detail.waitlist).toEqual([
        { id: user(2).id, username: user(2).username },
        { id: user(3).id, username: user(3).username },
      ]);
      expect(detail).toMatchObject({ isWaitlisted: false, waitlistPosition: null });
      expect((await calls.detail(event.id, user(2))).waitlistPosition).toBe(1);
    });

    it('answers 409 EVENT_NOT_FULL while a spot is free or capacity is unlimited', async () => {
      const open = await createEvent(t, owner, { capacity: 2 });
      expectProblem(await calls.join(open.id, user(0)), 409, 'EVENT_NOT_FULL');
      const unlimited = await createEvent(t, owner, { capacity: null });
      expectProblem(await calls.join(unlimited.id, user(0)), 409, 'EVENT_NOT_FULL');
      expect(await storedRows(t, open.id)).toEqual({ attending: [], waiting: [] });
      expect((await storedEvent(t, unlimited.id))?.waitlistCount).toBe(0);
    });

    it('answers 409 ALREADY_REGISTERED to an attendee and ALREADY_WAITLISTED to someone waiting', async () => {
      const event = await fullEvent(1, 1);
      expectProblem(await calls.join(event.id, user(0)), 409, 'ALREADY_REGISTERED');
      expectProblem(await calls.join(event.id, user(1)), 409, 'ALREADY_WAITLISTED');
      const detail = await expectInvariants(t, event.id, owner);
      expect(detail).toMatchObject({ attendeeCount: 1, waitlistCount: 1 });
    });

    it('checks ALREADY_REGISTERED before EVENT_NOT_FULL', async () => {
      const event = await createEvent(t, owner, { capacity: 3 });
      await calls.register(event.id, user(0)).expect(201);
      expectProblem(await calls.join(event.id, user(0)), 409, 'ALREADY_REGISTERED');
    });

    it('answers 409 ALREADY_WAITLISTED when someone waiting tries to register directly', async () => {
      const event = await fullEvent(1, 1);
      expectProblem(await calls.register(event.id, user(1)), 409, 'ALREADY_WAITLISTED');
      expect(await storedRows(t, event.id)).toEqual({
        attending: [user(0).id],
        waiting: [user(1).id],
      });
    });

    it('answers 409 EVENT_FULL to a newcomer registering while people wait', async () => {
      const event = await fullEvent(1, 1);
      expectProblem(await calls.register(event.id, user(5)), 409, 'EVENT_FULL');
      await expectInvariants(t, event.id, owner);
    });

    it('answers 404 for an unknown event and 400 for a malformed id or a body with fields', async () => {
      expectProblem(await calls.join(999_999_999, user(0)), 404, 'EVENT_NOT_FOUND');
      expectValidation(await t.http().post(`${EVENTS}/abc/waitlist`).set(user(0).auth), ['id']);
      const event = await fullEvent(1, 0);
      const res = await t
        .http()
        .post(`${EVENTS}/${event.id}/waitlist`)
        .set(user(1).auth)
        .send({ position: 1 });
      expect(res.status).toBe(400);
      expect((await storedEvent(t, event.id))?.waitlistCount).toBe(0);
    });

    it('answers 401 without a token', async () => {
      const event = await fullEvent(1, 0);
      expectProblem(await t.http().post(`${EVENTS}/${event.id}/waitlist`), 401, 'UNAUTHENTICATED');
    });
  });

  describe('DELETE /events/:id/waitlist', () => {
    it('takes the caller out of the line: 204, and the others move up', async () => {
      const event = await fullEvent(1, 3);
      await calls.leave(event.id, user(2)).expect(204);
      const detail = await expectInvariants(t, event.id, owner);
      expect(detail.waitlist.map((w) => w.id)).toEqual([user(1).id, user(3).id]);
      expect((await calls.detail(event.id, user(3))).waitlistPosition).toBe(2);
      expect((await calls.detail(event.id, user(1))).waitlistPosition).toBe(1);
    });

    it('answers 409 NOT_WAITLISTED to someone not in line, an attendee included', async () => {
      const event = await fullEvent(1, 1);
      expectProblem(await calls.leave(event.id, user(5)), 409, 'NOT_WAITLISTED');
      expectProblem(await calls.leave(event.id, user(0)), 409, 'NOT_WAITLISTED');
      const open = await createEvent(t, owner, { capacity: 5 });
      expectProblem(await calls.leave(open.id, user(0)), 409, 'NOT_WAITLISTED');
      await expectInvariants(t, event.id, owner);
    });

    it('a person waiting cannot unregister (409 NOT_REGISTERED) and stays in line', async () => {
      const event = await fullEvent(1, 1);
      expectProblem(await calls.unregister(event.id, user(1)), 409, 'NOT_REGISTERED');
      expect((await storedRows(t, event.id)).waiting).toEqual([user(1).id]);
    });
  });

  describe('promotion', () => {
    it('on unregistration: the first in line becomes the last attendee, in the same request', async () => {
      const event = await fullEvent(2, 3);
      const before = clock.now();
      await calls.unregister(event.id, user(0)).expect(204);
      const detail = await expectInvariants(t, event.id, owner);
      expect(detail.attendees.map((a) => a.id)).toEqual([user(1).id, user(2).id]);
      expect(detail.waitlist.map((w) => w.id)).toEqual([user(3).id, user(4).id]);
      expect(detail).toMatchObject({ attendeeCount: 2, spotsLeft: 0, waitlistCount: 2 });
      const promoted = await calls.detail(event.id, user(2));
      expect(promoted).toMatchObject({
        isAttending: true,
        isWaitlisted: false,
        waitlistPosition: null,
      });
      const row = await t.dataSource
        .getRepository(Registration)
        .findOneByOrFail({ eventId: event.id, userId: user(2).id });
      // Registered as of the promotion, not the join.
      expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before);
      expect((await calls.detail(event.id, user(4))).waitlistPosition).toBe(2);
    });

    it('on a capacity raise: as many as there are new spots, in line order', async () => {
      const event = await fullEvent(2, 4);
      const res = await patch(event.id, { capacity: 4 }).expect(200);
      expect(res.body).toMatchObject({ capacity: 4, attendeeCount: 4, waitlistCount: 2 });
      const detail = await expectInvariants(t, event.id, owner);
      expect(detail.attendees.map((a) => a.id)).toEqual([0, 1, 2, 3].map((i) => user(i).id));
      expect(detail.waitlist.map((w) => w.id)).toEqual([user(4).id, user(5).id]);
    });

    it('on removing the capacity: everyone in line, in order', async () => {
      const event = await fullEvent(1, 3);
      const res = await patch(event.id, { capacity: null }).expect(200);
      expect(res.body).toMatchObject({ capacity: null, attendeeCount: 4, waitlistCount: 0 });
      const detail = await expectInvariants(t, event.id, owner);
      expect(detail.attendees.map((a) => a.id)).toEqual([0, 1, 2, 3].map((i) => user(i).id));
    });

    it('a raise beyond the line promotes everyone and leaves the rest of the spots free', async () => {
      const event = await fullEvent(1, 2);
      const res = await patch(event.id, { capacity: 10 }).expect(200);
      expect(res.body).toMatchObject({ attendeeCount: 3, spotsLeft: 7, waitlistCount: 0 });
      await expectInvariants(t, event.id, owner);
    });

    it('a newcomer never takes a spot ahead of the line', async () => {
      const event = await fullEvent(1, 1);
      await calls.unregister(event.id, user(0)).expect(204);
      // The spot went to user 1, so the event is full again.
      expectProblem(await calls.register(event.id, user(7)), 409, 'EVENT_FULL');
      expect(await storedRows(t, event.id)).toEqual({ attending: [user(1).id], waiting: [] });
    });

    it('nobody is promoted once the event started: the line is frozen', async () => {
      const event = await fullEvent(1, 2, 60_000);
      clock.advance(61_000);
      expectProblem(await calls.unregister(event.id, user(0)), 409, 'EVENT_STARTED');
      expectProblem(await calls.join(event.id, user(5)), 409, 'EVENT_STARTED');
      expectProblem(await calls.leave(event.id, user(1)), 409, 'EVENT_STARTED');
      // A started event stays editable; a raise promotes nobody.
      const res = await patch(event.id, { capacity: 5 }).expect(200);
      expect(res.body).toMatchObject({ status: 'ongoing', attendeeCount: 1, waitlistCount: 2 });
      expect(await storedRows(t, event.id)).toEqual({
        attending: [user(0).id],
        waiting: [user(1).id, user(2).id],
      });
    });
  });

  it('a started event written directly answers EVENT_STARTED to a join', async () => {
    const id = await insertEvent(t, owner, {
      startsAt: clock.now() - HOUR,
      endsAt: clock.now() + HOUR,
      capacity: 1,
    });
    expectProblem(await calls.join(id, user(0)), 409, 'EVENT_STARTED');
  });

  it('five people racing to join one full event get places 1…5, each once', async () => {
    const event = await fullEvent(1, 0);
    const racers = [1, 2, 3, 4, 5].map(user);
    const responses = await Promise.all(racers.map((racer) => calls.join(event.id, racer)));
    expect(tally(responses)).toEqual({ '201': 5 });
    const positions = responses.map(
      (res) => (res.body as { waitlistPosition: number }).waitlistPosition,
    );
    expect([...positions].sort()).toEqual([1, 2, 3, 4, 5]);
    const detail = await expectInvariants(t, event.id, owner);
    // Queue order is join order: each racer's place is its rank in the stored line.
    for (const [i, racer] of racers.entries()) {
      expect(detail.waitlist.findIndex((w) => w.id === racer.id) + 1).toBe(positions[i]);
    }
  });
});
