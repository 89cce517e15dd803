import { createTestApp, TestApp } from './app.factory';
import {
  countRegistrations,
  createEvent,
  createUsers,
  EVENTS,
  EventDetailBody,
  storedEvent,
} from './event-factories';
import { createUser, TestUser } from './factories';
import { expectInvariants, spotCalls, tally } from './waitlist-support';

// Dozens of concurrent requests per test: seconds on a busy 2-core CI machine.
jest.setTimeout(30_000);

describe('races: capacity holds under concurrency', () => {
  let t: TestApp;
  let owner: TestUser;
  let users: TestUser[];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t);
    users = await createUsers(t, 30);
  });
  afterAll(() => t.close());

  const register = (id: number, user: TestUser) =>
    t.http().post(`${EVENTS}/${id}/registration`).set(user.auth);
  const unregister = (id: number, user: TestUser) =>
    t.http().delete(`${EVENTS}/${id}/registration`).set(user.auth);
  const calls = { join: (id: number, user: TestUser) => spotCalls(t).join(id, user) };
  const detail = async (id: number) =>
    (await t.http().get(`${EVENTS}/${id}`).set(owner.auth).expect(200)).body as EventDetailBody;

  /** attendee_count as stored equals the registration rows, and never exceeds capacity. */
  async function expectConsistent(id: number): Promise<EventDetailBody> {
    const event = await detail(id);
    const stored = await storedEvent(t, id);
    const rows = await countRegistrations(t, id);
    expect(stored?.attendeeCount).toBe(rows);
    expect(event.attendeeCount).toBe(rows);
    expect(event.attendees).toHaveLength(rows);
    if (event.capacity !== null) expect(rows).toBeLessThanOrEqual(event.capacity);
    return event;
  }

  it('30 users racing for 10 spots: exactly 10 × 201 and 20 × 409 EVENT_FULL', async () => {
    const event = await createEvent(t, owner, { capacity: 10 });
    const responses = await Promise.all(users.map((user) => register(event.id, user)));
    expect(tally(responses)).toEqual({ '201': 10, '409 EVENT_FULL': 20 });
    const after = await expectConsistent(event.id);
    expect(after).toMatchObject({ attendeeCount: 10, spotsLeft: 0 });
    const winners = users.filter((_, i) => responses[i]!.status === 201).map((u) => u.id);
    expect(after.attendees.map((a) => a.id).sort()).toEqual(winners.sort());
  });

  it('one user racing itself 10 times registers exactly once', async () => {
    const event = await createEvent(t, owner, { capacity: 5 });
    const user = users[0]!;
    const responses = await Promise.all(Array.from({ length: 10 }, () => register(event.id, user)));
    expect(tally(responses)).toEqual({ '201': 1, '409 ALREADY_REGISTERED': 9 });
    const after = await expectConsistent(event.id);
    expect(after.attendees).toEqual([{ id: user.id, username: user.username }]);
  });

  it('one user racing itself to unregister is unregistered exactly once', async () => {
    const event = await createEvent(t, owner, { capacity: 5 });
    const [user, other] = [users[1]!, users[2]!];
    await register(event.id, user).expect(201);
    await register(event.id, other).expect(201);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => unregister(event.id, user)),
    );
    expect(tally(responses)).toEqual({ '204': 1, '409 NOT_REGISTERED': 9 });
    expect(await expectConsistent(event.id)).toMatchObject({ attendeeCount: 1 });
  });

  it('unregistrations and registrations racing on a full event never overbook', async () => {
    const event = await createEvent(t, owner, { capacity: 5 });
    const leaving = users.slice(0, 5);
    const joining = users.slice(5, 20);
    for (const user of leaving) await register(event.id, user).expect(201);
    const requests = [
      ...joining.map((user) => register(event.id, user)),
      ...leaving.map((user) => unregister(event.id, user)),
    ];
    const responses = await Promise.all(requests);
    const joined = responses.slice(0, joining.length);
    const left = responses.slice(joining.length);
    expect(tally(left)).toEqual({ '204': 5 });
    const { '201': registered = 0, ...failed } = tally(joined);
    expect(failed).toEqual({ '409 EVENT_FULL': joining.length - registered });
    const after = await expectConsistent(event.id);
    expect(after.attendeeCount).toBe(registered);
    expect(registered).toBeLessThanOrEqual(5);
  });

  it('lowering capacity while registrations race never leaves more attendees than capacity', async () => {
    for (let round = 0; round < 6; round += 1) {
      const event = await createEvent(t, owner, { capacity: 20 });
      const early = users.slice(0, 5);
      for (const user of early) await register(event.id, user).expect(201);
      const racing = users.slice(5, 20);
      // the PATCH goes out at a different point of the burst each round
      const position = Math.floor((round * racing.length) / 5);
      const patchRequest = t
        .http()
        .patch(`${EVENTS}/${event.id}`)
        .set(owner.auth)
        .send({ capacity: 10 });
      const requests = racing.map((user) => register(event.id, user));
      requests.splice(position, 0, patchRequest);
      const responses = await Promise.all(requests);
      const patchResponse = responses.splice(position, 1)[0]!;
      const { '201': registered = 0, ...failed } = tally(responses);

      const after = await expectConsistent(event.id);
      expect(after.attendeeCount).toBe(5 + registered);
      if (patchResponse.status === 200) {
        expect(after.capacity).toBe(10);
        expect(after.attendeeCount).toBeLessThanOrEqual(10);
        expect(failed).toEqual(registered < 15 ? { '409 EVENT_FULL': 15 - registered } : {});
      } else {
        // the PATCH lost: more than 10 had registered when it was written
        expect(patchResponse.status).toBe(409);
        expect(patchResponse.body.code).toBe('CAPACITY_BELOW_ATTENDEES');
        expect(after.capacity).toBe(20);
        expect(failed).toEqual({});
        expect(registered).toBe(15);
      }
    }
  });

  it('registrations racing a delete leave no registrations behind', async () => {
    const event = await createEvent(t, owner, { capacity: 30 });
    const requests = users.slice(0, 15).map((user) => register(event.id, user));
    requests.splice(7, 0, t.http().delete(`${EVENTS}/${event.id}`).set(owner.auth));
    const responses = await Promise.all(requests);
    const statuses = new Set(responses.map((res) => res.status));
    expect([...statuses].every((status) => [201, 204, 404].includes(status))).toBe(true);
    expect(responses[7]!.status).toBe(204);
    expect(await storedEvent(t, event.id)).toBeNull();
    expect(await countRegistrations(t, event.id)).toBe(0);
  });

  it('5 unregistrations, 10 registrations and 5 joins racing on a full event with 8 waiting', async () => {
    const event = await createEvent(t, owner, { capacity: 5 });
    const [attendees, waiting, direct, joiners] = [
      users.slice(0, 5),
      users.slice(5, 13),
      users.slice(13, 23),
      users.slice(23, 28),
    ];
    for (const user of attendees) await register(event.id, user).expect(201);
    for (const user of waiting) await calls.join(event.id, user).expect(201);

    const responses = await Promise.all([
      ...attendees.map((user) => unregister(event.id, user)),
      ...direct.map((user) => register(event.id, user)),
      ...joiners.map((user) => calls.join(event.id, user)),
    ]);
    expect(tally(responses.slice(0, 5))).toEqual({ '204': 5 });
    expect(tally(responses.slice(5, 15))).toEqual({ '409 EVENT_FULL': 10 });
    expect(tally(responses.slice(15))).toEqual({ '201': 5 });

    const after = await expectInvariants(t, event.id, owner);
    // Exactly the first five in line, in line order; the other three keep their places.
    expect(after.attendees.map((a) => a.id)).toEqual(waiting.slice(0, 5).map((u) => u.id));
    expect(after.waitlist.slice(0, 3).map((w) => w.id)).toEqual(waiting.slice(5).map((u) => u.id));
    expect(
      after.waitlist
        .slice(3)
        .map((w) => w.id)
        .sort(),
    ).toEqual(joiners.map((u) => u.id).sort());
    expect(after).toMatchObject({ attendeeCount: 5, waitlistCount: 8 });
  });

  it('a capacity raise racing unregistrations promotes exactly as many as the spots allow', async () => {
    const event = await createEvent(t, owner, { capacity: 3 });
    const [attendees, waiting] = [users.slice(0, 3), users.slice(3, 13)];
    for (const user of attendees) await register(event.id, user).expect(201);
    for (const user of waiting) await calls.join(event.id, user).expect(201);
    const responses = await Promise.all([
      t.http().patch(`${EVENTS}/${event.id}`).set(owner.auth).send({ capacity: 6 }),
      ...attendees.map((user) => unregister(event.id, user)),
    ]);
    expect(tally(responses)).toEqual({ '200': 1, '204': 3 });
    const after = await expectInvariants(t, event.id, owner);
    // Six spots, none of the first attendees: the first six in line.
    expect(after.attendees.map((a) => a.id)).toEqual(waiting.slice(0, 6).map((u) => u.id));
    expect(after.waitlist.map((w) => w.id)).toEqual(waiting.slice(6).map((u) => u.id));
  });
});
