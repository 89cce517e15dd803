import type { Database as SqliteConnection } from 'better-sqlite3';
import type { Response } from 'supertest';
import { BetterSqlite3Driver } from 'typeorm/driver/better-sqlite3/BetterSqlite3Driver';
import { createTestApp, TestApp } from './app.factory';
import {
  countEvents,
  countRegistrations,
  createEvent,
  DAY,
  EVENTS,
  isoIn,
} from './event-factories';
import { createUser, TestUser } from './factories';
import { expectProblem } from './support/expect-problem';

jest.setTimeout(30_000);

/**
 * A full or read-only SQLite database answers writes with 503 SERVICE_UNAVAILABLE and
 * Retry-After, never a 500; reads go on; nothing half-written stays; and once there is room (or
 * write access) again, writes work without a restart.
 */
describe('SQLite full or read-only', () => {
  let t: TestApp;
  let owner: TestUser;
  let db: SqliteConnection;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t);
    db = (t.dataSource.driver as BetterSqlite3Driver).databaseConnection as SqliteConnection;
  });
  afterAll(() => t.close());

  const pragma = (text: string) => db.pragma(text, { simple: true });
  const bigEvent = () =>
    t
      .http()
      .post(EVENTS)
      .set(owner.auth)
      .send({
        name: `big ${Math.random()}`,
        description: 'x'.repeat(5000),
        startsAt: isoIn(DAY),
        endsAt: isoIn(2 * DAY),
      });

  function expectUnavailable(res: Response, retryAfter: string): void {
    expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
    expect(res.headers['retry-after']).toBe(retryAfter);
  }

  it('answers 503 with Retry-After once the disk is full, keeps the file intact, and recovers', async () => {
    const event = await createEvent(t, owner, { capacity: 100 });
    const attendee = await createUser(t);
    const pages = Number(pragma('page_count'));
    const limit = Number(pragma('max_page_count'));
    pragma(`max_page_count = ${pages + 4}`); // room for a few more pages, then SQLITE_FULL
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 40 && !statuses.includes(503); i += 1) {
        const before = await countEvents(t);
        const res = await bigEvent();
        statuses.push(res.status);
        if (res.status === 503) {
          expectUnavailable(res, '60');
          expect(await countEvents(t)).toBe(before); // the refused write left nothing
        } else expect(res.status).toBe(201);
      }
      expect(statuses).toContain(503);
      // A transaction (register: count, then row) is refused whole; reads still answer.
      const registered = await t
        .http()
        .post(`${EVENTS}/${event.id}/registration`)
        .set(attendee.auth);
      if (registered.status === 503) {
        expectUnavailable(registered, '60');
        expect(await countRegistrations(t, event.id)).toBe(0);
      } else expect(registered.status).toBe(201);
      await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth).expect(200);
      await t.http().get('/api/health').expect(200);
      expect(pragma('integrity_check')).toBe('ok');
    } finally {
      pragma(`max_page_count = ${limit}`);
    }
    await bigEvent().expect(201);
    const detail = await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth).expect(200);
    expect(detail.body.attendeeCount).toBe(await countRegistrations(t, event.id));
    expect(pragma('integrity_check')).toBe('ok');
  });

  it('answers 503 with Retry-After while the database is read-only, and writes again after', async () => {
    const event = await createEvent(t, owner);
    const before = await countEvents(t);
    pragma('query_only = ON'); // the connection refuses writes: SQLITE_READONLY
    try {
      expectUnavailable(await bigEvent(), '60');
      const patch = await t
        .http()
        .patch(`${EVENTS}/${event.id}`)
        .set(owner.auth)
        .send({ name: 'renamed' });
      expectUnavailable(patch, '60');
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: owner.username, password: owner.password });
      expectUnavailable(login, '60');
      await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth).expect(200);
    } finally {
      pragma('query_only = OFF');
    }
    expect(await countEvents(t)).toBe(before);
    await bigEvent().expect(201);
    expect(pragma('integrity_check')).toBe('ok');
  });
});
