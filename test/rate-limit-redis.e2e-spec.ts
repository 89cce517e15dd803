import { Logger } from '@nestjs/common';
import { createTestApp, TestApp } from './app.factory';
import { uniqueName } from './factories';
import { expectProblem } from './support/expect-problem';
import { PrivateRedis, startPrivateRedis } from './support/private-redis';

jest.setTimeout(30_000);

const LIMIT = 3;

/**
 * Redis holds the rate-limit counters of every instance. Losing it degrades, it does not fail:
 * each instance counts on its own (fast: no wait for Redis per request), health says `degraded`
 * and stays 200, one warning is logged; once Redis is back the counting is shared again.
 */
describe('rate limits when Redis goes away and comes back', () => {
  let redis: PrivateRedis;
  let a: TestApp;
  let b: TestApp;
  let client = 0;
  const warn = jest.spyOn(Logger.prototype, 'warn');

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const env = { AUTH_RATE_LIMIT: String(LIMIT), REDIS_URL: redis.url, TRUST_PROXY: 'true' };
    [a, b] = await Promise.all([createTestApp(env), createTestApp(env)]);
  });
  afterAll(async () => {
    warn.mockRestore();
    await Promise.all([a?.close(), b?.close()]);
    await redis?.kill();
  });

  /** A client address of its own per phase, so each phase starts with a fresh window. */
  const newClient = () => {
    client += 1;
    return `203.0.113.${client}`;
  };
  const login = (app: TestApp, ip: string) =>
    app
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip)
      .send({ username: uniqueName('nobody'), password: 'wrong-password' });
  const redisHealth = async (app: TestApp) => {
    const res = await app.http().get('/api/health').expect(200);
    return (res.body as { details: { redis?: { status: string } } }).details.redis?.status;
  };
  const redisWarnings = () =>
    warn.mock.calls.filter(([message]) => String(message).startsWith('Redis unreachable')).length;

  /** Counted across both instances: the budget is spent by whichever takes the request. */
  async function expectShared(): Promise<void> {
    const ip = newClient();
    expectProblem(await login(a, ip), 401, 'INVALID_CREDENTIALS');
    expectProblem(await login(b, ip), 401, 'INVALID_CREDENTIALS');
    expectProblem(await login(a, ip), 401, 'INVALID_CREDENTIALS');
    expectProblem(await login(b, ip), 429, 'TOO_MANY_REQUESTS');
  }

  it('shares the count while Redis is up', async () => {
    expect(await redisHealth(a)).toBe('up');
    await expectShared();
  });

  it('counts per instance, fast, while Redis is down; health is degraded and 200; one warning', async () => {
    await redis.kill();
    const ip = newClient();
    const started = Date.now();
    for (let i = 0; i < LIMIT; i += 1) {
      const res = await login(a, ip);
      expectProblem(res, 401, 'INVALID_CREDENTIALS');
      expect(res.headers['ratelimit-remaining']).toBe(String(LIMIT - 1 - i));
    }
    expectProblem(await login(a, ip), 429, 'TOO_MANY_REQUESTS');
    // The other instance has its own count now.
    expectProblem(await login(b, ip), 401, 'INVALID_CREDENTIALS');
    // Eight requests, none waiting for Redis (ioredis would otherwise queue them for seconds).
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await redisHealth(a)).toBe('degraded');
    expect(await redisHealth(b)).toBe('degraded');
    expect(redisWarnings()).toBe(2); // once per instance, not per request
  });

  it('shares the count again once Redis is back, without a restart', async () => {
    await redis.start();
    const deadline = Date.now() + 10_000;
    while ((await redisHealth(a)) !== 'up' || (await redisHealth(b)) !== 'up') {
      if (Date.now() > deadline) throw new Error('the instances did not reconnect to Redis');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await expectShared();
    expect(redisWarnings()).toBe(2);
  });
});
