import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createTestApp, TEST_SECRETS, TestApp } from './app.factory';
import { createUser, login, registerUser, TestUser } from './factories';
import { expectProblem } from './support/expect-problem';
import { TestClock } from './support/test-clock';

// Booting apps takes seconds on a busy CI machine.
jest.setTimeout(30_000);

interface Claims {
  sub: string;
  username: string;
  sid: string;
  jti: string;
  typ: string;
  iat: number;
  exp: number;
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodePart = (part: string | undefined): Record<string, unknown> =>
  JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

function decode(token: string): { header: Record<string, unknown>; payload: Claims } {
  const [header, payload] = token.split('.');
  return { header: decodePart(header), payload: decodePart(payload) as unknown as Claims };
}

/** A JWT built by hand: `alg` is written into the header as given and, unless `none`, used. */
function forge(
  payload: Record<string, unknown>,
  { alg = 'HS256', secret = TEST_SECRETS.JWT_ACCESS_SECRET } = {},
): string {
  const input = `${encode({ alg, typ: 'JWT' })}.${encode(payload)}`;
  if (alg === 'none') return `${input}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

describe('tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const me = (accessToken: string) =>
    t.http().get('/api/v1/users/me').set('Authorization', `Bearer ${accessToken}`);
  const verify = (token: unknown) => t.http().post('/api/v1/auth/verify').send({ token });
  const refresh = (refreshToken: unknown) =>
    t.http().post('/api/v1/auth/refresh').send({ refresh_token: refreshToken });
  const logout = (refreshToken: unknown) =>
    t.http().post('/api/v1/auth/logout').send({ refresh_token: refreshToken });

  async function expectAccessRefused(accessToken: string): Promise<void> {
    expectProblem(await me(accessToken), 401, 'UNAUTHENTICATED');
    expectProblem(await verify(accessToken), 401, 'UNAUTHENTICATED');
  }

  describe('access token claims', () => {
    it('is an HS256 JWT with sub, username, sid, jti, typ and exp - iat equal to the access lifetime', async () => {
      const user = await createUser(t);
      const { header, payload } = decode(user.accessToken);

      expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(payload).toEqual({
        sub: String(user.id),
        username: user.username,
        sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
        typ: 'access',
        iat: expect.any(Number),
        exp: expect.any(Number),
      });
      expect(payload.exp - payload.iat).toBe(3600);
      expect(Math.abs(payload.iat * 1000 - Date.now())).toBeLessThan(60_000);
    });

    it('gives every token its own jti and keeps the session id across a refresh', async () => {
      const user = await createUser(t);
      const next = await refresh(user.refreshToken).expect(200);
      const before = decode(user.accessToken).payload;
      const after = decode(next.body.access_token as string).payload;

      expect(after.sid).toBe(before.sid);
      expect(after.jti).not.toBe(before.jti);
      const other = decode((await login(t, user.username, user.password)).access_token).payload;
      expect(other.sid).not.toBe(before.sid);
    });

    it('is accepted when built by hand with the access secret, HS256 and the same claims', async () => {
      // Shows that the forged tokens below differ from a valid one only where they say they do.
      const user = await createUser(t);
      const { payload } = decode(user.accessToken);
      await me(forge({ ...payload })).expect(200);
    });

    it('stores only a hash of the refresh token', async () => {
      const user = await createUser(t);
      const { sid } = decode(user.accessToken).payload;
      const rows = await t.dataSource
        .createQueryBuilder()
        .select('*')
        .from('sessions', 's')
        .where('s.id = :sid', { sid })
        .getRawMany<Record<string, unknown>>();

      expect(rows).toHaveLength(1);
      const values = Object.values(rows[0]!).map(String);
      expect(values).toContain(createHash('sha256').update(user.refreshToken).digest('hex'));
      expect(values.some((value) => value.includes(user.refreshToken))).toBe(false);
      expect(values.some((value) => value.includes(user.accessToken))).toBe(false);
    });
  });

  describe('forged and tampered access tokens', () => {
    let user: TestUser;
    let other: TestUser;
    let claims: Claims;

    beforeAll(async () => {
      user = await createUser(t);
      other = await createUser(t);
      claims = decode(user.accessToken).payload;
    });

    it("refuses an unsigned token with alg 'none'", async () => {
      await expectAccessRefused(forge({ ...claims }, { alg: 'none' }));
    });

    it("refuses alg 'none' even with the original signature left on", async () => {
      const [, payload, signature] = user.accessToken.split('.');
      await expectAccessRefused(`${encode({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`);
    });

    it.each(['HS384', 'HS512'])(
      'refuses a token signed with the access secret but %s',
      async (alg) => {
        await expectAccessRefused(forge({ ...claims }, { alg }));
      },
    );

    it('refuses a payload changed to another user while keeping the signature', async () => {
      const [header, , signature] = user.accessToken.split('.');
      const payload = encode({ ...claims, sub: String(other.id), username: other.username });
      await expectAccessRefused(`${header}.${payload}.${signature}`);
    });

    it('refuses a token signed with another secret', async () => {
      await expectAccessRefused(forge({ ...claims }, { secret: 'x'.repeat(48) }));
    });

    it('refuses access claims signed with the refresh secret', async () => {
      await expectAccessRefused(forge({ ...claims }, { secret: TEST_SECRETS.JWT_REFRESH_SECRET }));
    });

    it("refuses a correctly signed token whose typ is not 'access'", async () => {
      await expectAccessRefused(forge({ ...claims, typ: 'refresh' }));
    });

    it('refuses a correctly signed token naming an unknown session', async () => {
      await expectAccessRefused(forge({ ...claims, sid: randomUUID() }));
    });

    it("refuses a correctly signed token naming another user's session", async () => {
      await expectAccessRefused(
        forge({ ...claims, sub: String(other.id), username: other.username }),
      );
    });

    it('refuses a correctly signed token that has expired', async () => {
      const now = Math.floor(Date.now() / 1000);
      await expectAccessRefused(forge({ ...claims, iat: now - 7200, exp: now - 3600 }));
    });

    it('still accepts the genuine token', async () => {
      await me(user.accessToken).expect(200);
    });
  });

  describe('access and refresh tokens are not interchangeable', () => {
    it('answers 401 INVALID_REFRESH_TOKEN for an access token given as refresh token, revoking nothing', async () => {
      const user = await createUser(t);
      expectProblem(await refresh(user.accessToken), 401, 'INVALID_REFRESH_TOKEN');
      await me(user.accessToken).expect(200);
      await refresh(user.refreshToken).expect(200);
    });

    it('answers 401 UNAUTHENTICATED for a refresh token used as bearer token', async () => {
      const user = await createUser(t);
      expectProblem(await me(user.refreshToken), 401, 'UNAUTHENTICATED');
    });

    it('answers 401 on /verify for a refresh token', async () => {
      const user = await createUser(t);
      expectProblem(await verify(user.refreshToken), 401, 'UNAUTHENTICATED');
    });

    it('answers 401 INVALID_REFRESH_TOKEN when logging out with an access token, ending nothing', async () => {
      const user = await createUser(t);
      expectProblem(await logout(user.accessToken), 401, 'INVALID_REFRESH_TOKEN');
      await me(user.accessToken).expect(200);
    });

    it('refuses a forged refresh token: unsigned, or signed with the access secret', async () => {
      const user = await createUser(t);
      const { sub, sid } = decode(user.refreshToken).payload;
      const payload = { sub, sid, typ: 'refresh', jti: randomUUID() };
      const now = Math.floor(Date.now() / 1000);
      const timed = { ...payload, iat: now, exp: now + 3600 };

      expectProblem(await refresh(forge(timed, { alg: 'none' })), 401, 'INVALID_REFRESH_TOKEN');
      expectProblem(await refresh(forge(timed)), 401, 'INVALID_REFRESH_TOKEN');
    });
  });

  describe('POST /api/v1/auth/refresh', () => {
    it('answers 200 with a new pair of the login shape, not cached', async () => {
      const user = await createUser(t);
      const res = await refresh(user.refreshToken).expect(200);

      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_expires_in: 86400,
      });
      expect(res.body.access_token).not.toBe(user.accessToken);
      expect(res.body.refresh_token).not.toBe(user.refreshToken);
      const mine = await me(res.body.access_token as string).expect(200);
      expect(mine.body.id).toBe(user.id);
    });

    it('accepts each refresh token once', async () => {
      const user = await createUser(t);
      await refresh(user.refreshToken).expect(200);
      expectProblem(await refresh(user.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('treats a replayed refresh token as theft: 401, then the newest refresh and access tokens are refused', async () => {
      const user = await createUser(t);
      const second = (await refresh(user.refreshToken).expect(200)).body;
      const third = (await refresh(second.refresh_token).expect(200)).body;
      await me(third.access_token).expect(200);

      expectProblem(await refresh(user.refreshToken), 401, 'INVALID_REFRESH_TOKEN');

      expectProblem(await refresh(third.refresh_token), 401, 'INVALID_REFRESH_TOKEN');
      await expectAccessRefused(third.access_token);
      await expectAccessRefused(second.access_token);
      await expectAccessRefused(user.accessToken);
    });

    it("leaves the user's other sessions alone when it detects a replay", async () => {
      const user = await createUser(t);
      const elsewhere = await login(t, user.username, user.password);
      await refresh(user.refreshToken).expect(200);
      await refresh(user.refreshToken).expect(401);

      await me(elsewhere.access_token).expect(200);
      await refresh(elsewhere.refresh_token).expect(200);
    });

    it('lets exactly one of several concurrent refreshes with one token succeed, revoking the session', async () => {
      const user = await createUser(t);
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/auth/refresh',
            payload: { refresh_token: user.refreshToken },
          }),
        ),
      );

      const statuses = responses.map((res) => res.statusCode).sort();
      expect(statuses).toEqual([200, 401, 401, 401, 401, 401]);
      for (const res of responses.filter((r) => r.statusCode === 401)) {
        expect(res.json()).toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });
      }
      // The losers were reuse: the winner's new pair belongs to a revoked session.
      const winner = responses
        .find((res) => res.statusCode === 200)!
        .json<{
          access_token: string;
          refresh_token: string;
        }>();
      expectProblem(await refresh(winner.refresh_token), 401, 'INVALID_REFRESH_TOKEN');
      await expectAccessRefused(winner.access_token);
    });

    it.each([
      ['missing', {}, 'refresh_token must be a string'],
      ['a number', { refresh_token: 1 }, 'refresh_token must be a string'],
    ])('answers 400 VALIDATION_FAILED when refresh_token is %s', async (_label, body, message) => {
      const res = await t.http().post('/api/v1/auth/refresh').send(body);
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'refresh_token', message },
      ]);
    });

    it('answers 401 INVALID_REFRESH_TOKEN for garbage', async () => {
      expectProblem(await refresh('garbage'), 401, 'INVALID_REFRESH_TOKEN');
    });

    it.each([0, 4097, 60_000])(
      'answers 401 INVALID_REFRESH_TOKEN for a wrong token of %i characters (no length rule)',
      async (length) => {
        expectProblem(await refresh('r'.repeat(length)), 401, 'INVALID_REFRESH_TOKEN');
      },
    );
  });

  describe('POST /api/v1/auth/logout', () => {
    it('answers 204 without an access token, then refuses the access and refresh tokens of the session', async () => {
      const user = await createUser(t);
      const res = await logout(user.refreshToken).expect(204);
      expect(res.text).toBe('');

      await expectAccessRefused(user.accessToken);
      expectProblem(await refresh(user.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      expectProblem(await logout(user.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('also ends the access tokens issued by earlier refreshes of the session', async () => {
      const user = await createUser(t);
      const next = (await refresh(user.refreshToken).expect(200)).body;
      await logout(next.refresh_token).expect(204);
      await expectAccessRefused(next.access_token);
      await expectAccessRefused(user.accessToken);
    });

    it('leaves the other sessions of the same user untouched', async () => {
      const user = await createUser(t);
      const elsewhere = await login(t, user.username, user.password);
      await logout(user.refreshToken).expect(204);

      await me(elsewhere.access_token).expect(200);
      await verify(elsewhere.access_token).expect(200);
      await refresh(elsewhere.refresh_token).expect(200);
    });

    it('treats a rotated refresh token as reuse: 401, and the newest tokens are refused', async () => {
      const user = await createUser(t);
      const next = (await refresh(user.refreshToken).expect(200)).body;

      expectProblem(await logout(user.refreshToken), 401, 'INVALID_REFRESH_TOKEN');

      expectProblem(await refresh(next.refresh_token), 401, 'INVALID_REFRESH_TOKEN');
      await expectAccessRefused(next.access_token);
    });

    it('answers 400 VALIDATION_FAILED without a refresh_token', async () => {
      const res = await t.http().post('/api/v1/auth/logout').send({});
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'refresh_token', message: 'refresh_token must be a string' },
      ]);
    });

    it('answers 401 INVALID_REFRESH_TOKEN for garbage', async () => {
      expectProblem(await logout('garbage'), 401, 'INVALID_REFRESH_TOKEN');
    });
  });

  describe('configured lifetimes', () => {
    it('follows JWT_ACCESS_TTL and JWT_REFRESH_TTL in exp - iat, expires_in and refresh_expires_in', async () => {
      const custom = await createTestApp({ JWT_ACCESS_TTL: '120', JWT_REFRESH_TTL: '7200' });
      try {
        const user = await registerUser(custom);
        const tokens = await login(custom, user.username, user.password);
        const access = decode(tokens.access_token).payload;
        const refreshClaims = decode(tokens.refresh_token).payload;

        expect(tokens).toMatchObject({ expires_in: 120, refresh_expires_in: 7200 });
        expect(access.exp - access.iat).toBe(120);
        expect(refreshClaims.exp - refreshClaims.iat).toBe(7200);
      } finally {
        await custom.close();
      }
    });
  });

  describe('expiry', () => {
    let short: TestApp;
    const clock = new TestClock();

    beforeAll(async () => {
      short = await createTestApp({ JWT_ACCESS_TTL: '2', JWT_REFRESH_TTL: '2' }, { clock });
    });
    afterAll(() => short.close());

    it('refuses access and refresh tokens once their lifetime has passed', async () => {
      const user = await registerUser(short);
      // JWT times are whole seconds, so a 2 s token lives between 1 and 2 s: time enough to show
      // that it works before it expires (the clock only moves when the test moves it).
      const first = await login(short, user.username, user.password);
      const me = (token: string) =>
        short.http().get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);
      await me(first.access_token).expect(200);
      const second = (
        await short.http().post('/api/v1/auth/refresh').send({ refresh_token: first.refresh_token })
      ).body as { access_token: string; refresh_token: string; expires_in: number };
      expect(second.expires_in).toBe(2);

      const { exp } = decode(second.refresh_token).payload;
      clock.advance(Math.max(exp * 1000 - clock.now(), 0) + 100);

      expectProblem(await me(first.access_token), 401, 'UNAUTHENTICATED');
      expectProblem(await me(second.access_token), 401, 'UNAUTHENTICATED');
      expectProblem(
        await short.http().post('/api/v1/auth/verify').send({ token: second.access_token }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await short
          .http()
          .post('/api/v1/auth/refresh')
          .send({ refresh_token: second.refresh_token }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      expectProblem(
        await short
          .http()
          .post('/api/v1/auth/logout')
          .send({ refresh_token: second.refresh_token }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
    });
  });
});
