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
import { stopBackgroundWork } from './support/background-work';
import { TestClock } from './support/test-clock';

/**
 * Counts the SQL statements TypeORM runs: every query goes through `dataSource.logger.logQuery`,
 * whatever the `logging` option, so a logger whose `logQuery` counts sees them all.
 */
function countQueries(t: TestApp): {
  readonly count: number;
  readonly statements: string[];
  restore: () => void;
} {
  const original = t.dataSource.logger;
  let count = 0;
  const statements: string[] = [];
  const noop = () => undefined;
  const counting: Logger = {
    logQuery: (query: string) => {
      count += 1;
      statements.push(query);
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
    statements,
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
  const clock = new TestClock();

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    await stopBackgroundWork(t); // their polling statements are not the requests'
    viewer = await createUser(t);
    attendees = await createUsers(t, 5);
  });
  afterAll(() => t.close());

  /** Runs `request` and answers the SQL statements it ran, in order. */
  async function statementsOf(request: () => Promise<unknown>): Promise<string[]> {
    const counter = countQueries(t);
    try {
      await request();
      return counter.statements;
    } finally {
      counter.restore();
    }
  }

  /** The transaction of a request: its statements from BEGIN to COMMIT, by their first word. */
  function transactionOf(statements: string[]): string[] {
    const begin = statements.findIndex((s) => s.startsWith('BEGIN'));
    const commit = statements.findIndex((s) => s === 'COMMIT');
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(statements.filter((s) => s.startsWith('BEGIN'))).toHaveLength(1);
    return statements.slice(begin, commit + 1).map((s) => s.trim().split(/\s+/)[0]!);
  }

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

  /**
   * What telling of a change adds to its transaction (the outbox, see docs/webhooks.md): one
   * SELECT of the event and every person concerned, one INSERT of all the messages.
   */
  const TOLD = ['SELECT', 'INSERT'];
  function expectTold(statements: string[]): void {
    const told = statements.filter((s) =>
      /\boutbox_messages\b|\bJOIN users u ON u\.id IN\b/.test(s),
    );
    expect(told.map((s) => s.trim().split(/\s+/)[0])).toEqual(TOLD);
  }

  it('registers in one transaction: BEGIN, one conditional UPDATE, one INSERT, the message, the answer, COMMIT', async () => {
    const owner = await createUser(t);
    const event = await createEvent(t, owner, { capacity: 10 });
    const statements = await statementsOf(async () => {
      await t.http().post(`${EVENTS}/${event.id}/registration`).set(viewer.auth).expect(201);
    });
    // The answer is read before COMMIT: it shows what this registration did (see snapshots spec).
    expect(transactionOf(statements)).toEqual([
      'BEGIN',
      'UPDATE',
      'INSERT',
      ...TOLD,
      'SELECT',
      'COMMIT',
    ]);
    expectTold(statements);
    const update = statements.find((s) => s.startsWith('UPDATE'))!;
    expect(update).toMatch(/attendee_count < capacity/);
  });

  it('unregisters in one transaction: BEGIN, one conditional UPDATE, one DELETE, the message, COMMIT', async () => {
    const owner = await createUser(t);
    const event = await createEvent(t, owner, { capacity: 10 });
    await t.http().post(`${EVENTS}/${event.id}/registration`).set(viewer.auth).expect(201);
    const statements = await statementsOf(async () => {
      await t.http().delete(`${EVENTS}/${event.id}/registration`).set(viewer.auth).expect(204);
    });
    expect(transactionOf(statements)).toEqual(['BEGIN', 'UPDATE', 'DELETE', ...TOLD, 'COMMIT']);
    expectTold(statements);
  });

  it('promotes in the same transaction when someone waits: move the head, count, no re-read', async () => {
    const owner = await createUser(t);
    const event = await createEvent(t, owner, { capacity: 1 });
    const [waiter] = await createUsers(t, 1);
    await t.http().post(`${EVENTS}/${event.id}/registration`).set(viewer.auth).expect(201);
    await t.http().post(`${EVENTS}/${event.id}/waitlist`).set(waiter.auth).expect(201);
    const statements = await statementsOf(async () => {
      await t.http().delete(`${EVENTS}/${event.id}/registration`).set(viewer.auth).expect(204);
    });
    // The unregistration and the promotion are told together: still one SELECT, one INSERT.
    expect(transactionOf(statements)).toEqual([
      'BEGIN',
      'UPDATE',
      'DELETE',
      'UPDATE',
      'UPDATE',
      ...TOLD,
      'COMMIT',
    ]);
    expectTold(statements);
  });

  it('promotes 3 with the same statements as 1: the promoted are read and told at once', async () => {
    const owner = await createUser(t);
    const raise = async (by: number) => {
      const event = await createEvent(t, owner, { capacity: 1 });
      await t.http().post(`${EVENTS}/${event.id}/registration`).set(viewer.auth).expect(201);
      for (let i = 0; i < by; i += 1) {
        const user = await createUser(t);
        await t.http().post(`${EVENTS}/${event.id}/waitlist`).set(user.auth).expect(201);
      }
      return statementsOf(async () => {
        const res = await t
          .http()
          .patch(`${EVENTS}/${event.id}`)
          .set(owner.auth)
          .send({ capacity: 1 + by })
          .expect(200);
        expect(res.body.attendeeCount).toBe(1 + by);
      });
    };
    const one = await raise(1);
    const three = await raise(3);
    expect(transactionOf(three)).toEqual(transactionOf(one));
    expect(three.filter((s) => /\bJOIN users u ON u\.id IN\b/.test(s))).toHaveLength(1);
  });

  it('rolls a refused registration back: nothing but reads after the failed UPDATE', async () => {
    const owner = await createUser(t);
    const event = await createEvent(t, owner, { capacity: 1 });
    await t.http().post(`${EVENTS}/${event.id}/registration`).set(viewer.auth).expect(201);
    const [other] = await createUsers(t, 1);
    const statements = await statementsOf(async () => {
      await t.http().post(`${EVENTS}/${event.id}/registration`).set(other.auth).expect(409);
    });
    const begin = statements.findIndex((s) => s.startsWith('BEGIN'));
    const end = statements.findIndex((s) => s === 'ROLLBACK');
    expect(end).toBeGreaterThan(begin);
    expect(statements).not.toContain('COMMIT');
    const inside = statements.slice(begin + 1, end).map((s) => s.trim().split(/\s+/)[0]);
    expect(inside[0]).toBe('UPDATE');
    expect(inside.slice(1).every((word) => word === 'SELECT')).toBe(true);
  });

  it('checks the session in one SELECT, writing last_used_at only once it is a minute old', async () => {
    const user = await createUser(t);
    const me = () => t.http().get('/api/v1/users/me').set(user.auth).expect(200);
    const sessionStatements = async () =>
      (await statementsOf(me)).filter((s) => /\bsessions\b/.test(s)).map((s) => s.split(/\s/)[0]);

    expect(await sessionStatements()).toEqual(['SELECT']);
    clock.advance(60_000);
    expect(await sessionStatements()).toEqual(['SELECT', 'UPDATE']);
    expect(await sessionStatements()).toEqual(['SELECT']);
  });
});
