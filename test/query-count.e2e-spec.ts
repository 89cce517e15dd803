import type { Logger } from 'typeorm';
import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  DAY,
  EVENTS,
  HOUR,
  insertEvent,
  insertRegistration,
} from './event-factories';
import { createUser, TestUser } from './factories';

/**
 * Counts the SQL statements TypeORM runs: every query goes through `dataSource.logger.logQuery`,
 * whatever the `logging` option, so a logger whose `logQuery` counts sees them all.
 */
function countQueries(t: TestApp): { readonly count: number; restore: () => void } {
  const original = t.dataSource.logger;
  let count = 0;
  const noop = () => undefined;
  const counting: Logger = {
    logQuery: () => {
      count += 1;
    },
    logQueryError: noop,
    logQuerySlow: noop,
    logSchemaBuild: noop,
    logMigration: noop,
    log: noop,
  };
  Object.defineProperty(t.dataSource, 'logger', {
    value: counting,
    configurable: true,
    writable: true,
  });
  return {
    get count() {
      return count;
    },
    restore: () =>
      Object.defineProperty(t.dataSource, 'logger', {
        value: original,
        configurable: true,
        writable: true,
      }),
  };
}

describe('query count: no N+1', () => {
  let t: TestApp;
  let viewer: TestUser;
  let attendees: TestUser[];

  beforeAll(async () => {
    t = await createTestApp();
    viewer = await createUser(t);
    attendees = await createUsers(t, 5);
  });
  afterAll(() => t.close());

  /** Runs `request` and answers how many SQL statements it cost. */
  async function queriesOf(request: () => Promise<unknown>): Promise<number> {
    const counter = countQueries(t);
    try {
      await request();
      return counter.count;
    } finally {
      counter.restore();
    }
  }

  const listOwnedBy = (owner: TestUser, expected: number) => async () => {
    const res = await t.http().get(EVENTS).query({ owner: owner.id, limit: 100 }).set(viewer.auth);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(expected);
  };

  it('lists 100 events with the same number of queries as 1', async () => {
    const [one, hundred] = await createUsers(t, 2);
    const start = Date.now() + DAY;
    await insertEvent(t, one, { startsAt: start, endsAt: start + HOUR, capacity: 10 });
    for (let i = 0; i < 100; i += 1) {
      const id = await insertEvent(t, hundred, {
        startsAt: start + i * HOUR,
        endsAt: start + (i + 1) * HOUR,
        capacity: i % 2 === 0 ? 10 : null,
      });
      // every event has attendees, and the viewer attends some: per-row data to be tempted by
      if (i % 3 === 0) await insertRegistration(t, id, viewer.id);
      await insertRegistration(t, id, attendees[i % attendees.length]!.id);
    }

    const forOne = await queriesOf(listOwnedBy(one, 1));
    const forHundred = await queriesOf(listOwnedBy(hundred, 100));
    expect(forOne).toBeGreaterThan(0);
    expect(forHundred).toBe(forOne);
  });

  it('reads an event with 5 attendees with the same number of queries as with none', async () => {
    const owner = await createUser(t);
    const empty = await createEvent(t, owner, { capacity: 10 });
    const busy = await createEvent(t, owner, { capacity: 10 });
    for (const user of attendees) {
      await t.http().post(`${EVENTS}/${busy.id}/registration`).set(user.auth).expect(201);
    }
    const read = (id: number, expected: number) => async () => {
      const res = await t.http().get(`${EVENTS}/${id}`).set(viewer.auth).expect(200);
      expect(res.body.attendees).toHaveLength(expected);
    };
    const forEmpty = await queriesOf(read(empty.id, 0));
    const forBusy = await queriesOf(read(busy.id, attendees.length));
    expect(forEmpty).toBeGreaterThan(0);
    expect(forBusy).toBe(forEmpty);
  });
});
