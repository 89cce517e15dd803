import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { Response } from 'supertest';
import { createTestApp, TestApp } from './app.factory';
import { expectProblem } from './support/expect-problem';

/**
 * Two instances sharing one Redis (the PostgreSQL pass, which has Redis): a client's budget is
 * one, whichever instance answers.
 */
jest.setTimeout(60_000);

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMIT = 4;
const LOGIN = '/api/v1/auth/login';

function budget(res: Response) {
  return {
    limit: Number(res.headers['ratelimit-limit']),
    remaining: Number(res.headers['ratelimit-remaining']),
    reset: Number(res.headers['ratelimit-reset']),
  };
}

describe('RateLimit headers on two instances sharing Redis', () => {
  let a: TestApp;
  let b: TestApp;
  let redis: Redis;
  // A client address of this run only (TRUST_PROXY), so no other run's counters are in the way.
  const ip = `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

  beforeAll(async () => {
    const env = { AUTH_RATE_LIMIT: String(LIMIT), REDIS_URL, TRUST_PROXY: 'true' };
    [a, b] = await Promise.all([createTestApp(env), createTestApp(env)]);
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await Promise.all([a?.close(), b?.close()]);
  });

  const login = (app: TestApp) =>
    app
      .http()
      .post(LOGIN)
      .set('X-Forwarded-For', ip)
      .send({ username: 'nobody-here', password: 'wrong-password' });

  /** The storage's keys of this client and endpoint: its window and its block. */
  const keys = () => redis.keys(`{auth:POST:${LOGIN}:${ip}:auth}:*`);

  it('counts one budget across both, blocks on both, and both see the reset', async () => {
    const replies = [];
    for (let i = 0; i < LIMIT; i += 1) replies.push(await login(i % 2 ? b : a));
    for (const res of replies) expectProblem(res, 401, 'INVALID_CREDENTIALS');
    expect(replies.map((res) => budget(res).remaining)).toEqual([3, 2, 1, 0]);
    expect(replies.every((res) => budget(res).limit === LIMIT)).toBe(true);
    // One window, wherever it is read: the reset never moves away.
    const resets = replies.map((res) => budget(res).reset);
    expect([...resets].sort((x, y) => y - x)).toEqual(resets);
    expect(resets[0]).toBeLessThanOrEqual(60);

    // The next request is over the limit on either instance, with the same wait.
    const fromA = await login(a);
    const fromB = await login(b);
    for (const res of [fromA, fromB]) {
      expectProblem(res, 429, 'TOO_MANY_REQUESTS');
      expect(budget(res)).toMatchObject({ limit: LIMIT, remaining: 0 });
      expect(res.headers['retry-after']).toBe(String(budget(res).reset));
    }
    expect(Math.abs(budget(fromA).reset - budget(fromB).reset)).toBeLessThanOrEqual(1);
    // The wait is the block Redis keeps.
    const blockTtl = await redis.pttl(`{auth:POST:${LOGIN}:${ip}:auth}:blocked`);
    expect(Math.abs(Math.ceil(blockTtl / 1000) - budget(fromB).reset)).toBeLessThanOrEqual(1);

    // The window and the block end (here by expiring Redis' keys, as their TTLs would):
    // both instances give the whole budget back.
    const stored = await keys();
    expect(stored.length).toBeGreaterThan(0);
    await redis.del(...stored);
    const afterA = await login(a);
    expectProblem(afterA, 401, 'INVALID_CREDENTIALS');
    expect(budget(afterA)).toEqual({ limit: LIMIT, remaining: 3, reset: 60 });
    expect(budget(await login(b))).toMatchObject({ remaining: 2 });
  });
});
