import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from './app.factory';
import { countEvents, EVENTS, HOUR, DAY } from './event-factories';
import { createUser, TestUser, uniqueName } from './factories';
import { PrivateRedis, startPrivateRedis } from './support/private-redis';
import { TestClock } from './support/test-clock';

jest.setTimeout(60_000);

const ME = '/api/v1/users/me';
/** The default of API_RATE_LIMIT: requests per minute per user. */
const DEFAULT_LIMIT = 600;
/** `createTestApp` turns the per-user limit off; `undefined` leaves API_RATE_LIMIT unset. */
const DEFAULT_ENV = { API_RATE_LIMIT: undefined };

interface Sent {
  status: number;
  code: unknown;
  headers: Record<string, string | string[] | number | undefined>;
}

/** The RateLimit header fields and Retry-After of a response, as numbers (NaN when missing). */
function budget(res: Sent) {
  return {
    limit: Number(res.headers['ratelimit-limit']),
    remaining: Number(res.headers['ratelimit-remaining']),
    reset: Number(res.headers['ratelimit-reset']),
  };
}

function hasNoBudget(res: Sent): void {
  for (const name of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) {
    expect(res.headers).not.toHaveProperty(name);
  }
}

/** One request without a socket (Fastify's inject): the spec sends thousands. */
async function send(
  t: TestApp,
  user: TestUser | undefined,
  options: { method?: 'GET' | 'POST'; url?: string; body?: object; headers?: object } = {},
): Promise<Sent> {
  const res = await t.app.inject({
    method: options.method ?? 'GET',
    url: options.url ?? ME,
    headers: { ...user?.auth, ...options.headers },
    ...(options.body && { payload: options.body }),
  });
  const json = res.headers['content-type']?.toString().includes('json')
    ? (res.json<{ code?: unknown }>() ?? {})
    : {};
  return { status: res.statusCode, code: json.code, headers: res.headers };
}

/** `count` GETs of `/users/me` as `user`, in parallel batches of 50, in order of batches. */
async function spend(t: TestApp, user: TestUser, count: number): Promise<Sent[]> {
  const all: Sent[] = [];
  for (let sent = 0; sent < count; sent += 50) {
    const batch = Math.min(50, count - sent);
    all.push(...(await Promise.all(Array.from({ length: batch }, () => send(t, user)))));
  }
  return all;
}

function expectTooManyRequests(res: Sent, limit: number): void {
  expect(res.status).toBe(429);
  expect(res.code).toBe('TOO_MANY_REQUESTS');
  expect(budget(res)).toMatchObject({ limit, remaining: 0 });
  expect(budget(res).reset).toBeGreaterThanOrEqual(1);
  expect(budget(res).reset).toBeLessThanOrEqual(60);
  expect(res.headers['retry-after']).toBe(String(budget(res).reset));
}

/** Every request of `responses` answered 200 within one budget of `limit`, counted exactly. */
function expectCountedDown(responses: Sent[], limit: number, from = limit): void {
  expect(responses.map((res) => res.status)).toEqual(responses.map(() => 200));
  expect(responses.every((res) => budget(res).limit === limit)).toBe(true);
  const remaining = responses.map((res) => budget(res).remaining).sort((a, b) => b - a);
  expect(remaining).toEqual(responses.map((_, i) => from - 1 - i));
}

/** A login that also carries the user's valid access token. */
function loginWithToken(t: TestApp, user: TestUser): Promise<Sent> {
  return send(t, user, {
    method: 'POST',
    url: '/api/v1/auth/login',
    body: { username: user.username, password: user.password },
  });
}

function eventBody(clock: TestClock) {
  const now = clock.now();
  return {
    name: uniqueName('event'),
    startsAt: new Date(now + DAY).toISOString(),
    endsAt: new Date(now + DAY + HOUR).toISOString(),
  };
}

