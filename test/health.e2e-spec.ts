import { createTestApp, TestApp } from './app.factory';
import { createUser } from './factories';
import { expectProblem } from './support/expect-problem';

jest.setTimeout(30_000);

describe('GET /api/health', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 200 {status: "ok"} with the database check while the database answers', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    expect(Object.keys(res.body.details)).toEqual(['database']); // no REDIS_URL: no Redis
  });

  it('answers 503 {status: "error"} for the load balancer once the database is gone', async () => {
    const user = await createUser(t);
    await t.dataSource.destroy();
    const res = await t.http().get('/api/health').expect(503);
    // Which check failed, in generic words: the driver's message stays in the log.
    const down = { status: 'down', message: 'The database did not answer.' };
    expect(res.body).toMatchObject({ status: 'error', error: { database: down } });
    expect(res.body.details).toEqual({ database: { ...down, responseTime: expect.any(Number) } });
    // Other requests are a 503 problem with Retry-After, with nothing internal in it.
    const res2 = await t.http().get('/api/v1/users/me').set(user.auth);
    expectProblem(res2, 503, 'SERVICE_UNAVAILABLE');
    expect(res2.headers['retry-after']).toBe('5');
    await t.dataSource.initialize();
  });
});

describe('text the database cannot store', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['a NUL character', 'Ada\u0000'],
    ['an unpaired surrogate', 'Ada\ud800'],
    ['over 100 code points that look like fewer characters', '❤️'.repeat(51)],
  ])('answers 400 to a first name with %s', async (_, firstName) => {
    const username = `storable_${Math.random().toString(36).slice(2, 10)}`;
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ username, email: `${username}@example.com`, password: 'correct-horse', firstName });
    expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
      { field: 'firstName', message: expect.any(String) },
    ]);
  });
});
