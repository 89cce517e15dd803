import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  DAY,
  EVENTS,
  EventBody,
  EventDetailBody,
  expectProblem,
  expectValidation,
  HOUR,
} from './event-factories';
import { createUser, TestUser } from './factories';
import { TestClock } from './support/test-clock';
import { tally } from './waitlist-support';

// Dozens of concurrent requests per test: seconds on a busy 2-core CI machine.
jest.setTimeout(60_000);

const MINUTE = 60_000;
const CODE = /^[A-Za-z0-9_-]{22}$/;

interface Ticket {
  code: string;
  checkedInAt: string | null;
}

describe('tickets and check-in', () => {
  let t: TestApp;
  let owner: TestUser;
  let checker: TestUser;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    [owner, checker] = await createUsers(t, 2);
  });
  afterAll(() => t.close());
  afterEach(() => clock.unfreeze());

  /** An event starting `startsIn` from now (check-in opens 24 h before), with a checker. */
  async function event(startsIn = HOUR, length = 2 * HOUR, overrides = {}): Promise<EventBody> {
    const start = clock.now() + startsIn;
    const created = await createEvent(t, owner, {
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + length).toISOString(),
      ...overrides,
    });
    await t
      .http()
      .put(`${EVENTS}/${created.id}/hosts/${checker.id}`)
      .set(owner.auth)
      .send({ role: 'checker' })
      .expect(200);
    return created;
  }

  const register = (id: number, user: TestUser) =>
    t.http().post(`${EVENTS}/${id}/registration`).set(user.auth);
  const ticketOf = (id: number, user: TestUser, query = '') =>
    t.http().get(`${EVENTS}/${id}/ticket${query}`).set(user.auth);
  const scan = (id: number, code: unknown, by = checker) =>
    t.http().post(`${EVENTS}/${id}/check-ins`).set(by.auth).send({ code });
  const undo = (id: number, userId: number, by = checker) =>
    t.http().delete(`${EVENTS}/${id}/check-ins/${userId}`).set(by.auth);

  async function attendee(id: number): Promise<{ user: TestUser; code: string }> {
    const user = await createUser(t);
    await register(id, user).expect(201);
    const res = await ticketOf(id, user).expect(200);
    return { user, code: (res.body as Ticket).code };
  }

  describe('GET /events/:id/ticket', () => {
    it('answers the attendee a URL-safe code of 128 random bits, not yet checked in', async () => {
      const e = await event();
      const { user, code } = await attendee(e.id);
      expect(code).toMatch(CODE);
      const res = await ticketOf(e.id, user).expect(200);
      expect(res.body).toEqual({ code, checkedInAt: null });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('answers the code as a QR code with format=svg', async () => {
      const e = await event();
      const { user } = await attendee(e.id);
      const res = await ticketOf(e.id, user, '?format=svg').expect(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      const svg = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text;
      expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).toContain('<path');
    });

    it('refuses an unknown format or parameter with 400', async () => {
      const e = await event();
      const { user } = await attendee(e.id);
      expectValidation(await ticketOf(e.id, user, '?format=png'), ['format']);
      expect((await ticketOf(e.id, user, '?size=9')).status).toBe(400);
    });

    it('is 404 TICKET_NOT_FOUND for someone who does not attend: none, waiting, pending', async () => {
      const full = await event(HOUR, HOUR, { capacity: 1 });
      await attendee(full.id);
      const waiting = await createUser(t);
      await t.http().post(`${EVENTS}/${full.id}/waitlist`).set(waiting.auth).expect(201);
      const approval = await event(HOUR, HOUR, { requiresApproval: true });
      const pending = await createUser(t);
      await register(approval.id, pending).expect(201);
      expectProblem(await ticketOf(full.id, owner), 404, 'TICKET_NOT_FOUND');
      expectProblem(await ticketOf(full.id, waiting), 404, 'TICKET_NOT_FOUND');
      expectProblem(await ticketOf(approval.id, pending), 404, 'TICKET_NOT_FOUND');
      expectProblem(await ticketOf(999_999_999, owner), 404, 'EVENT_NOT_FOUND');
    });

    it('gives every registration a new code, and unregistering voids the old one', async () => {
      const e = await event(DAY + 30 * MINUTE); // check-in opens in 30 minutes
      const { user, code } = await attendee(e.id);
      await t.http().delete(`${EVENTS}/${e.id}/registration`).set(user.auth).expect(204);
      expectProblem(await ticketOf(e.id, user), 404, 'TICKET_NOT_FOUND');
      await register(e.id, user).expect(201);
      const again = ((await ticketOf(e.id, user).expect(200)).body as Ticket).code;
      expect(again).toMatch(CODE);
      expect(again).not.toBe(code);
      expectProblem(await scan(e.id, again), 409, 'CHECK_IN_CLOSED');
      clock.advance(40 * MINUTE); // open now, within the access tokens' hour
      try {
        expectProblem(await scan(e.id, code), 404, 'TICKET_NOT_FOUND');
        await scan(e.id, again).expect(201);
      } finally {
        clock.advance(-40 * MINUTE);
      }
    });

    it('a ticket reached by approval or by promotion works at the door', async () => {
      const approval = await event(HOUR, HOUR, { requiresApproval: true });
      const requester = await createUser(t);
      await register(approval.id, requester).expect(201);
      await t
        .http()
        .post(`${EVENTS}/${approval.id}/registrations/${requester.id}/approval`)
        .set(owner.auth)
        .expect(200);
      const code = ((await ticketOf(approval.id, requester).expect(200)).body as Ticket).code;
      await scan(approval.id, code).expect(201);
    });
  });

  describe('POST /events/:id/check-ins', () => {
    it('201 on the first scan, 200 alreadyCheckedIn with the first time on the next', async () => {
      const e = await event();
      const { user, code } = await attendee(e.id);
      const first = await scan(e.id, code).expect(201);
      expect(first.body).toEqual({
        user: { id: user.id, username: user.username },
        checkedInAt: new Date(first.body.checkedInAt as string).toISOString(),
        alreadyCheckedIn: false,
      });
      clock.advance(MINUTE);
      const second = await scan(e.id, code, owner).expect(200);
      expect(second.body).toEqual({ ...first.body, alreadyCheckedIn: true });
      expect((await ticketOf(e.id, user).expect(200)).body).toEqual({
        code,
        checkedInAt: first.body.checkedInAt,
      });
      const list = await t.http().get(`${EVENTS}/${e.id}/attendees`).set(checker.auth).expect(200);
      expect(list.body.items).toEqual([
        expect.objectContaining({ id: user.id, checkedInAt: first.body.checkedInAt }),
      ]);
      const read = async (viewer: TestUser) =>
        (
          (await t.http().get(`${EVENTS}/${e.id}`).set(viewer.auth).expect(200))
            .body as EventDetailBody
        ).checkedInCount;
      expect(await read(checker)).toBe(1);
      expect(await read(user)).toBeNull();
    });

    it('takes a code with the white space a scanner adds around it', async () => {
      const e = await event();
      const { code } = await attendee(e.id);
      await scan(e.id, `  ${code}\r\n`).expect(201);
    });

    it('404 TICKET_NOT_FOUND for an unknown code or another event’s, and keeps scanning', async () => {
      const e = await event();
      const other = await event();
      const { code: otherCode } = await attendee(other.id);
      const { code } = await attendee(e.id);
      for (const bad of ['nonsense', otherCode, code.toLowerCase(), `${code}x`, 'x'.repeat(200)]) {
        expectProblem(await scan(e.id, bad), 404, 'TICKET_NOT_FOUND');
      }
      await scan(e.id, code).expect(201);
    });

    it('400 on a missing, empty, non-string or overlong code', async () => {
      const e = await event();
      for (const bad of [undefined, '', 42, null, 'x'.repeat(201)]) {
        expectValidation(await scan(e.id, bad), ['code']);
      }
      const extra = await t
        .http()
        .post(`${EVENTS}/${e.id}/check-ins`)
        .set(checker.auth)
        .send({ code: 'x', gate: 2 });
      expectValidation(extra, ['gate']);
    });

    it('a declined request or a withdrawn one never gets in', async () => {
      const e = await event(HOUR, HOUR, { requiresApproval: true });
      const [declined, withdrawn] = await createUsers(t, 2);
      for (const user of [declined, withdrawn]) await register(e.id, user).expect(201);
      await t
        .http()
        .post(`${EVENTS}/${e.id}/registrations/${declined.id}/decline`)
        .set(owner.auth)
        .expect(200);
      await t.http().delete(`${EVENTS}/${e.id}/registration`).set(withdrawn.auth).expect(204);
      const codes = await t.dataSource.query(
        `SELECT ticket_code AS code FROM registrations WHERE event_id = ${e.id}`,
      );
      expect(codes).toEqual([{ code: null }]); // the declined row keeps no code
      expectProblem(await ticketOf(e.id, declined), 404, 'TICKET_NOT_FOUND');
    });

    it('409 EVENT_CANCELLED on a cancelled event, EVENT_DRAFT on a draft', async () => {
      const e = await event();
      const { code } = await attendee(e.id);
      await t.http().post(`${EVENTS}/${e.id}/cancellation`).set(owner.auth).expect(200);
      expectProblem(await scan(e.id, code), 409, 'EVENT_CANCELLED');
      expectProblem(await scan(e.id, 'unknown'), 409, 'EVENT_CANCELLED');
      const draft = await event(HOUR, HOUR, { published: false });
      expectProblem(await scan(draft.id, 'unknown'), 409, 'EVENT_DRAFT');
    });

    it('20 concurrent scans of one code: exactly one 201, nineteen 200 with the same time', async () => {
      const e = await event();
      const { code } = await attendee(e.id);
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => scan(e.id, code, i % 2 ? checker : owner)),
      );
      expect(tally(responses)).toEqual({ '201': 1, '200': 19 });
      const times = new Set(responses.map((res) => res.body.checkedInAt as string));
      expect(times.size).toBe(1);
      expect(responses.filter((res) => res.body.alreadyCheckedIn === false)).toHaveLength(1);
    });
  });

  describe('the check-in window: startsAt - 24 h (inclusive) until endsAt (exclusive)', () => {
    it('opens exactly 24 hours before the start, not 1 ms earlier', async () => {
      const e = await event(DAY + 10 * MINUTE);
      const { code } = await attendee(e.id);
      const opens = Date.parse(e.startsAt) - DAY;
      clock.freeze(opens - 1);
      expectProblem(await scan(e.id, code), 409, 'CHECK_IN_CLOSED');
      expectProblem(await undo(e.id, 1), 409, 'CHECK_IN_CLOSED');
      clock.freeze(opens);
      const res = await scan(e.id, code).expect(201);
      expect(res.body.checkedInAt).toBe(new Date(opens).toISOString());
    });

    it('closes at endsAt: 1 ms before is open, endsAt itself is closed', async () => {
      const e = await event(5 * MINUTE, 20 * MINUTE);
      const [a, b] = [await attendee(e.id), await attendee(e.id)];
      const ends = Date.parse(e.endsAt);
      clock.freeze(ends - 1);
      await scan(e.id, a.code).expect(201);
      clock.freeze(ends);
      expectProblem(await scan(e.id, b.code), 409, 'CHECK_IN_CLOSED');
      expectProblem(await scan(e.id, a.code), 409, 'CHECK_IN_CLOSED');
    });

    it('stays open while the event runs', async () => {
      const e = await event(5 * MINUTE, 2 * HOUR);
      const { code } = await attendee(e.id);
      clock.freeze(Date.parse(e.startsAt) + 30 * MINUTE);
      await scan(e.id, code).expect(201);
    });
  });

  describe('DELETE /events/:id/check-ins/:userId', () => {
    it('undoes a check-in (204), after which the next scan is a 201 again', async () => {
      const e = await event();
      const { user, code } = await attendee(e.id);
      await scan(e.id, code).expect(201);
      await undo(e.id, user.id).expect(204);
      expect((await ticketOf(e.id, user).expect(200)).body).toEqual({ code, checkedInAt: null });
      await undo(e.id, user.id, owner).expect(204); // not checked in: still 204
      await scan(e.id, code).expect(201);
    });

    it('404 TICKET_NOT_FOUND for someone who does not attend; 400 on a malformed id', async () => {
      const e = await event();
      expectProblem(await undo(e.id, owner.id), 404, 'TICKET_NOT_FOUND');
      expectValidation(await undo(e.id, 'x' as unknown as number), ['userId']);
    });

    it('is for hosts: an attendee gets 403', async () => {
      const e = await event();
      const { user } = await attendee(e.id);
      expectProblem(await undo(e.id, user.id, user), 403, 'NOT_EVENT_OWNER');
    });
  });
});
