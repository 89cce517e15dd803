import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { assertBuilt, callApi, ServerProcess, startServer } from './support/server-process';

/**
 * Crash safety: what the server acknowledged with a 2xx must survive a `kill -9`, and the
 * maintained attendee counts must still equal the registration rows after the restart.
 */
describe('kill -9 in the middle of registrations and token rotations', () => {
  let dir: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'event-manager-crash-'));
    env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      DB_PATH: join(dir, 'crash.sqlite'),
      JWT_ACCESS_SECRET: randomBytes(32).toString('hex'),
      JWT_REFRESH_SECRET: randomBytes(32).toString('hex'),
      AUTH_RATE_LIMIT: '0',
    };
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged registration and rotation, with matching counts', async () => {
    const started = await startServer(env);
    server = started;
    // The accounts at once (argon2 runs on libuv's threads): the order of setup does not matter.
    const users = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const username = `crash_${i}_${randomBytes(3).toString('hex')}`;
        const password = 'correct-horse-battery';
        const registered = await callApi(started, 'POST', '/auth/register', {
          body: { username, email: `${username}@example.com`, password },
        });
        expect(registered.status).toBe(201);
        const tokens = await callApi(started, 'POST', '/auth/login', {
          body: { username, password },
        });
        return {
          username,
          access: tokens.body.access_token as string,
          refresh: tokens.body.refresh_token as string,
        };
      }),
    );
    const owner = users[0]!;
    const eventIds: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const event = await callApi(server, 'POST', '/events', {
        token: owner.access,
        body: {
          name: `Crash test ${i}`,
          startsAt: new Date(Date.now() + 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + 7_200_000).toISOString(),
          capacity: 15,
        },
      });
      eventIds.push(event.body.id as number);
    }

    // Many concurrent writes; the server is killed once a quarter of them were acknowledged.
    const acknowledged: { eventId: number; userIndex: number }[] = [];
    const total = users.length * (eventIds.length + 1);
    let killAt: () => void = () => undefined;
    const quarterDone = new Promise<void>((resolve) => (killAt = resolve));
    const settled = () => {
      if (acknowledged.length + rotated.size >= total / 4) killAt();
    };
    const rotated = new Map<number, string>();
    const running = server;
    const requests = users.flatMap((user, userIndex) => [
      ...eventIds.map((eventId) =>
        callApi(running, 'POST', `/events/${eventId}/registration`, { token: user.access }).then(
          (reply) => {
            if (reply.status === 201) acknowledged.push({ eventId, userIndex });
            settled();
          },
          () => undefined, // the connection died with the server: not acknowledged
        ),
      ),
      callApi(running, 'POST', '/auth/refresh', { body: { refresh_token: user.refresh } }).then(
        (reply) => {
          if (reply.status === 200) rotated.set(userIndex, reply.body.refresh_token as string);
          settled();
        },
        () => undefined,
      ),
    ]);
    await quarterDone;
    await running.stop('SIGKILL');
    await Promise.all(requests);
    expect(acknowledged.length).toBeGreaterThan(0);
    // Killed mid-stream: some writes were never acknowledged.
    expect(acknowledged.length + rotated.size).toBeLessThan(total);

    // The database file as the killed process left it, checked directly.
    const db = new Database(env.DB_PATH);
    try {
      const has = db.prepare(
        'SELECT 1 FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.event_id = ? AND u.username = ?',
      );
      const lost = acknowledged.filter(
        ({ eventId, userIndex }) => has.get(eventId, users[userIndex]!.username) === undefined,
      );
      expect(lost).toEqual([]);
      const mismatched = db
        .prepare(
          'SELECT e.id FROM events e WHERE e.attendee_count <> (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id) OR e.attendee_count > e.capacity',
        )
        .all();
      expect(mismatched).toEqual([]);
    } finally {
      db.close();
    }

    // After a restart on the same file, every acknowledged rotation's new token still works.
    server = await startServer(env);
    for (const [, refreshToken] of rotated) {
      const reply = await callApi(server, 'POST', '/auth/refresh', {
        body: { refresh_token: refreshToken },
      });
      expect(reply.status).toBe(200);
    }
    for (const eventId of eventIds) {
      const detail = await callApi(server, 'GET', `/events/${eventId}`, { token: owner.access });
      expect(detail.status).toBe(200);
      const expected = acknowledged.filter((a) => a.eventId === eventId).length;
      expect((detail.body.attendees as unknown[]).length).toBeGreaterThanOrEqual(expected);
      expect(detail.body.attendeeCount).toBe((detail.body.attendees as unknown[]).length);
    }
  }, 90_000);
});
