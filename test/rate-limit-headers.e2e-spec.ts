import type { Response } from 'supertest';
import { createTestApp, TestApp } from './app.factory';
import { uniqueName } from './factories';
import { expectProblem } from './support/expect-problem';

jest.setTimeout(30_000);

const LIMIT = 3;

/** The three RateLimit header fields of a response, as numbers (NaN when missing). */
function budget(res: Response) {
  return {
    limit: Number(res.headers['ratelimit-limit']),
    remaining: Number(res.headers['ratelimit-remaining']),
    reset: Number(res.headers['ratelimit-reset']),
  };
}

/** Only the clock moves: timers, ticks and I/O stay real, so the app runs as it does in production. */
function fakeTheDateOnly(): void {
  jest.useFakeTimers({
    now: Date.now(),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

describe('RateLimit headers on one instance (AUTH_RATE_LIMIT=3)', () => {
  let t: TestApp;

  // A fresh app per test: fresh counters.
  beforeEach(async () => {
    t = await createTestApp({ AUTH_RATE_LIMIT: String(LIMIT) });
    fakeTheDateOnly();
  });
  afterEach(async () => {
    jest.useRealTimers();
    await t.close();
  });

  const login = () =>
    t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: uniqueName('nobody'), password: 'wrong-password' });

  it('counts RateLimit-Remaining down to 0, then answers 429 with Retry-After equal to the reset', async () => {
    const seen = [];
    for (let i = 0; i < LIMIT; i += 1) {
      const res = await login();
      expectProblem(res, 401, 'INVALID_CREDENTIALS');
      seen.push(budget(res));
    }
    expect(seen.map(({ limit, remaining }) => [limit, remaining])).toEqual([
      [3, 2],
      [3, 1],
      [3, 0],
    ]);
    for (const { reset } of seen) {
      expect(Number.isInteger(reset)).toBe(true);
      expect(reset).toBeGreaterThanOrEqual(1);
      expect(reset).toBeLessThanOrEqual(60);
    }
    // One window: the reset only comes closer.
    expect(seen[1]!.reset).toBeLessThanOrEqual(seen[0]!.reset);
    expect(seen[2]!.reset).toBeLessThanOrEqual(seen[1]!.reset);

    const blocked = await login();
    expectProblem(blocked, 429, 'TOO_MANY_REQUESTS');
    expect(budget(blocked)).toEqual({ limit: 3, remaining: 0, reset: expect.any(Number) });
    expect(blocked.headers['retry-after']).toBe(String(budget(blocked).reset));
  });

  it('gives the whole budget back once RateLimit-Reset seconds have passed', async () => {
    await login();
    jest.advanceTimersByTime(10_000);
    const second = await login();
    expect(budget(second)).toMatchObject({ remaining: 1 });
    expect(budget(second).reset).toBeLessThanOrEqual(50);

    jest.advanceTimersByTime(budget(second).reset * 1000);
    const fresh = await login();
    expect(budget(fresh)).toEqual({ limit: 3, remaining: 2, reset: 60 });
  });

  it('lifts the block once Retry-After seconds have passed, and not before', async () => {
    for (let i = 0; i < LIMIT; i += 1) await login();
    const blocked = await login();
    expectProblem(blocked, 429, 'TOO_MANY_REQUESTS');
    const wait = Number(blocked.headers['retry-after']);

    jest.advanceTimersByTime((wait - 1) * 1000);
    const still = await login();
    expectProblem(still, 429, 'TOO_MANY_REQUESTS');
    expect(Number(still.headers['retry-after'])).toBeLessThanOrEqual(1);

    jest.advanceTimersByTime(1000);
    const again = await login();
    expectProblem(again, 401, 'INVALID_CREDENTIALS');
    expect(budget(again)).toMatchObject({ limit: 3, remaining: 2 });
  });

  it('carries them on every answer of a limited endpoint: 201, 400 and a 429 for an oversized body', async () => {
    const username = uniqueName();
    const created = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ username, email: `${username}@example.com`, password: 'long-enough' })
      .expect(201);
    expect(budget(created)).toMatchObject({ limit: 3, remaining: 2 });

    const invalid = await t.http().post('/api/v1/auth/register').send({ username: 'x' });
    expectProblem(invalid, 400, 'VALIDATION_FAILED');
    expect(budget(invalid)).toMatchObject({ limit: 3, remaining: 1 });

    await t.http().post('/api/v1/auth/register').send({});
    const oversized = await t
      .http()
      .post('/api/v1/auth/register')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x'.repeat(70 * 1024) }));
    expectProblem(oversized, 429, 'TOO_MANY_REQUESTS');
    expect(budget(oversized)).toMatchObject({ limit: 3, remaining: 0 });
  });

  it('sends none on endpoints that are not rate limited', async () => {
    const responses = [
      await t.http().post('/api/v1/auth/verify').send({ token: 'x' }),
      await t.http().post('/api/v1/auth/logout').send({ refresh_token: 'x' }),
      await t.http().get('/api/health'),
    ];
    for (const res of responses) {
      expect(res.headers).not.toHaveProperty('ratelimit-limit');
      expect(res.headers).not.toHaveProperty('ratelimit-remaining');
      expect(res.headers).not.toHaveProperty('ratelimit-reset');
    }
  });
});
