import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  EVENTS,
  EventBody,
  EventDetailBody,
  expectProblem,
  expectValidation,
  makeAdmin,
  storedEvent,
} from './event-factories';
import { createUser, TestUser } from './factories';
import { TestClock } from './support/test-clock';
import { tally } from './waitlist-support';

// Dozens of concurrent requests per test: seconds on a busy 2-core CI machine.
jest.setTimeout(60_000);

interface Row {
  id: number;
  status: string;
  answers: unknown[];
  checkedInAt: string | null;
  registeredAt: string;
}

describe('registration approval', () => {
  let t: TestApp;
  let owner: TestUser;
  let cohost: TestUser;
  let checker: TestUser;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    [owner, cohost, checker] = await createUsers(t, 3);
  });
  afterAll(() => t.close());

  async function approvalEvent(overrides: Record<string, unknown> = {}): Promise<EventBody> {
    const event = await createEvent(t, owner, { requiresApproval: true, ...overrides });
    for (const [user, role] of [
      [cohost, 'cohost'],
      [checker, 'checker'],
    ] as const) {
      await t
        .http()
        .put(`${EVENTS}/${event.id}/hosts/${user.id}`)
        .set(owner.auth)
        .send({ role })
        .expect(200);
    }
    return event;
  }

  const register = (id: number, user: TestUser) =>
    t.http().post(`${EVENTS}/${id}/registration`).set(user.auth);
  const withdraw = (id: number, user: TestUser) =>
    t.http().delete(`${EVENTS}/${id}/registration`).set(user.auth);
  const approve = (id: number, userId: number, by = owner) =>
    t.http().post(`${EVENTS}/${id}/registrations/${userId}/approval`).set(by.auth);
  const decline = (id: number, userId: number, body?: object, by = owner) => {
    const req = t.http().post(`${EVENTS}/${id}/registrations/${userId}/decline`).set(by.auth);
    return body === undefined ? req : req.send(body);
  };
  const read = async (id: number, user: TestUser) =>
    (await t.http().get(`${EVENTS}/${id}`).set(user.auth).expect(200)).body as EventDetailBody;
  const rows = async (id: number, query = '') =>
    (await t.http().get(`${EVENTS}/${id}/attendees${query}`).set(owner.auth).expect(200)).body
      .items as Row[];

  it('a request holds no spot: 201 pending, not counted, pendingCount for the hosts only', async () => {
    const event = await approvalEvent({ capacity: 1 });
    const user = await createUser(t);
    const res = await register(event.id, user).expect(201);
    expect(res.body).toMatchObject({
      registrationStatus: 'pending',
      isAttending: false,
      isWaitlisted: false,
      attendeeCount: 0,
      spotsLeft: 1,
      pendingCount: null,
      checkedInCount: null,
    });
    for (const host of [owner, cohost, checker]) {
      expect(await read(event.id, host)).toMatchObject({ pendingCount: 1, checkedInCount: 0 });
    }
    const detail = await read(event.id, user);
    expect(detail).toMatchObject({ attendees: [], waitlist: [], registrationStatus: 'pending' });
    expect((await storedEvent(t, event.id))?.attendeeCount).toBe(0);
    const admin = await makeAdmin(t, await createUser(t));
    expect(await read(event.id, admin)).toMatchObject({ pendingCount: 1 });
  });

  it('answers 409 ALREADY_REGISTERED to a second request', async () => {
    const event = await approvalEvent();
    const user = await createUser(t);
    await register(event.id, user).expect(201);
    expectProblem(await register(event.id, user), 409, 'ALREADY_REGISTERED');
    expect(await read(event.id, owner)).toMatchObject({ pendingCount: 1 });
  });

  it('has no waiting list: joining it is 409 APPROVAL_REQUIRED for everyone', async () => {
    const event = await approvalEvent({ capacity: 1 });
    for (const user of [await createUser(t), owner]) {
      const res = await t.http().post(`${EVENTS}/${event.id}/waitlist`).set(user.auth);
      expectProblem(res, 409, 'APPROVAL_REQUIRED');
    }
  });

  it('approval: 200 the row, now attending, holding a spot; registeredAt stays the request time', async () => {
    const event = await approvalEvent({ capacity: 2 });
    const user = await createUser(t);
    await register(event.id, user).expect(201);
    const [requested] = await rows(event.id);
    clock.advance(60_000);
    const res = await approve(event.id, user.id, cohost).expect(200);
    expect(res.body).toEqual({
      id: user.id,
      username: user.username,
      email: `${user.username}@example.com`,
      firstName: null,
      lastName: null,
      status: 'attending',
      registeredAt: requested!.registeredAt,
      answers: [],
      checkedInAt: null,
    });
    expect(await read(event.id, user)).toMatchObject({
      registrationStatus: 'attending',
      isAttending: true,
      attendeeCount: 1,
      spotsLeft: 1,
    });
    expect(await read(event.id, owner)).toMatchObject({
      pendingCount: 0,
      attendees: [{ id: user.id, username: user.username }],
    });
    expectProblem(await approve(event.id, user.id), 409, 'NOT_PENDING');
  });

  it('approval when no spot is free: 409 EVENT_FULL, the request stays pending', async () => {
    const event = await approvalEvent({ capacity: 1 });
    const [a, b] = await createUsers(t, 2);
    await register(event.id, a).expect(201);
    await register(event.id, b).expect(201);
    await approve(event.id, a.id).expect(200);
    expectProblem(await approve(event.id, b.id), 409, 'EVENT_FULL');
    expect(await read(event.id, b)).toMatchObject({ registrationStatus: 'pending' });
    expect(await read(event.id, owner)).toMatchObject({ attendeeCount: 1, pendingCount: 1 });
  });

  it('decline: 200 the row, declined; registering again is 409 REGISTRATION_DECLINED', async () => {
    const event = await approvalEvent();
    const user = await createUser(t);
    await register(event.id, user).expect(201);
    const res = await decline(event.id, user.id, { reason: '  Full of friends  ' }).expect(200);
    expect(res.body).toMatchObject({ id: user.id, status: 'declined', checkedInAt: null });
    expect(await read(event.id, user)).toMatchObject({ registrationStatus: 'declined' });
    expect(await read(event.id, owner)).toMatchObject({ pendingCount: 0, attendeeCount: 0 });
    expectProblem(await register(event.id, user), 409, 'REGISTRATION_DECLINED');
    expectProblem(await decline(event.id, user.id), 409, 'NOT_PENDING');
    expectProblem(await approve(event.id, user.id), 409, 'NOT_PENDING');
    // withdrawing is for pending requests; the declined row stays
    expectProblem(await withdraw(event.id, user), 409, 'NOT_REGISTERED');
  });

  it('decline validates its reason (≤ 500) and takes no other field', async () => {
    const event = await approvalEvent();
    const user = await createUser(t);
    await register(event.id, user).expect(201);
    expectValidation(await decline(event.id, user.id, { reason: 'x'.repeat(501) }), ['reason']);
    expectValidation(await decline(event.id, user.id, { why: 'x' }), ['why']);
    await decline(event.id, user.id, {}).expect(200);
  });

  it('NOT_PENDING for someone who never asked, an attendee, or a user that does not exist', async () => {
    const event = await approvalEvent({ requiresApproval: false });
    const attendee = await createUser(t);
    await register(event.id, attendee).expect(201);
    for (const userId of [attendee.id, (await createUser(t)).id, 999_999]) {
      expectProblem(await approve(event.id, userId), 409, 'NOT_PENDING');
      expectProblem(await decline(event.id, userId), 409, 'NOT_PENDING');
    }
  });

  it('roles: checkers, attendees and strangers may not decide; a malformed user id is 400', async () => {
    const event = await approvalEvent();
    const user = await createUser(t);
    await register(event.id, user).expect(201);
    expectProblem(await approve(event.id, user.id, checker), 403, 'NOT_EVENT_HOST');
    expectProblem(await decline(event.id, user.id, undefined, checker), 403, 'NOT_EVENT_HOST');
    expectProblem(await approve(event.id, user.id, user), 403, 'NOT_EVENT_OWNER');
    expectValidation(await approve(event.id, 'abc' as unknown as number), ['userId']);
    expectProblem(await approve(999_999_999, user.id), 404, 'EVENT_NOT_FOUND');
    expect(await read(event.id, user)).toMatchObject({ registrationStatus: 'pending' });
  });

  it('the requester withdraws a pending request with DELETE /registration (204), and may ask again', async () => {
    const event = await approvalEvent();
    const user = await createUser(t);
    await register(event.id, user).expect(201);
    await withdraw(event.id, user).expect(204);
    expect(await read(event.id, user)).toMatchObject({ registrationStatus: null });
    expect(await read(event.id, owner)).toMatchObject({ pendingCount: 0 });
    expectProblem(await approve(event.id, user.id), 409, 'NOT_PENDING');
    await register(event.id, user).expect(201);
  });

  it('once the event started, deciding is 409 EVENT_STARTED; on a cancelled one EVENT_CANCELLED', async () => {
    const soon = (ms: number) => new Date(clock.now() + ms).toISOString();
    const started = await approvalEvent({ startsAt: soon(10 * 60_000), endsAt: soon(3_600_000) });
    const cancelled = await approvalEvent();
    const user = await createUser(t);
    await register(started.id, user).expect(201);
    await register(cancelled.id, user).expect(201);
    await t.http().post(`${EVENTS}/${cancelled.id}/cancellation`).set(owner.auth).expect(200);
    expectProblem(await approve(cancelled.id, user.id), 409, 'EVENT_CANCELLED');
    expectProblem(await decline(cancelled.id, user.id), 409, 'EVENT_CANCELLED');
    clock.advance(20 * 60_000); // started, within the access token's hour
    expectProblem(await approve(started.id, user.id), 409, 'EVENT_STARTED');
    expectProblem(await decline(started.id, user.id), 409, 'EVENT_STARTED');
    expect(await read(started.id, owner)).toMatchObject({ pendingCount: 1, attendeeCount: 0 });
  });

  it('lists attending, waitlisted, pending, declined in that order; ?status= filters; unknown is 400', async () => {
    const event = await createEvent(t, owner, { capacity: 1 });
    const [a, w, p, d] = await createUsers(t, 4);
    await register(event.id, a).expect(201);
    await t.http().post(`${EVENTS}/${event.id}/waitlist`).set(w.auth).expect(201);
    await t.http().patch(`${EVENTS}/${event.id}`).set(owner.auth).send({ requiresApproval: true });
    await register(event.id, d).expect(201);
    await register(event.id, p).expect(201);
    await decline(event.id, d.id).expect(200);
    expect((await rows(event.id)).map((row) => [row.id, row.status])).toEqual([
      [a.id, 'attending'],
      [w.id, 'waitlisted'],
      [p.id, 'pending'],
      [d.id, 'declined'],
    ]);
    for (const [status, user] of [
      ['attending', a],
      ['waitlisted', w],
      ['pending', p],
      ['declined', d],
    ] as const) {
      expect((await rows(event.id, `?status=${status}`)).map((row) => row.id)).toEqual([user.id]);
    }
    const bad = await t
      .http()
      .get(`${EVENTS}/${event.id}/attendees?status=someday`)
      .set(owner.auth);
    expectValidation(bad, ['status']);
    const csv = await t
      .http()
      .get(`${EVENTS}/${event.id}/attendees?format=csv`)
      .set(owner.auth)
      .expect(200);
    expect(
      csv.text
        .split('\r\n')
        .slice(1, 5)
        .map((line) => line.split(',')[5]),
    ).toEqual(['attending', 'waitlisted', 'pending', 'declined']);
  });

  it('keeps the waiting list working on an event that turned to approval while people wait', async () => {
    const event = await createEvent(t, owner, { capacity: 1 });
    const [a, w, p] = await createUsers(t, 3);
    await register(event.id, a).expect(201);
    await t.http().post(`${EVENTS}/${event.id}/waitlist`).set(w.auth).expect(201);
    await t.http().patch(`${EVENTS}/${event.id}`).set(owner.auth).send({ requiresApproval: true });
    await register(event.id, p).expect(201);
    // the line goes first: a request cannot take the spot of someone waiting
    expectProblem(await approve(event.id, p.id), 409, 'EVENT_FULL');
    await withdraw(event.id, a).expect(204);
    expect(await read(event.id, w)).toMatchObject({ registrationStatus: 'attending' });
  });

  describe('races', () => {
    it('10 concurrent approvals for 1 spot: exactly one 200, nine 409 EVENT_FULL', async () => {
      const event = await approvalEvent({ capacity: 1 });
      const users = await createUsers(t, 10);
      for (const user of users) await register(event.id, user).expect(201);
      const responses = await Promise.all(users.map((user) => approve(event.id, user.id)));
      expect(tally(responses)).toEqual({ '200': 1, '409 EVENT_FULL': 9 });
      const after = await read(event.id, owner);
      expect(after).toMatchObject({ attendeeCount: 1, spotsLeft: 0, pendingCount: 9 });
      expect((await storedEvent(t, event.id))?.attendeeCount).toBe(1);
      expect((await rows(event.id, '?status=attending')).map((row) => row.id)).toEqual([
        users[responses.findIndex((res) => res.status === 200)]!.id,
      ]);
    });

    it('10 concurrent approvals of one request: one 200, the others 409 NOT_PENDING', async () => {
      const event = await approvalEvent({ capacity: 5 });
      const user = await createUser(t);
      await register(event.id, user).expect(201);
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => approve(event.id, user.id, i % 2 ? owner : cohost)),
      );
      expect(tally(responses)).toEqual({ '200': 1, '409 NOT_PENDING': 9 });
      expect(await read(event.id, owner)).toMatchObject({ attendeeCount: 1, pendingCount: 0 });
    });

    it('approvals racing registrations on a mixed event never overbook', async () => {
      const event = await approvalEvent({ capacity: 3, requiresApproval: true });
      const requesters = await createUsers(t, 6);
      for (const user of requesters) await register(event.id, user).expect(201);
      await t
        .http()
        .patch(`${EVENTS}/${event.id}`)
        .set(owner.auth)
        .send({ requiresApproval: false });
      const newcomers = await createUsers(t, 6);
      const responses = await Promise.all([
        ...requesters.map((user) => approve(event.id, user.id)),
        ...newcomers.map((user) => register(event.id, user)),
      ]);
      const won = responses.filter((res) => res.status === 200 || res.status === 201);
      expect(won).toHaveLength(3);
      const after = await read(event.id, owner);
      expect(after).toMatchObject({ attendeeCount: 3, spotsLeft: 0 });
      expect(after.attendees).toHaveLength(3);
    });
  });
});
