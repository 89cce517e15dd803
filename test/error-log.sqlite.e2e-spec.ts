import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LEAKS, SQL } from './support/expect-problem';
import { assertBuilt, ServerProcess, startServer } from './support/server-process';

jest.setTimeout(60_000);

interface LogLine {
  level?: number;
  msg?: string;
  reqId?: string;
  req?: { id?: string };
  err?: { message?: string; stack?: string };
}

/**
 * The other half of a 500: the client gets a generic problem document, the log gets the cause,
 * under the request id the client saw in `X-Request-Id`. Checked on the built server's own stdout
 * (pino, JSON lines), with the database broken underneath it.
 */
describe('unexpected errors in the log', () => {
  let dir: string;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'event-manager-log-'));
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const logLines = (): LogLine[] =>
    server!
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);

  async function until<T>(find: () => T | undefined): Promise<T> {
    for (let i = 0; i < 50; i += 1) {
      const found = find();
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`not logged:\n${server!.output()}`);
  }

  it('logs the cause of a 500 with the request id, and answers without it', async () => {
    const dbPath = join(dir, 'log.sqlite');
    server = await startServer({
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      DB_PATH: dbPath,
      JWT_ACCESS_SECRET: randomBytes(32).toString('hex'),
      JWT_REFRESH_SECRET: randomBytes(32).toString('hex'),
      AUTH_RATE_LIMIT: '0',
    });
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server!.url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const account = { username: 'logged_user', password: 'correct-horse-battery' };
    const registered = await post('/auth/register', { ...account, email: 'l@example.com' });
    expect(registered.status).toBe(201);

    // Break the database under the running server: every login now fails in SQL.
    const db = new Database(dbPath);
    db.exec('DROP TABLE sessions');
    db.close();

    const traced = await post('/auth/login', account, { 'x-request-id': 'trace-500-a' });
    const untraced = await post('/auth/login', account);
    for (const res of [traced, untraced]) {
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({
        code: 'INTERNAL',
        detail: 'An unexpected error occurred.',
      });
      expect(text).not.toMatch(LEAKS);
      expect(text).not.toMatch(SQL);
      expect(text).not.toMatch(/sessions|no such table/);
    }
    const untracedId = untraced.headers.get('x-request-id');
    expect(traced.headers.get('x-request-id')).toBe('trace-500-a');
    expect(untracedId).toMatch(/^[0-9a-f-]{36}$/);

    for (const requestId of ['trace-500-a', untracedId!]) {
      const line = await until(() =>
        logLines().find((entry) => entry.msg === 'Unexpected error' && entry.reqId === requestId),
      );
      expect(line.level).toBe(50);
      expect(line.req?.id).toBe(requestId);
      expect(line.err?.message).toMatch(/no such table: sessions/);
      expect(line.err?.stack).toMatch(/\n\s+at /);
    }
  });

  it('logs one short line per request, without headers, and no health checks', async () => {
    await server?.stop('SIGKILL');
    // startServer polls GET /api/health until it answers: those polls must leave no line.
    server = await startServer({
      LOG_LEVEL: 'info',
      DB_PATH: join(dir, 'access-log.sqlite'),
      AUTH_RATE_LIMIT: '0',
    });
    const res = await fetch(`${server.url}/api/v1/users/me`, {
      headers: { authorization: 'Bearer not-a-token', 'x-request-id': 'access-log-1' },
    });
    expect(res.status).toBe(401);
    const line = (await until(() =>
      logLines().find((entry) => entry.req?.id === 'access-log-1'),
    )) as unknown as Record<string, unknown>;
    expect(line).toMatchObject({
      msg: 'request completed',
      req: { id: 'access-log-1', method: 'GET', url: '/api/v1/users/me' },
      res: { statusCode: 401 },
    });
    expect(JSON.stringify(line)).not.toMatch(/headers|not-a-token/);
    const logged = logLines() as unknown as { req?: { url?: string } }[];
    expect(logged.filter((entry) => entry.req?.url?.startsWith('/api/health'))).toEqual([]);
  });
});
