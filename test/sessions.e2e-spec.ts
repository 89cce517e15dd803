import { createTestApp, TestApp } from './app.factory';
import { createUser, TestUser } from './factories';
import { expectProblem } from './support/expect-problem';
import { TestClock } from './support/test-clock';

// Booting apps takes seconds on a busy CI machine.
jest.setTimeout(30_000);

const SESSIONS = '/api/v1/users/me/sessions';
const MINUTE = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface SessionItem {
  id: string;
  createdAt: string;
  lastUsedAt: string | null;
  userAgent: string | null;
  current: boolean;
}

interface Tokens {
  access_token: string;
  refresh_token: string;
}

const sidOf = (accessToken: string): string =>
  (JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { sid: string })
    .sid;

describe('sessions', () => {
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
  });
  afterAll(() => t.close());

  const bearer = (accessToken: string) => ({ Authorization: `Bearer ${accessToken}` });
  const loginAs = async (user: TestUser, userAgent?: string): Promise<Tokens> => {
    const req = t.http().post('/api/v1/auth/login');
    if (userAgent !== undefined) void req.set('User-Agent', userAgent);
    const res = await req.send({ username: user.username, password: user.password }).expect(200);
    return res.body as Tokens;
  };
  const list = async (accessToken: string): Promise<SessionItem[]> => {
    const res = await t.http().get(SESSIONS).set(bearer(accessToken)).expect(200);
    return (res.body as { items: SessionItem[] }).items;
  };
  const revoke = (accessToken: string, id: string) =>
    t.http().delete(`${SESSIONS}/${id}`).set(bearer(accessToken));
  const me = (accessToken: string) => t.http().get('/api/v1/users/me').set(bearer(accessToken));
  const refresh = (refreshToken: string) =>
    t.http().post('/api/v1/auth/refresh').send({ refresh_token: refreshToken });
  const sessionOf = async (accessToken: string, id: string) =>
    (await list(accessToken)).find((item) => item.id === id);

  describe('GET /api/v1/users/me/sessions', () => {
    it('lists the live sessions newest first, with exactly the documented fields', async () => {
      const user = await createUser(t);
      clock.advance(1000);
      const phone = await loginAs(user, 'Phone/1.0');
      clock.advance(1000);
      const laptop = await loginAs(user, 'Laptop/2.0');

      const res = await t.http().get(SESSIONS).set(bearer(phone.access_token)).expect(200);
      expect(Object.keys(res.body)).toEqual(['items']);
      const items = (res.body as { items: SessionItem[] }).items;
      expect(items.map((item) => item.id)).toEqual([
        sidOf(laptop.access_token),
        sidOf(phone.access_token),
        sidOf(user.accessToken),
      ]);
      for (const item of items) {
        expect(Object.keys(item).sort()).toEqual(
          ['createdAt', 'current', 'id', 'lastUsedAt', 'userAgent'].sort(),
        );
        expect(item.id).toMatch(UUID);
        expect(item.createdAt).toMatch(ISO_MS);
        expect(item.lastUsedAt).toMatch(ISO_MS);
      }
      expect(items.map((item) => [item.userAgent, item.current])).toEqual([
        ['Laptop/2.0', false],
        ['Phone/1.0', true],
        [null, false],
      ]);
      expect(Date.parse(items[0]!.createdAt)).toBeGreaterThan(Date.parse(items[1]!.createdAt));
    });

    it("marks as current the caller's session, whichever it is", async () => {
      const user = await createUser(t);
      const other = await loginAs(user);
      const current = (items: SessionItem[]) => items.filter((item) => item.current);
      expect(current(await list(user.accessToken)).map((item) => item.id)).toEqual([
        sidOf(user.accessToken),
      ]);
      expect(current(await list(other.access_token)).map((item) => item.id)).toEqual([
        sidOf(other.access_token),
      ]);
    });

    it('stores the User-Agent of the login cut to 200 characters, and keeps it across refreshes', async () => {
      const user = await createUser(t);
      const userAgent = `Agent/${'x'.repeat(300)}`;
      const tokens = await loginAs(user, userAgent);
      const next = (await refresh(tokens.refresh_token).expect(200)).body as Tokens;
      const session = await sessionOf(next.access_token, sidOf(tokens.access_token));
      expect(session?.userAgent).toBe(userAgent.slice(0, 200));
      expect(session?.userAgent).toHaveLength(200);
    });

    it('lists only the live sessions: not one logged out, revoked or expired', async () => {
      const user = await createUser(t);
      const loggedOut = await loginAs(user);
      const revoked = await loginAs(user);
      const kept = await loginAs(user);
      await t.http().post('/api/v1/auth/logout').send({ refresh_token: loggedOut.refresh_token });
      await revoke(user.accessToken, sidOf(revoked.access_token)).expect(204);

      const ids = (await list(kept.access_token)).map((item) => item.id);
      expect(ids).toEqual([sidOf(kept.access_token), sidOf(user.accessToken)]);

      // A day and a minute later every refresh token and access token of them has expired.
      clock.advance(24 * 60 * MINUTE + MINUTE);
      const fresh = await loginAs(user);
      expect((await list(fresh.access_token)).map((item) => item.id)).toEqual([
        sidOf(fresh.access_token),
      ]);
    });

    it('shows no session of another user', async () => {
      const user = await createUser(t);
      const stranger = await createUser(t);
      const ids = (await list(user.accessToken)).map((item) => item.id);
      expect(ids).toEqual([sidOf(user.accessToken)]);
      expect(ids).not.toContain(sidOf(stranger.accessToken));
    });

    it('moves lastUsedAt at most once a minute, on requests and refreshes alike', async () => {
      const user = await createUser(t);
      const watched = await loginAs(user);
      const id = sidOf(watched.access_token);
      const lastUsed = async () => Date.parse((await sessionOf(user.accessToken, id))!.lastUsedAt!);
      const createdAt = Date.parse((await sessionOf(user.accessToken, id))!.createdAt);

      expect(await lastUsed()).toBe(createdAt);
      clock.advance(MINUTE - 1000);
      await me(watched.access_token).expect(200);
      expect(await lastUsed()).toBe(createdAt);

      clock.advance(2000);
      const before = clock.now();
      await me(watched.access_token).expect(200);
      const moved = await lastUsed();
      expect(moved).toBeGreaterThanOrEqual(before);
      expect(moved).toBeGreaterThanOrEqual(createdAt + MINUTE);

      clock.advance(MINUTE / 2);
      await me(watched.access_token).expect(200);
      expect(await lastUsed()).toBe(moved);

      const beforeRefresh = clock.now();
      await refresh(watched.refresh_token).expect(200);
      expect(await lastUsed()).toBeGreaterThanOrEqual(beforeRefresh);
    });

    it('answers 401 UNAUTHENTICATED without a valid access token', async () => {
      expectProblem(await t.http().get(SESSIONS), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http().get(SESSIONS).set(bearer('garbage')), 401, 'UNAUTHENTICATED');
    });
  });

  describe('DELETE /api/v1/users/me/sessions/:id', () => {
    it("answers 204; that session's access and refresh tokens are refused at once, the others work", async () => {
      const user = await createUser(t);
      const target = await loginAs(user);
      const res = await revoke(user.accessToken, sidOf(target.access_token)).expect(204);
      expect(res.text).toBe('');

      expectProblem(await me(target.access_token), 401, 'UNAUTHENTICATED');
      expectProblem(await refresh(target.refresh_token), 401, 'INVALID_REFRESH_TOKEN');
      await me(user.accessToken).expect(200);
      await refresh(user.refreshToken).expect(200);
    });

    it('ends the calling session too, like a logout', async () => {
      const user = await createUser(t);
      await revoke(user.accessToken, sidOf(user.accessToken)).expect(204);
      expectProblem(await me(user.accessToken), 401, 'UNAUTHENTICATED');
      expectProblem(await refresh(user.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('takes the id in upper case as the same session', async () => {
      const user = await createUser(t);
      const target = await loginAs(user);
      await revoke(user.accessToken, sidOf(target.access_token).toUpperCase()).expect(204);
      expectProblem(await me(target.access_token), 401, 'UNAUTHENTICATED');
    });

    it("answers 404 NOT_FOUND for another user's session, which keeps working", async () => {
      const user = await createUser(t);
      const stranger = await createUser(t);
      const res = await revoke(user.accessToken, sidOf(stranger.accessToken));
      expectProblem(res, 404, 'NOT_FOUND');
      await me(stranger.accessToken).expect(200);
      await refresh(stranger.refreshToken).expect(200);
    });

    it('answers 404 NOT_FOUND for an unknown id and for a session already ended', async () => {
      const user = await createUser(t);
      const ended = await loginAs(user);
      await revoke(user.accessToken, sidOf(ended.access_token)).expect(204);

      expectProblem(await revoke(user.accessToken, sidOf(ended.access_token)), 404, 'NOT_FOUND');
      const unknown = '00000000-0000-4000-8000-000000000000';
      expectProblem(await revoke(user.accessToken, unknown), 404, 'NOT_FOUND');
    });

    it.each(['not-a-uuid', '123', '0b6f8a1e-6c3d-4f2a-9a55-2f1c7d9e4b1', '%20'])(
      'answers 400 VALIDATION_FAILED for the malformed id %s',
      async (id) => {
        const user = await createUser(t);
        const problem = expectProblem(await revoke(user.accessToken, id), 400, 'VALIDATION_FAILED');
        expect(problem.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
      },
    );

    it('refuses a body, after the 404, changing nothing', async () => {
      const user = await createUser(t);
      const target = await loginAs(user);
      const withBody = (id: string) => revoke(user.accessToken, id).send({ reason: 'x' });

      const unknown = '00000000-0000-4000-8000-000000000000';
      expectProblem(await withBody(unknown), 404, 'NOT_FOUND');
      const problem = expectProblem(
        await withBody(sidOf(target.access_token)),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors).toEqual([
        { field: 'reason', message: 'property reason should not exist' },
      ]);
      await me(target.access_token).expect(200);
    });

    it('checks in order: 401 before the path 400, the path 400 before 404', async () => {
      const user = await createUser(t);
      expectProblem(await t.http().delete(`${SESSIONS}/not-a-uuid`), 401, 'UNAUTHENTICATED');
      expectProblem(await revoke(user.accessToken, 'not-a-uuid'), 400, 'VALIDATION_FAILED');
    });
  });
});
