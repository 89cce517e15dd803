import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { DatabaseUnavailableError } from '../src/database/errors';
import { PostgresDatabase } from '../src/database/postgres-database';
import { raw } from '../src/database/sql';
import { startPrivatePostgres, PrivatePostgres } from './support/private-postgres';
import { assertBuilt, callApi, ServerProcess, startServer } from './support/server-process';

jest.setTimeout(60_000);

const USERS = 6;
const EVENTS_COUNT = 40;
/** Longer than any answer may take: the pool's connect timeout is 5 s. */
const HANG_MS = 8_000;

interface Outcome {
  kind: 'register' | 'read';
  status: number;
  code?: string;
  retryAfter: string | null;
  ms: number;
  userId: number;
  eventId?: number;
  at: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PostgreSQL stopped and restarted under a load of registrations and reads, against a server of
 * the test's own (never the shared one): every answer is a 2xx or a 503 problem with Retry-After,
 * none a 500 or a hang; the app's pool reconnects by itself; and every registration that was
 * acknowledged is in the database, with counts equal to rows.
 */
describe('PostgreSQL stopped and restarted under load', () => {
  let pg: PrivatePostgres;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    assertBuilt();
    pg = await startPrivatePostgres();
  }, 30_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await pg?.destroy();
  });

  async function call(
    method: string,
    path: string,
    token: string,
  ): Promise<Omit<Outcome, 'kind' | 'userId' | 'eventId' | 'at'>> {
    const started = Date.now();
    try {
      const res = await fetch(`${server!.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(HANG_MS),
      });
      const text = await res.text();
      const body = text ? (JSON.parse(text) as { code?: string }) : {};
      return {
        status: res.status,
        code: body.code,
        retryAfter: res.headers.get('retry-after'),
        ms: Date.now() - started,
      };
    } catch (error) {
      // A timeout (hang) or a dropped connection: both fail the test below.
      return { status: 0, code: (error as Error).name, retryAfter: null, ms: Date.now() - started };
    }
  }

  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = undefined;
  });

  it('answers 503 when the connection dies inside a transaction between statements, and lives', async () => {
    // pg emits 'error' on a checked-out client whose connection dies while no query runs; with no
    // listener that ended the whole process (found by the load test below, under `immediate`).
    const pool = new Pool({ connectionString: pg.url });
    pool.on('error', () => undefined);
    const db = new PostgresDatabase(() => pool, {
      query: () => undefined,
      duration: () => undefined,
    });
    try {
      const outcome = db.transaction(async (tx) => {
        await tx.all(raw('SELECT 1'));
        await pg.stop('immediate');
        await sleep(200);
        return tx.all(raw('SELECT 1'));
      });
      await expect(outcome).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await pg.start();
      await pool.end();
    }
  });

  it.each(['fast', 'immediate'] as const)(
    'answers 2xx or 503 throughout a %s stop, recovers alone, and loses no acknowledged registration',
    async (mode) => {
      server = await startServer({
        NODE_ENV: 'production',
        LOG_LEVEL: 'error',
        DB_TYPE: 'postgres',
        DATABASE_URL: pg.url,
        JWT_ACCESS_SECRET: randomBytes(32).toString('hex'),
        JWT_REFRESH_SECRET: randomBytes(32).toString('hex'),
        AUTH_RATE_LIMIT: '0',
      });
      const users: { id: number; token: string }[] = [];
      for (let i = 0; i < USERS; i += 1) {
        const username = `fault_${i}_${randomBytes(3).toString('hex')}`;
        const password = 'correct-horse-battery';
        const email = `${username}@example.com`;
        const created = await callApi(server, 'POST', '/auth/register', {
          body: { username, email, password },
        });
        const tokens = await callApi(server, 'POST', '/auth/login', {
          body: { username, password },
        });
        users.push({ id: created.body.id as number, token: tokens.body.access_token as string });
      }
      const start = new Date(Date.now() + 86_400_000);
      const eventIds: number[] = [];
      for (let i = 0; i < EVENTS_COUNT; i += 1) {
        const res = await callApi(server, 'POST', '/events', {
          token: users[0]!.token,
          body: {
            name: `fault ${i}`,
            startsAt: start.toISOString(),
            endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
            capacity: USERS,
          },
        });
        eventIds.push(res.body.id as number);
      }

      const outcomes: Outcome[] = [];
      let stopLoad = false;
      const worker = async (user: { id: number; token: string }) => {
        const pending = [...eventIds];
        while (!stopLoad) {
          const eventId = pending.shift();
          if (eventId !== undefined) {
            const res = await call('POST', `/events/${eventId}/registration`, user.token);
            outcomes.push({ kind: 'register', userId: user.id, eventId, at: Date.now(), ...res });
          }
          const read = await call(
            'GET',
            `/events/${eventIds[outcomes.length % EVENTS_COUNT]!}`,
            user.token,
          );
          outcomes.push({ kind: 'read', userId: user.id, at: Date.now(), ...read });
          await sleep(15);
        }
      };
      const load = Promise.all(users.map(worker));

      let stoppedAt = 0;
      let restartedAt = 0;
      try {
        await sleep(400);
        stoppedAt = Date.now();
        await pg.stop(mode);
        await sleep(1_500);
        await pg.start();
        restartedAt = Date.now();
        // No restart of the app: its pool must reconnect by itself.
        let healthy = false;
        while (!healthy && Date.now() - restartedAt < 10_000) {
          if (server.child.exitCode !== null) throw new Error(`the app died:\n${server.output()}`);
          healthy = await fetch(`${server.url}/api/health`).then(
            (res) => res.status === 200,
            () => false,
          );
          if (!healthy) await sleep(100);
        }
        expect(healthy).toBe(true);
        await sleep(800);
      } finally {
        stopLoad = true; // also when the test fails: no worker may outlive it
        await load;
      }

      const unexpected = outcomes.filter(
        (o) =>
          !(o.status === 200 || o.status === 201) &&
          !(o.status === 503 && o.code === 'SERVICE_UNAVAILABLE' && o.retryAfter === '5'),
      );
      expect(unexpected).toEqual([]);
      const during = outcomes.filter((o) => o.at >= stoppedAt && o.at < restartedAt);
      expect(during.some((o) => o.status === 503)).toBe(true); // the fault was seen
      const after = outcomes.filter((o) => o.at > restartedAt + 500);
      expect(after.length).toBeGreaterThan(0);
      expect(after.every((o) => o.status < 300)).toBe(true); // recovered alone

      const client = new Client({ connectionString: pg.url });
      await client.connect();
      try {
        const rows = await client.query<{ event_id: number; user_id: number }>(
          'SELECT event_id, user_id FROM registrations',
        );
        const stored = new Set(rows.rows.map((r) => `${r.event_id}:${r.user_id}`));
        const acknowledged = outcomes.filter((o) => o.kind === 'register' && o.status === 201);
        expect(acknowledged.length).toBeGreaterThan(0);
        expect(acknowledged.filter((o) => !stored.has(`${o.eventId}:${o.userId}`))).toEqual([]);
        const counts = await client.query<{ id: number; attendee_count: number; rows: string }>(
          `SELECT e.id, e.attendee_count, (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id) AS rows
         FROM events e`,
        );
        expect(counts.rows.filter((e) => Number(e.rows) !== Number(e.attendee_count))).toEqual([]);
        if (process.env.FAULT_REPORT) {
          const tally = (list: Outcome[]) =>
            list.reduce<Record<string, number>>((acc, o) => {
              acc[`${o.kind} ${o.status}`] = (acc[`${o.kind} ${o.status}`] ?? 0) + 1;
              return acc;
            }, {});
          console.log(
            JSON.stringify({
              total: tally(outcomes),
              during: tally(during),
              slowest503Ms: Math.max(
                0,
                ...outcomes.filter((o) => o.status === 503).map((o) => o.ms),
              ),
              slowestMs: Math.max(...outcomes.map((o) => o.ms)),
              recoveredAfterRestartMs:
                Math.min(
                  ...outcomes.filter((o) => o.at > restartedAt && o.status < 300).map((o) => o.at),
                ) - restartedAt,
              mode,
              acknowledged: acknowledged.length,
              stored: stored.size,
            }),
          );
        }
      } finally {
        await client.end();
      }
    },
  );
});
