import { createTestApp, TestApp } from './app.factory';
import { uniqueName } from './factories';
import { expectProblem } from './support/expect-problem';
import { TestClock } from './support/test-clock';

// Booting apps takes seconds on a busy CI machine.
jest.setTimeout(30_000);

/** A request to each rate-limited endpoint that costs little (no account needed). */
const LIMITED = {
  register: () => ({ username: 'x', email: 'x', password: 'x' }),
  login: () => ({ username: uniqueName('nobody'), password: 'wrong-password' }),
  refresh: () => ({ refresh_token: 'not-a-token' }),
} as const;

type Endpoint = keyof typeof LIMITED;

describe('rate limiting of register, login and refresh', () => {
  describe('with AUTH_RATE_LIMIT=3', () => {
    let t: TestApp;
    const clock = new TestClock();

    // One app; each test starts with fresh counters: the clock moves past every window and block.
    beforeAll(async () => {
      t = await createTestApp({ AUTH_RATE_LIMIT: '3' }, { clock });
    });
    beforeEach(() => clock.advance(61 * 60_000));
    afterAll(() => t.close());

    const hit = (endpoint: Endpoint) =>
      t.http().post(`/api/v1/auth/${endpoint}`).send(LIMITED[endpoint]());

    it.each(['register', 'login', 'refresh'] as const)(
      'answers the 4th %s request within a minute with 429 TOO_MANY_REQUESTS and Retry-After',
      async (endpoint) => {
        for (let i = 0; i < 3; i += 1) {
          const res = await hit(endpoint);
          expect([400, 401]).toContain(res.status);
        }
        const res = await hit(endpoint);
        expectProblem(res, 429, 'TOO_MANY_REQUESTS');
        const retryAfter = res.headers['retry-after'];
        expect(retryAfter).toMatch(/^\d+$/);
        expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
        expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      },
    );

    it('counts each endpoint separately', async () => {
      for (let i = 0; i < 3; i += 1) await hit('login');
      expectProblem(await hit('login'), 429, 'TOO_MANY_REQUESTS');

      const username = uniqueName();
      const account = { username, email: `${username}@example.com`, password: 'long-enough' };
      await t.http().post('/api/v1/auth/register').send(account).expect(201);
      expectProblem(await hit('refresh'), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('does not limit verify and logout', async () => {
      for (let i = 0; i < 5; i += 1) {
        const verify = await t.http().post('/api/v1/auth/verify').send({ token: 'x' });
        expectProblem(verify, 401, 'UNAUTHENTICATED');
        const logout = await t.http().post('/api/v1/auth/logout').send({ refresh_token: 'x' });
        expectProblem(logout, 401, 'INVALID_REFRESH_TOKEN');
      }
    });

    it('answers 429 before reading the body: malformed, non-JSON or oversized', async () => {
      for (let i = 0; i < 3; i += 1) await hit('login');
      const url = '/api/v1/auth/login';
      const bodies: [string, string][] = [
        ['application/json', '{"username":'],
        ['text/plain', 'hello'],
        ['application/json', JSON.stringify({ username: 'x'.repeat(70 * 1024) })],
      ];
      for (const [contentType, body] of bodies) {
        const res = await t.http().post(url).set('Content-Type', contentType).send(body);
        expectProblem(res, 429, 'TOO_MANY_REQUESTS');
        expect(res.headers['retry-after']).toMatch(/^\d+$/);
      }
    });

    it('keys by the client address, not by a spoofable X-Forwarded-For', async () => {
      for (let i = 0; i < 3; i += 1) await hit('refresh');
      const res = await t
        .http()
        .post('/api/v1/auth/refresh')
        .set('X-Forwarded-For', '203.0.113.7')
        .send(LIMITED.refresh());
      expectProblem(res, 429, 'TOO_MANY_REQUESTS');
    });

    it('does not limit other routes', async () => {
      for (let i = 0; i < 5; i += 1) await t.http().get('/api/health').expect(200);
    });
  });

  it('counts each client of a trusted proxy separately with TRUST_PROXY=true', async () => {
    const t = await createTestApp({ AUTH_RATE_LIMIT: '1', TRUST_PROXY: 'true' });
    try {
      const from = (ip: string) =>
        t.http().post('/api/v1/auth/refresh').set('X-Forwarded-For', ip).send(LIMITED.refresh());
      expectProblem(await from('203.0.113.1'), 401, 'INVALID_REFRESH_TOKEN');
      expectProblem(await from('203.0.113.1'), 429, 'TOO_MANY_REQUESTS');
      expectProblem(await from('203.0.113.2'), 401, 'INVALID_REFRESH_TOKEN');
    } finally {
      await t.close();
    }
  });

  it('allows 20 requests per minute per endpoint by default', async () => {
    const t = await createTestApp({ AUTH_RATE_LIMIT: undefined });
    try {
      for (let i = 0; i < 20; i += 1) {
        await t.http().post('/api/v1/auth/refresh').send(LIMITED.refresh()).expect(401);
      }
      const res = await t.http().post('/api/v1/auth/refresh').send(LIMITED.refresh());
      expectProblem(res, 429, 'TOO_MANY_REQUESTS');
    } finally {
      await t.close();
    }
  });

  it('is off with AUTH_RATE_LIMIT=0', async () => {
    const t = await createTestApp({ AUTH_RATE_LIMIT: '0' });
    try {
      for (let i = 0; i < 25; i += 1) {
        await t.http().post('/api/v1/auth/refresh').send(LIMITED.refresh()).expect(401);
      }
    } finally {
      await t.close();
    }
  });
});
