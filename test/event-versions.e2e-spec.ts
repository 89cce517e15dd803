import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  EVENTS,
  EventBody,
  expectProblem,
  expectValidation,
  storedEvent,
} from './event-factories';
import { TestUser } from './factories';
import { spotCalls } from './waitlist-support';

describe('versions and conditional requests', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let attendee: TestUser;
  let calls: ReturnType<typeof spotCalls>;

  beforeAll(async () => {
    t = await createTestApp();
    calls = spotCalls(t);
    [owner, other, attendee] = await createUsers(t, 3);
  });
  afterAll(() => t.close());

  const patch = (id: number, body: unknown, ifMatch?: string, user: TestUser = owner) => {
    const req = t.http().patch(`${EVENTS}/${id}`).set(user.auth);
    return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body as object);
  };
  const remove = (id: number, ifMatch?: string) => {
    const req = t.http().delete(`${EVENTS}/${id}`).set(owner.auth);
    return ifMatch === undefined ? req : req.set('If-Match', ifMatch);
  };
  const cancel = (id: number, ifMatch?: string, body: object = {}) => {
    const req = t.http().post(`${EVENTS}/${id}/cancellation`).set(owner.auth);
    return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
  };

  it('starts at version 1 and answers ETag "1" on create and on read', async () => {
    const res = await t
      .http()
      .post(EVENTS)
      .set(owner.auth)
      .send({
        name: 'Versioned',
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      })
      .expect(201);
    expect(res.body.version).toBe(1);
    expect(res.headers.etag).toBe('"1"');
    const read = await t.http().get(`${EVENTS}/${res.body.id}`).set(other.auth).expect(200);
    expect(read.headers.etag).toBe('"1"');
  });

  it('increases by one on each PATCH that changes something, and the ETag follows', async () => {
    const event = await createEvent(t, owner);
    const first = await patch(event.id, { name: 'Renamed' }).expect(200);
    expect(first.body.version).toBe(2);
    expect(first.headers.etag).toBe('"2"');
    const second = await patch(event.id, { category: 'talk', timeZone: 'Europe/Berlin' }).expect(
      200,
    );
    expect(second.body.version).toBe(3);
    expect((await storedEvent(t, event.id))?.version).toBe(3);
  });

  it('keeps version and updatedAt for a PATCH that changes nothing', async () => {
    const event = await createEvent(t, owner, { capacity: 5, location: 'Berlin' });
    const res = await patch(event.id, {
      name: event.name,
      location: '  Berlin ',
      capacity: 5,
      startsAt: event.startsAt,
    }).expect(200);
    expect(res.body).toMatchObject({ version: 1, updatedAt: event.updatedAt });
    expect(res.headers.etag).toBe('"1"');
  });

  it('is not changed by registrations or the waiting list', async () => {
    const event = await createEvent(t, owner, { capacity: 1 });
    await calls.register(event.id, attendee).expect(201);
    await calls.join(event.id, other).expect(201);
    await calls.unregister(event.id, attendee).expect(204);
    const read = await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth).expect(200);
    expect(read.body.version).toBe(1);
    expect(read.headers.etag).toBe('"1"');
  });

  describe('If-Match', () => {
    it('applies a PATCH that names the current ETag, a list holding it, or *', async () => {
      const event = await createEvent(t, owner);
      await patch(event.id, { name: 'A' }, '"1"').expect(200);
      await patch(event.id, { name: 'B' }, '"7", "2"').expect(200);
      const res = await patch(event.id, { name: 'C' }, '*').expect(200);
      expect(res.body).toMatchObject({ name: 'C', version: 4 });
    });

    it('answers 412 PRECONDITION_FAILED to a stale PATCH and changes nothing', async () => {
      const event = await createEvent(t, owner);
      await patch(event.id, { name: 'First owner' }, '"1"').expect(200);
      const stored = await storedEvent(t, event.id);
      const stale = await patch(event.id, { name: 'Second owner' }, '"1"');
      expectProblem(stale, 412, 'PRECONDITION_FAILED');
      expect(await storedEvent(t, event.id)).toEqual(stored);
    });

    it('answers 412 to a stale DELETE and keeps the event', async () => {
      const event = await createEvent(t, owner);
      await patch(event.id, { name: 'Moved on' }).expect(200);
      expectProblem(await remove(event.id, '"1"'), 412, 'PRECONDITION_FAILED');
      expect(await storedEvent(t, event.id)).not.toBeNull();
      await remove(event.id, '"2"').expect(204);
      expect(await storedEvent(t, event.id)).toBeNull();
    });

    it('answers 412 to a stale cancellation and leaves the event as it was', async () => {
      const event = await createEvent(t, owner);
      await patch(event.id, { name: 'Changed' }).expect(200);
      expectProblem(await cancel(event.id, '"1"'), 412, 'PRECONDITION_FAILED');
      expect(await storedEvent(t, event.id)).toMatchObject({ cancelledAt: null, version: 2 });
      const res = await cancel(event.id, '"2"').expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', version: 3 });
      expect(res.headers.etag).toBe('"3"');
    });

    it('compares strongly: a weak or unquoted tag never matches', async () => {
      const event = await createEvent(t, owner);
      expectProblem(await patch(event.id, { name: 'X' }, 'W/"1"'), 412, 'PRECONDITION_FAILED');
      expectProblem(await patch(event.id, { name: 'X' }, '1'), 412, 'PRECONDITION_FAILED');
      expect((await storedEvent(t, event.id))?.version).toBe(1);
    });

    it('answers 412 before validating the body, and after 404 and 403', async () => {
      const event = await createEvent(t, owner);
      expectProblem(await patch(event.id, { name: '' }, '"9"'), 412, 'PRECONDITION_FAILED');
      expectProblem(await cancel(event.id, '"9"', { reason: 5 }), 412, 'PRECONDITION_FAILED');
      expectProblem(await patch(event.id, { name: '' }, '"9"', other), 403, 'NOT_EVENT_OWNER');
      expectProblem(await patch(999_999_999, { name: '' }, '"9"'), 404, 'EVENT_NOT_FOUND');
      // With a matching tag, the body is validated as usual.
      expectValidation(await patch(event.id, { name: '' }, '"1"'), ['name']);
    });

    it('of two owners editing the same version, the second learns it was stale', async () => {
      const event = await createEvent(t, owner);
      const etag = (await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth)).headers
        .etag as string;
      const [a, b] = await Promise.all([
        patch(event.id, { name: 'Edit A' }, etag),
        patch(event.id, { name: 'Edit B' }, etag),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const winner = (a.status === 200 ? a : b).body as EventBody;
      expect(await storedEvent(t, event.id)).toMatchObject({ name: winner.name, version: 2 });
    });
  });
});
