import { createTestApp, TestApp } from './app.factory';
import {
  countRegistrations,
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
  SECOND,
  storedEvent,
} from './event-factories';
import { createUser, TestUser } from './factories';
import { TestClock } from './support/test-clock';

describe('registrations', () => {
  let t: TestApp;
  let owner: TestUser;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    owner = await createUser(t);
  });
  afterAll(() => t.close());

  const register = (id: number | string, user: TestUser) =>
    t.http().post(`${EVENTS}/${id}/registration`).set(user.auth);
  const unregister = (id: number | string, user: TestUser) =>
    t.http().delete(`${EVENTS}/${id}/registration`).set(user.auth);
  const detail = async (id: number, user: TestUser = owner) =>
    (await t.http().get(`${EVENTS}/${id}`).set(user.auth).expect(200)).body as EventBody & {
      attendees: { id: number; username: string }[];
    };

  describe('POST /events/:id/registration', () => {
    it('registers the caller and answers 201 with the event as the caller sees it', async () => {
      const event = await createEvent(t, owner, { capacity: 3 });
      const user = await createUser(t);
      const res = await register(event.id, user).expect(201);
      expect(res.body).toEqual({
        ...event,
        attendeeCount: 1,
        spotsLeft: 2,
        isOwner: false,
        myRole: null,
        isAttending: true,
        registrationStatus: 'attending',
        pendingCount: null,
        checkedInCount: null,
      });
      expect(await detail(event.id)).toMatchObject({
        attendeeCount: 1,
        isAttending: false,
        attendees: [{ id: user.id, username: user.username }],
      });
      expect(await countRegistrations(t, event.id)).toBe(1);
    });

    it('lets the owner register like anyone else', async () => {
      const event = await createEvent(t, owner);
      const res = await register(event.id, owner).expect(201);
      expect(res.body).toMatchObject({ isOwner: true, isAttending: true, attendeeCount: 1 });
    });

    it('keeps spotsLeft null for an unlimited event', async () => {
      const event = await createEvent(t, owner, { capacity: null });
      const res = await register(event.id, await createUser(t)).expect(201);
      expect(res.body).toMatchObject({ capacity: null, spotsLeft: null, attendeeCount: 1 });
    });

    it('answers 409 ALREADY_REGISTERED to a second registration and counts the caller once', async () => {
      const event = await createEvent(t, owner, { capacity: 5 });
      const user = await createUser(t);
      await register(event.id, user).expect(201);
      expectProblem(await register(event.id, user), 409, 'ALREADY_REGISTERED');
      expect(await detail(event.id)).toMatchObject({ attendeeCount: 1 });
      expect(await countRegistrations(t, event.id)).toBe(1);
    });

    it('answers 409 EVENT_FULL when the last spot is taken', async () => {
      const event = await createEvent(t, owner, { capacity: 2 });
      const [a, b, c] = await createUsers(t, 3);
      await register(event.id, a).expect(201);
      const last = await register(event.id, b).expect(201);
      expect(last.body).toMatchObject({ attendeeCount: 2, spotsLeft: 0 });
      expectProblem(await register(event.id, c), 409, 'EVENT_FULL');
      expect(await detail(event.id)).toMatchObject({ attendeeCount: 2, spotsLeft: 0 });
      expect(await countRegistrations(t, event.id)).toBe(2);
    });

    it('frees the spot of someone who unregisters', async () => {
      const event = await createEvent(t, owner, { capacity: 1 });
      const [a, b] = await createUsers(t, 2);
      await register(event.id, a).expect(201);
      expectProblem(await register(event.id, b), 409, 'EVENT_FULL');
      await unregister(event.id, a).expect(204);
      await register(event.id, b).expect(201);
      expect((await detail(event.id)).attendees.map((u) => u.id)).toEqual([b.id]);
    });

    it('answers ALREADY_REGISTERED rather than EVENT_FULL to an attendee of a full event', async () => {
      const event = await createEvent(t, owner, { capacity: 1 });
      const user = await createUser(t);
      await register(event.id, user).expect(201);
      expectProblem(await register(event.id, user), 409, 'ALREADY_REGISTERED');
    });

    it('answers 409 EVENT_STARTED for an ongoing or past event, before any other conflict', async () => {
      const [a, b] = await createUsers(t, 2);
      const now = Date.now();
      const ongoing = await insertEvent(t, owner, {
        startsAt: now - HOUR,
        endsAt: now + HOUR,
        capacity: 1,
      });
      const past = await insertEvent(t, owner, { startsAt: now - 2 * HOUR, endsAt: now - HOUR });
      await insertRegistration(t, ongoing, a.id);
      expectProblem(await register(past, b), 409, 'EVENT_STARTED');
      // full, and already registered: the start still answers first
      expectProblem(await register(ongoing, b), 409, 'EVENT_STARTED');
      expectProblem(await register(ongoing, a), 409, 'EVENT_STARTED');
      expect(await countRegistrations(t, ongoing)).toBe(1);
      expect(await countRegistrations(t, past)).toBe(0);
    });

    it('closes registration and unregistration at the moment the event starts', async () => {
      const [early, late] = await createUsers(t, 2);
      const startsAt = clock.now() + 1.5 * SECOND;
      const event = await createEvent(t, owner, {
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + HOUR).toISOString(),
      });
      await register(event.id, early).expect(201);
      clock.advance(startsAt - clock.now() + 50);
      expectProblem(await register(event.id, late), 409, 'EVENT_STARTED');
      expectProblem(await unregister(event.id, early), 409, 'EVENT_STARTED');
      expectProblem(await unregister(event.id, late), 409, 'EVENT_STARTED');
      expect(await detail(event.id)).toMatchObject({
        status: 'ongoing',
        attendeeCount: 1,
        attendees: [{ id: early.id, username: early.username }],
      });
    });

    it('answers 404 EVENT_NOT_FOUND for an unknown event and 400 for a malformed id', async () => {
      const user = await createUser(t);
      expectProblem(await register(987654321, user), 404, 'EVENT_NOT_FOUND');
      expectValidation(await register('abc', user), ['id']);
      expectValidation(await register('0', user), ['id']);
    });

    it.each([
      ['no body', undefined, undefined],
      ['an empty application/json body', 'application/json', ''],
      ['an empty text/plain body', 'text/plain', ''],
      ['an empty body with an unusual media type', 'application/octet-stream', ''],
    ])('accepts %s', async (_, contentType, body) => {
      const event = await createEvent(t, owner);
      const user = await createUser(t);
      let request = register(event.id, user);
      if (contentType !== undefined) request = request.set('Content-Type', contentType);
      const res = await (body === undefined ? request : request.send(body));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: event.id, isAttending: true });
    });

    it('answers 400 to a body with fields (no userId for someone else) and registers nobody', async () => {
      const event = await createEvent(t, owner);
      const [user, victim] = await createUsers(t, 2);
      expectValidation(await register(event.id, user).send({ userId: victim.id }), ['userId']);
      expectValidation(await register(event.id, user).send([victim.id]), ['body']);
      expect(await countRegistrations(t, event.id)).toBe(0);
      await register(event.id, user).send({}).expect(201);
    });

    it('checks the body after existence and before the event start (400 before 409)', async () => {
      const now = Date.now();
      const started = await insertEvent(t, owner, { startsAt: now - HOUR, endsAt: now + HOUR });
      const user = await createUser(t);
      expectProblem(await register(987654321, user).send({ x: 1 }), 404, 'EVENT_NOT_FOUND');
      expectValidation(await register(started, user).send({ x: 1 }), ['x']);
      expectValidation(await unregister(started, user).send({ x: 1 }), ['x']);
      expectProblem(await register(started, user), 409, 'EVENT_STARTED');
    });

    it('answers 415 to a non-empty non-JSON body', async () => {
      const event = await createEvent(t, owner);
      const user = await createUser(t);
      const res = await register(event.id, user).set('Content-Type', 'text/plain').send('hello');
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await countRegistrations(t, event.id)).toBe(0);
    });
  });

  describe('DELETE /events/:id/registration', () => {
    it('unregisters the caller and answers 204 without a body', async () => {
      const event = await createEvent(t, owner, { capacity: 2 });
      const [a, b] = await createUsers(t, 2);
      await register(event.id, a).expect(201);
      await register(event.id, b).expect(201);
      const res = await unregister(event.id, a).expect(204);
      expect(res.text).toBe('');
      expect(await detail(event.id, a)).toMatchObject({
        attendeeCount: 1,
        spotsLeft: 1,
        isAttending: false,
        attendees: [{ id: b.id, username: b.username }],
      });
      expect(await countRegistrations(t, event.id)).toBe(1);
    });

    it('answers 409 NOT_REGISTERED without a registration, and after unregistering', async () => {
      const event = await createEvent(t, owner, { capacity: 2 });
      const [a, b] = await createUsers(t, 2);
      await register(event.id, b).expect(201);
      expectProblem(await unregister(event.id, a), 409, 'NOT_REGISTERED');
      await register(event.id, a).expect(201);
      await unregister(event.id, a).expect(204);
      expectProblem(await unregister(event.id, a), 409, 'NOT_REGISTERED');
      expect(await detail(event.id)).toMatchObject({ attendeeCount: 1 });
    });

    it('answers EVENT_STARTED before NOT_REGISTERED once the event started', async () => {
      const user = await createUser(t);
      const now = Date.now();
      const id = await insertEvent(t, owner, { startsAt: now - HOUR, endsAt: now + HOUR });
      expectProblem(await unregister(id, user), 409, 'EVENT_STARTED');
    });

    it('accepts an empty text/plain body', async () => {
      const event = await createEvent(t, owner);
      const user = await createUser(t);
      await register(event.id, user).expect(201);
      await unregister(event.id, user).set('Content-Type', 'text/plain').send('').expect(204);
    });

    it('answers 404 EVENT_NOT_FOUND for an unknown event and 400 for a malformed id', async () => {
      const user = await createUser(t);
      expectProblem(await unregister(987654321, user), 404, 'EVENT_NOT_FOUND');
      expectValidation(await unregister('1e3', user), ['id']);
    });
  });

  describe('attendees', () => {
    it('lists attendees in registration order; re-registering moves to the end', async () => {
      const event = await createEvent(t, owner, { capacity: 10 });
      const [a, b, c] = await createUsers(t, 3);
      for (const user of [b, c, a]) await register(event.id, user).expect(201);
      const order = async () => (await detail(event.id)).attendees.map((u) => u.id);
      expect(await order()).toEqual([b.id, c.id, a.id]);
      await unregister(event.id, b).expect(204);
      await register(event.id, b).expect(201);
      expect(await order()).toEqual([c.id, a.id, b.id]);
    });

    it('shows isAttending per viewer', async () => {
      const event = await createEvent(t, owner, { capacity: 10 });
      const [attendee, stranger] = await createUsers(t, 2);
      await register(event.id, attendee).expect(201);
      expect(await detail(event.id, attendee)).toMatchObject({
        isAttending: true,
        isOwner: false,
      });
      expect(await detail(event.id, stranger)).toMatchObject({
        isAttending: false,
        isOwner: false,
      });
      expect(await detail(event.id, owner)).toMatchObject({ isAttending: false, isOwner: true });
    });
  });

  describe('capacity changes', () => {
    const patch = (id: number, body: object) =>
      t.http().patch(`${EVENTS}/${id}`).set(owner.auth).send(body);

    it('answers 409 CAPACITY_BELOW_ATTENDEES when lowering capacity below the attendee count', async () => {
      const event = await createEvent(t, owner, { capacity: 5, description: 'keep' });
      const users = await createUsers(t, 3);
      for (const user of users) await register(event.id, user).expect(201);
      const before = await storedEvent(t, event.id);
      expectProblem(
        await patch(event.id, { capacity: 2, description: 'changed' }),
        409,
        'CAPACITY_BELOW_ATTENDEES',
      );
      expect(await storedEvent(t, event.id)).toEqual(before);
    });

    it('lowers capacity to exactly the attendee count, after which the event is full', async () => {
      const event = await createEvent(t, owner, { capacity: 5 });
      const users = await createUsers(t, 3);
      for (const user of users) await register(event.id, user).expect(201);
      const res = await patch(event.id, { capacity: 3 }).expect(200);
      expect(res.body).toMatchObject({ capacity: 3, attendeeCount: 3, spotsLeft: 0 });
      expectProblem(await register(event.id, await createUser(t)), 409, 'EVENT_FULL');
      const open = await t
        .http()
        .get(EVENTS)
        .query({ owner: 'me', hasSpots: true })
        .set(owner.auth)
        .expect(200);
      expect(ids(open)).not.toContain(event.id);
    });

    it('raises capacity or makes it unlimited, which opens the event again', async () => {
      const event = await createEvent(t, owner, { capacity: 1 });
      const [a, b, c] = await createUsers(t, 3);
      await register(event.id, a).expect(201);
      expectProblem(await register(event.id, b), 409, 'EVENT_FULL');
      await patch(event.id, { capacity: 2 }).expect(200);
      await register(event.id, b).expect(201);
      const res = await patch(event.id, { capacity: null }).expect(200);
      expect(res.body).toMatchObject({ capacity: null, spotsLeft: null, attendeeCount: 2 });
      await register(event.id, c).expect(201);
    });

    it('keeps the attendee count when other fields of a started event change', async () => {
      const now = Date.now();
      const id = await insertEvent(t, owner, { startsAt: now - HOUR, endsAt: now + HOUR });
      const user = await createUser(t);
      await insertRegistration(t, id, user.id);
      const res = await patch(id, { name: 'Renamed while running' }).expect(200);
      expect(res.body).toMatchObject({ attendeeCount: 1, status: 'ongoing' });
    });
  });

  it('refuses a registration for a deleted event with 404', async () => {
    const event = await createEvent(t, owner);
    const user = await createUser(t);
    await register(event.id, user).expect(201);
    await t.http().delete(`${EVENTS}/${event.id}`).set(owner.auth).expect(204);
    expectProblem(await register(event.id, user), 404, 'EVENT_NOT_FOUND');
    expectProblem(await unregister(event.id, user), 404, 'EVENT_NOT_FOUND');
    expect(await countRegistrations(t, event.id)).toBe(0);
  });
});