describe('the per-user rate limit with its default of 600 a minute', () => {
  const clock = new TestClock();
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(DEFAULT_ENV, { clock });
  });
  afterAll(() => t?.close());

  it('answers the 601st request of a user within a minute with 429, Retry-After and RateLimit-*; another user is untouched', async () => {
    const [ada, bob] = await Promise.all([createUser(t), createUser(t)]);
    expectCountedDown(await spend(t, ada, DEFAULT_LIMIT), DEFAULT_LIMIT);

    expectTooManyRequests(await send(t, ada), DEFAULT_LIMIT);
    const other = await send(t, bob);
    expect(other.status).toBe(200);
    expect(budget(other)).toMatchObject({ limit: DEFAULT_LIMIT, remaining: DEFAULT_LIMIT - 1 });
  });

  it('runs nothing past the budget, answers it before the body is read, and keeps no idempotent answer', async () => {
    const ada = await createUser(t);
    await spend(t, ada, DEFAULT_LIMIT);
    const before = await countEvents(t);
    const key = randomUUID();
    const body = eventBody(clock);
    const create = () =>
      send(t, ada, {
        method: 'POST',
        url: EVENTS,
        body,
        headers: { 'idempotency-key': key },
      });

    expectTooManyRequests(await create(), DEFAULT_LIMIT);
    // Request-level, like the per-IP limit: the 429 comes before the 413 of an oversized body.
    const oversized = await send(t, ada, {
      method: 'POST',
      url: EVENTS,
      body: { name: 'x'.repeat(70 * 1024) },
    });
    expectTooManyRequests(oversized, DEFAULT_LIMIT);
    expect(await countEvents(t)).toBe(before);

    // A minute later the window and the block are over: the same key runs, as a first request.
    clock.advance(60_000);
    const created = await create();
    expect(created.status).toBe(201);
    expect(created.headers).not.toHaveProperty('idempotent-replayed');
    expect(budget(created)).toMatchObject({ limit: DEFAULT_LIMIT, remaining: DEFAULT_LIMIT - 1 });
    expect(await countEvents(t)).toBe(before + 1);
  });

  it('gives the whole budget back when the window and the block are over (test clock)', async () => {
    const ada = await createUser(t);
    // Stopped, so that the seconds of RateLimit-Reset are exact.
    let now = clock.now();
    const moveTo = (ms: number) => clock.freeze((now += ms));
    moveTo(0);
    try {
      const first = await send(t, ada);
      expect(budget(first)).toEqual({
        limit: DEFAULT_LIMIT,
        remaining: DEFAULT_LIMIT - 1,
        reset: 60,
      });
      moveTo(20_000);
      await spend(t, ada, DEFAULT_LIMIT - 2);
      const last = await send(t, ada);
      expect(budget(last)).toEqual({ limit: DEFAULT_LIMIT, remaining: 0, reset: 40 });
      const blocked = await send(t, ada);
      expectTooManyRequests(blocked, DEFAULT_LIMIT);
      expect(budget(blocked).reset).toBe(60);

      // The block of the 601st request lasts a minute from then, past the window's end.
      moveTo(40_000);
      const still = await send(t, ada);
      expectTooManyRequests(still, DEFAULT_LIMIT);
      expect(budget(still).reset).toBe(20);
      moveTo(20_000);
      const fresh = await send(t, ada);
      expect(fresh.status).toBe(200);
      // A new window began with the request just refused (refused requests count too).
      expect(budget(fresh)).toEqual({
        limit: DEFAULT_LIMIT,
        remaining: DEFAULT_LIMIT - 2,
        reset: 40,
      });
    } finally {
      clock.unfreeze();
      clock.advance(Math.max(0, now - clock.now()));
    }
  });
});

