import { Client } from 'pg';
import { createTestApp, TestApp } from './app.factory';
import { createUser, TestUser } from './factories';
import { expectProblem } from './support/expect-problem';
import { adminQuery, PG_ADMIN_URL } from './support/test-database';

jest.setTimeout(30_000);

/** Sessions open on `database`, other than the one asking. */
async function backends(database: string): Promise<number> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/**
 * A PostgreSQL database that refuses new connections (`ALLOW_CONNECTIONS false`: FATAL 55000
 * "database … is not currently accepting connections") is a dependency fault like a stopped
 * server: 503 SERVICE_UNAVAILABLE with Retry-After, never a 500; /api/health says which check
 * failed without the driver's words (they name the database); and the app serves again once the
 * database accepts connections, without a restart.
 */
describe('a PostgreSQL database that refuses connections', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    user = await createUser(t);
  });
  afterAll(async () => {
    await adminQuery(`ALTER DATABASE ${t.dbPath} ALLOW_CONNECTIONS true`);
    await t.close();
  });

  async function refuseConnections(): Promise<void> {
    await adminQuery(`ALTER DATABASE ${t.dbPath} ALLOW_CONNECTIONS false`);
    await adminQuery(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${t.dbPath}'`,
    );
    // The pool's idle connections are gone once their backends are: every request connects anew.
    for (let n = await backends(t.dbPath); n > 0; n = await backends(t.dbPath));
  }

  it('answers 503 with Retry-After, not 500, to reads, writes and logins, then recovers', async () => {
    await refuseConnections();
    for (let round = 0; round < 3; round += 1) {
      const requests = [
        t.http().get('/api/v1/users/me').set(user.auth),
        t.http().get('/api/v1/events').set(user.auth),
        t.http().post('/api/v1/auth/login').send({ username: user.username, password: 'x' }),
      ];
      for (const res of await Promise.all(requests)) {
        expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
        expect(res.headers['retry-after']).toBe('5');
        expect(res.text).not.toContain(t.dbPath);
      }
    }
    await adminQuery(`ALTER DATABASE ${t.dbPath} ALLOW_CONNECTIONS true`);
    await t.http().get('/api/v1/users/me').set(user.auth).expect(200);
  });

  it('answers /api/health 503 naming the failed check, without the driver text', async () => {
    await refuseConnections();
    const res = await t.http().get('/api/health').expect(503);
    const down = { status: 'down', message: 'The database did not answer.' };
    expect(res.body).toMatchObject({ status: 'error', error: { database: down } });
    expect(res.body.details).toEqual({ database: { ...down, responseTime: expect.any(Number) } });
    expect(res.text).not.toContain(t.dbPath);
    expect(res.text).not.toMatch(/accepting connections|55000/);
    await adminQuery(`ALTER DATABASE ${t.dbPath} ALLOW_CONNECTIONS true`);
    await t.http().get('/api/health').expect(200);
  });
});
