import { createTestApp, TestApp } from './app.factory';
import { createUser } from './factories';

jest.setTimeout(30_000);

const ORIGIN = 'https://app.example';

/** A web app on another origin (CORS_ORIGIN) reads the headers the contract tells clients to read. */
describe('CORS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGIN: ORIGIN, API_RATE_LIMIT: '10' });
  });
  afterAll(() => t?.close());

  it('exposes RateLimit-*, Retry-After, Idempotent-Replayed, ETag and Location to the allowed origin', async () => {
    const user = await createUser(t);
    const res = await t.http().get('/api/v1/users/me').set(user.auth).set('Origin', ORIGIN);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    const exposed = String(res.headers['access-control-expose-headers'])
      .split(',')
      .map((name) => name.trim().toLowerCase());
    expect(exposed).toEqual(
      expect.arrayContaining([
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
        'retry-after',
        'idempotent-replayed',
        'etag',
        'location',
      ]),
    );
    expect(res.headers['ratelimit-limit']).toBe('10');
  });
});