describe('what the per-user budget counts (API_RATE_LIMIT=3)', () => {
  const LIMIT = 3;
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp({ API_RATE_LIMIT: String(LIMIT) });
  });
  afterEach(() => t?.close());

  it('counts RateLimit-Remaining down request by request, the reset only coming closer', async () => {
    const ada = await createUser(t);
    const seen = [];
    for (let i = 0; i < LIMIT; i += 1) seen.push(await send(t, ada));
    expect(seen.map((res) => [res.status, budget(res).limit, budget(res).remaining])).toEqual([
      [200, 3, 2],
      [200, 3, 1],
      [200, 3, 0],
    ]);
    const resets = seen.map((res) => budget(res).reset);
    expect([...resets].sort((a, b) => b - a)).toEqual(resets);
    expect(resets[0]).toBeLessThanOrEqual(60);
    expectTooManyRequests(await send(t, ada), LIMIT);
  });

  it('counts the requests of every route with a valid token, whatever their answer', async () => {
    const ada = await createUser(t);
    // An unknown route is a 404 before any rate limit, and spends nothing.
    expect((await send(t, ada, { url: '/api/v1/no-such-route' })).status).toBe(404);
    const answers = [
      await send(t, ada, { url: `${EVENTS}/999999` }),
      await send(t, ada, { method: 'POST', url: EVENTS, body: {} }),
      await send(t, ada, { url: '/api/health' }),
    ];
    expect(answers.map((res) => [res.status, budget(res).remaining])).toEqual([
      [404, 2],
      [400, 1],
      [200, 0],
    ]);
  });

  it('does not count a missing or invalid token: 401 without RateLimit headers', async () => {
    const ada = await createUser(t);
    const forged = { ...ada, auth: { Authorization: `Bearer ${ada.accessToken}x` } };
    for (const res of [await send(t, undefined), await send(t, forged)]) {
      expect(res.status).toBe(401);
      expect(res.code).toBe('UNAUTHENTICATED');
      hasNoBudget(res);
    }
    expect(budget(await send(t, ada))).toMatchObject({ remaining: LIMIT - 1 });
  });

  it('leaves register, login and refresh to their per-IP limit, even with a valid token', async () => {
    const ada = await createUser(t);
    const login = await loginWithToken(t, ada);
    expect(login.status).toBe(200);
    hasNoBudget(login); // AUTH_RATE_LIMIT=0 in tests: no limit there at all
    expect(budget(await send(t, ada))).toMatchObject({ remaining: LIMIT - 1 });
  });
});

describe('the per-user budget beside the per-IP auth limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ API_RATE_LIMIT: '3', AUTH_RATE_LIMIT: '5' });
  });
  afterAll(() => t?.close());

  it('gives login the per-IP budget only, and the user budget stays whole', async () => {
    const ada = await createUser(t);
    const login = await loginWithToken(t, ada);
    expect(login.status).toBe(200);
    expect(budget(login).limit).toBe(5);
    expect(budget(await send(t, ada))).toMatchObject({ limit: 3, remaining: 2 });
  });
});

describe('API_RATE_LIMIT=0', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ API_RATE_LIMIT: '0' });
  });
  afterAll(() => t?.close());

  it('turns the per-user limit off: no RateLimit headers, no 429 past 600', async () => {
    const ada = await createUser(t);
    const responses = await spend(t, ada, DEFAULT_LIMIT + 1);
    expect(responses.every((res) => res.status === 200)).toBe(true);
    responses.forEach(hasNoBudget);
  });
});

describe('the per-user budget across two instances', () => {
  let redis: PrivateRedis;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const env = { ...DEFAULT_ENV, REDIS_URL: redis.url };
    a = await createTestApp(env);
    // The same database, so a token of one is valid on the other.
    b = await createTestApp({ ...env, DB_PATH: a.dbPath, DB_MIGRATE: 'false' });
  });
  afterAll(async () => {
    await b?.close({ keepDatabase: true });
    await a?.close();
    await redis?.kill();
  });

  it('shares one budget through Redis: 300 requests to each, then the next on either is a 429', async () => {
    const ada = await createUser(a);
    const [onA, onB] = await Promise.all([spend(a, ada, 300), spend(b, ada, 300)]);
    expectCountedDown([...onA, ...onB], DEFAULT_LIMIT);
    expectTooManyRequests(await send(a, ada), DEFAULT_LIMIT);
    expectTooManyRequests(await send(b, ada), DEFAULT_LIMIT);
  });

  it('counts on each instance alone while Redis is unreachable', async () => {
    await redis.kill();
    const ada = await createUser(a);
    expectCountedDown(await spend(a, ada, DEFAULT_LIMIT), DEFAULT_LIMIT);
    expectTooManyRequests(await send(a, ada), DEFAULT_LIMIT);
    const elsewhere = await send(b, ada);
    expect(elsewhere.status).toBe(200);
    expect(budget(elsewhere)).toMatchObject({ remaining: DEFAULT_LIMIT - 1 });
  });
});
