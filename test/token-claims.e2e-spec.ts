import { TEST_SECRETS, createTestApp, TestApp } from './app.factory';
import { createUser, TestUser } from './factories';
import { expectProblem } from './support/expect-problem';
import { craftJwt, decodeJwt } from './support/jwt';
import { TestClock } from './support/test-clock';

jest.setTimeout(30_000);

const HS256 = { alg: 'HS256', typ: 'JWT' };
const ACCESS_TTL = 3600;
const REFRESH_TTL = 86_400;

/**
 * Tokens carry the lifetime this server gives them: numeric `iat` and `exp`, `exp - iat` equal to
 * the configured lifetime of their type, `iat` not in the future. A correctly signed token that
 * breaks any of it was not issued here (a leaked secret, or a bug) and is a 401 everywhere.
 */
describe('token claims: exp and iat as issued', () => {
  const clock = new TestClock();
  let t: TestApp;
  let user: TestUser;
  let access: Record<string, unknown>;
  let refresh: Record<string, unknown>;

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    user = await createUser(t);
    access = decodeJwt(user.accessToken);
    refresh = decodeJwt(user.refreshToken);
  });
  afterAll(() => t.close());

  const nowSeconds = () => Math.floor(clock.now() / 1000);
  const signAccess = (claims: Record<string, unknown>) =>
    craftJwt(HS256, claims, TEST_SECRETS.JWT_ACCESS_SECRET);
  const signRefresh = (claims: Record<string, unknown>) =>
    craftJwt(HS256, claims, TEST_SECRETS.JWT_REFRESH_SECRET);
  const me = (token: string) =>
    t.http().get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);
  const verify = (token: unknown) => t.http().post('/api/v1/auth/verify').send({ token });

  const without = (claims: Record<string, unknown>, key: string) =>
    Object.fromEntries(Object.entries(claims).filter(([name]) => name !== key));

  /** Bad lifetimes: each made from the genuine claims, re-signed with the right secret. */
  const badLifetimes = (ttl: number): [string, (c: Record<string, unknown>) => object][] => [
    ['no exp', (c) => without(c, 'exp')],
    ['no iat', (c) => without(c, 'iat')],
    ['neither exp nor iat', (c) => without(without(c, 'exp'), 'iat')],
    ['exp as a string', (c) => ({ ...c, exp: String(c.exp) })],
    ['iat as a string', (c) => ({ ...c, iat: String(c.iat) })],
    ['exp 9e15', (c) => ({ ...c, exp: 9e15 })],
    ['exp - iat one second longer', (c) => ({ ...c, exp: Number(c.iat) + ttl + 1 })],
    ['exp - iat one second shorter', (c) => ({ ...c, exp: Number(c.iat) + ttl - 1 })],
    [
      'a fractional iat',
      (c) => ({ ...c, iat: Number(c.iat) + 0.5, exp: Number(c.iat) + ttl + 0.5 }),
    ],
    [
      'iat a minute in the future',
      (c) => ({ ...c, iat: nowSeconds() + 60, exp: nowSeconds() + 60 + ttl }),
    ],
  ];

  it('accepts the genuine tokens, and a re-signed copy of their claims', async () => {
    await me(user.accessToken).expect(200);
    await me(signAccess(access)).expect(200);
    await verify(signAccess(access)).expect(200);
  });

  it('accepts an iat a few seconds ahead of the clock (another instance may run ahead)', async () => {
    const iat = nowSeconds() + 3;
    await me(signAccess({ ...access, iat, exp: iat + ACCESS_TTL })).expect(200);
  });

  it.each(badLifetimes(ACCESS_TTL))(
    'answers 401 UNAUTHENTICATED for an access token with %s, as bearer and on /verify',
    async (_label, change) => {
      const token = signAccess(change(access) as Record<string, unknown>);
      expectProblem(await me(token), 401, 'UNAUTHENTICATED');
      expectProblem(await verify(token), 401, 'UNAUTHENTICATED');
    },
  );

  it.each(badLifetimes(REFRESH_TTL))(
    'answers 401 INVALID_REFRESH_TOKEN for a refresh token with %s, on refresh and logout',
    async (_label, change) => {
      const token = signRefresh(change(refresh) as Record<string, unknown>);
      for (const path of ['/api/v1/auth/refresh', '/api/v1/auth/logout']) {
        const res = await t.http().post(path).send({ refresh_token: token });
        expectProblem(res, 401, 'INVALID_REFRESH_TOKEN');
      }
      await me(user.accessToken).expect(200); // the session was not touched
    },
  );

  describe('POST /auth/verify: 400 only for a missing or non-string token', () => {
    it.each([
      ['missing', undefined],
      ['a number', 42],
      ['null', null],
      ['an object', { a: 1 }],
    ])('answers 400 VALIDATION_FAILED when token is %s', async (_label, token) => {
      const res = await t
        .http()
        .post('/api/v1/auth/verify')
        .send(token === undefined ? {} : { token });
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'token', message: 'token must be a string' },
      ]);
    });

    it.each([0, 1, 4097, 60_000])(
      'answers 401 UNAUTHENTICATED for a wrong token of %i characters',
      async (length) => {
        expectProblem(await verify('t'.repeat(length)), 401, 'UNAUTHENTICATED');
      },
    );
  });

  describe('POST /auth/login compares what it is given', () => {
    it.each([129, 1001, 60_000])(
      'answers 401 INVALID_CREDENTIALS, not 400, for a wrong password of %i characters',
      async (length) => {
        const res = await t
          .http()
          .post('/api/v1/auth/login')
          .send({ username: user.username, password: 'p'.repeat(length) });
        expectProblem(res, 401, 'INVALID_CREDENTIALS');
      },
    );

    it('answers 401 INVALID_CREDENTIALS for a username of 1001 characters', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: 'u'.repeat(1001), password: user.password });
      expectProblem(res, 401, 'INVALID_CREDENTIALS');
    });
  });
});
