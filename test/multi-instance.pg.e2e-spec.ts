import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TestDatabase } from './support/test-database';
import { callApi, ServerProcess } from './support/server-process';
import { startTwoInstances, TwoInstances } from './support/two-instances';

/**
 * Two instances of the built server on different ports, one PostgreSQL database and one Redis:
 * nothing may depend on which instance a request lands on.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RATE_LIMIT = 5;

// Each test client claims its own address (TRUST_PROXY), so rate-limit counters in the shared
// Redis never collide with another run's or another test's.
const ipBase = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
let ipSeq = 0;
const nextIp = () => `${ipBase}.${(ipSeq += 1)}`;

/** Every request claims a client address, fresh unless given. */
const call = (
  server: ServerProcess,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; ip?: string } = {},
) =>
  callApi(server, method, path, {
    ...options,
    headers: { 'x-forwarded-for': options.ip ?? nextIp() },
  });

async function signUp(server: ServerProcess, name: string) {
  const username = `${name}_${randomBytes(4).toString('hex')}`;
  const password = 'correct-horse-battery';
  const created = await call(server, 'POST', '/auth/register', {
    body: { username, email: `${username}@example.com`, password },
  });
  expect(created.status).toBe(201);
  const tokens = await call(server, 'POST', '/auth/login', { body: { username, password } });
  expect(tokens.status).toBe(200);
  return {
    id: created.body.id as number,
    access: tokens.body.access_token as string,
    refresh: tokens.body.refresh_token as string,
  };
}

describe('two instances behind one address (PostgreSQL + Redis)', () => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let instances: TwoInstances | undefined;

  beforeAll(async () => {
    instances = await startTwoInstances({
      AUTH_RATE_LIMIT: String(RATE_LIMIT),
      REDIS_URL,
      TRUST_PROXY: 'true',
    });
    ({ database, a, b } = instances);
  }, 60_000);

  afterAll(() => instances?.stop());

  it('lets exactly 10 of 60 users split across both instances take 10 spots', async () => {
    const owner = await signUp(a, 'owner');
    const event = await call(a, 'POST', '/events', {
      token: owner.access,
      body: {
        name: 'Sixty for ten',
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 7_200_000).toISOString(),
        capacity: 10,
      },
    });
    expect(event.status).toBe(201);
    const users = await Promise.all(
      Array.from({ length: 60 }, (_, i) => signUp(i % 2 ? a : b, `racer${i}`)),
    );

    const replies = await Promise.all(
      users.map((user, i) =>
        call(i % 2 ? b : a, 'POST', `/events/${String(event.body.id)}/registration`, {
          token: user.access,
        }),
      ),
    );

    const statuses = replies.map((reply) => reply.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(50);
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.code === 'EVENT_FULL')).toBe(
      true,
    );
    const client = new Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ attendee_count: number; registrations: string }>(
        'SELECT attendee_count, (SELECT COUNT(*) FROM registrations WHERE event_id = $1) AS registrations FROM events WHERE id = $1',
        [event.body.id],
      );
      expect(rows[0]).toEqual({ attendee_count: 10, registrations: '10' });
    } finally {
      await client.end();
    }
  }, 120_000);

  it('lets exactly 1 of 10 approvals split across both instances take the last spot', async () => {
    const owner = await signUp(a, 'approver');
    const event = await call(a, 'POST', '/events', {
      token: owner.access,
      body: {
        name: 'Ten requests for one',
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 7_200_000).toISOString(),
        capacity: 1,
        requiresApproval: true,
      },
    });
    expect(event.status).toBe(201);
    const id = String(event.body.id);
    const users = await Promise.all(
      Array.from({ length: 10 }, (_, i) => signUp(i % 2 ? a : b, `requester${i}`)),
    );
    for (const user of users) {
      const request = await call(a, 'POST', `/events/${id}/registration`, { token: user.access });
      expect(request.body.registrationStatus).toBe('pending');
    }
    const replies = await Promise.all(
      users.map((user, i) =>
        call(i % 2 ? b : a, 'POST', `/events/${id}/registrations/${user.id}/approval`, {
          token: owner.access,
        }),
      ),
    );
    const outcomes = replies.map((reply) =>
      reply.status === 200 ? '200' : `${reply.status} ${String(reply.body.code)}`,
    );
    expect(outcomes.filter((o) => o === '200')).toHaveLength(1);
    expect(outcomes.filter((o) => o === '409 EVENT_FULL')).toHaveLength(9);
    const client = new Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ attendee_count: number; pending_count: number }>(
        'SELECT attendee_count, pending_count FROM events WHERE id = $1',
        [event.body.id],
      );
      expect(rows[0]).toEqual({ attendee_count: 1, pending_count: 9 });
    } finally {
      await client.end();
    }
  }, 120_000);

  it('keeps the waiting list exact when unregistrations, registrations and joins race across both', async () => {
    const owner = await signUp(a, 'wlowner');
    const event = await call(a, 'POST', '/events', {
      token: owner.access,
      body: {
        name: 'Five spots, a line',
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 7_200_000).toISOString(),
        capacity: 5,
      },
    });
    expect(event.status).toBe(201);
    const id = String(event.body.id);
    const people = await Promise.all(
      Array.from({ length: 28 }, (_, i) => signUp(i % 2 ? a : b, `wl${i}`)),
    );
    const [attendees, waiting, direct, joiners] = [
      people.slice(0, 5),
      people.slice(5, 13),
      people.slice(13, 23),
      people.slice(23, 28),
    ];
    for (const user of attendees) {
      expect(
        (await call(a, 'POST', `/events/${id}/registration`, { token: user.access })).status,
      ).toBe(201);
    }
    for (const user of waiting) {
      expect((await call(b, 'POST', `/events/${id}/waitlist`, { token: user.access })).status).toBe(
        201,
      );
    }

    const on = (i: number) => (i % 2 ? a : b);
    const replies = await Promise.all([
      ...attendees.map((u, i) =>
        call(on(i), 'DELETE', `/events/${id}/registration`, { token: u.access }),
      ),
      ...direct.map((u, i) =>
        call(on(i + 1), 'POST', `/events/${id}/registration`, { token: u.access }),
      ),
      ...joiners.map((u, i) => call(on(i), 'POST', `/events/${id}/waitlist`, { token: u.access })),
    ]);
    const outcome = (reply: { status: number; body: { code?: string } }) =>
      reply.status < 300 ? String(reply.status) : `${reply.status} ${reply.body.code}`;
    expect(replies.slice(0, 5).map(outcome)).toEqual(Array(5).fill('204'));
    expect(replies.slice(5, 15).map(outcome)).toEqual(Array(10).fill('409 EVENT_FULL'));
    expect(replies.slice(15).map(outcome)).toEqual(Array(5).fill('201'));

    const client = new Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ user_id: number; status: string }>(
        'SELECT user_id, status FROM registrations WHERE event_id = $1 ORDER BY id',
        [event.body.id],
      );
      const ids = (status: string) => rows.filter((r) => r.status === status).map((r) => r.user_id);
      // Exactly the first five in line were promoted, in order; the rest wait, joiners behind.
      expect(ids('attending')).toEqual(waiting.slice(0, 5).map((u) => u.id));
      expect(ids('waiting').slice(0, 3)).toEqual(waiting.slice(5).map((u) => u.id));
      expect([...ids('waiting').slice(3)].sort()).toEqual(joiners.map((u) => u.id).sort());
      const counters = await client.query<{ attendee_count: number; waitlist_count: number }>(
        'SELECT attendee_count, waitlist_count FROM events WHERE id = $1',
        [event.body.id],
      );
      expect(counters.rows[0]).toEqual({ attendee_count: 5, waitlist_count: 8 });
    } finally {
      await client.end();
    }
  }, 120_000);

  it('detects a refresh token rotated on one instance and replayed on the other', async () => {
    const user = await signUp(a, 'rotator');
    const rotated = await call(a, 'POST', '/auth/refresh', {
      body: { refresh_token: user.refresh },
    });
    expect(rotated.status).toBe(200);

    const replay = await call(b, 'POST', '/auth/refresh', {
      body: { refresh_token: user.refresh },
    });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('INVALID_REFRESH_TOKEN');

    // The whole session is revoked, on both instances: the newest tokens stop working too.
    const newest = await call(a, 'POST', '/auth/refresh', {
      body: { refresh_token: rotated.body.refresh_token },
    });
    expect(newest.status).toBe(401);
    const me = await call(b, 'GET', '/users/me', { token: rotated.body.access_token as string });
    expect(me.status).toBe(401);
  }, 30_000);

  it('counts the auth rate limit of one client across both instances', async () => {
    const ip = nextIp();
    const body = { username: 'nobody-here', password: 'wrong-password' };
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 1; i += 1) {
      const reply = await call(i % 2 ? b : a, 'POST', '/auth/login', { body, ip });
      statuses.push(reply.status);
    }
    expect(statuses.slice(0, RATE_LIMIT)).toEqual(Array(RATE_LIMIT).fill(401));
    expect(statuses[RATE_LIMIT]).toBe(429);
  }, 30_000);
});
