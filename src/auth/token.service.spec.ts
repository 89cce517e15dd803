import { createHash } from 'node:crypto';
import { createTestApp, TEST_SECRETS, TestApp } from '../../test/app.factory';
import { accessClaims, craftJwt } from '../../test/support/jwt';
import { Clock } from '../common/clock';
import { UsersService } from '../users/users.service';
import { InvalidRefreshTokenError } from './auth.errors';
import { Session } from './entities/session.entity';
import { TokenClaims } from './token-claims';
import { TokenService } from './token.service';
import { VerifiedTokens } from './verified-tokens';

/** The service on the real app and a real (temporary SQLite) database: nothing is mocked. */
describe('TokenService', () => {
  let t: TestApp;
  let tokens: TokenService;
  let users: UsersService;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp();
    tokens = t.app.get(TokenService);
    users = t.app.get(UsersService);
  });
  const now = () => t.app.get(Clock).now();
  afterAll(() => t.close());

  async function newUser(): Promise<{ id: number; username: string }> {
    sequence += 1;
    const username = `token_spec_${sequence}`;
    return users.create({
      username,
      email: `${username}@example.com`,
      passwordHash: 'x',
      createdAt: now(),
    });
  }

  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as TokenClaims;

  const sessionRow = (id: string) => t.dataSource.getRepository(Session).findOneByOrFail({ id });

  it('opens a session that stores the sha256 of its refresh token, not the token', async () => {
    const user = await newUser();
    const pair = await tokens.openSession(user, null, now());
    const session = await sessionRow(claimsOf(pair.access_token).sid);

    expect(session).toMatchObject({ userId: user.id, revokedAt: null, rotatedAt: null });
    expect(session.refreshHash).toBe(createHash('sha256').update(pair.refresh_token).digest('hex'));
    expect(session.refreshExpiresAt.getTime() - session.createdAt.getTime()).toBe(86_400_000);
  });

  it('authenticates a live access token as its user and session', async () => {
    const user = await newUser();
    const pair = await tokens.openSession(user, null, now());
    const result = await tokens.authenticate(pair.access_token, now());

    expect(result?.user).toEqual({
      id: user.id,
      username: user.username,
      isAdmin: false,
      sessionId: claimsOf(pair.access_token).sid,
    });
    expect(result?.claims.typ).toBe('access');
  });

  it('does not authenticate a refresh token or garbage', async () => {
    const pair = await tokens.openSession(await newUser(), null, now());
    await expect(tokens.authenticate(pair.refresh_token, now())).resolves.toBeUndefined();
    await expect(tokens.authenticate('garbage', now())).resolves.toBeUndefined();
  });

  it('refuses validly signed tokens of the wrong type, without a session id, or of another user', async () => {
    const user = await newUser();
    const other = await newUser();
    const { sid } = claimsOf((await tokens.openSession(user, null, now())).access_token);
    const signed = (overrides: Record<string, unknown>) =>
      craftJwt(
        { alg: 'HS256', typ: 'JWT' },
        accessClaims(user, sid, overrides),
        TEST_SECRETS.JWT_ACCESS_SECRET,
      );

    await expect(tokens.authenticate(signed({}), now())).resolves.toBeDefined();
    await expect(tokens.authenticate(signed({ typ: 'refresh' }), now())).resolves.toBeUndefined();
    await expect(tokens.authenticate(signed({ sid: 42 }), now())).resolves.toBeUndefined();
    await expect(
      tokens.authenticate(signed({ sub: String(other.id) }), now()),
    ).resolves.toBeUndefined();
  });

  it('rotates a refresh token once, keeping the session', async () => {
    const pair = await tokens.openSession(await newUser(), null, now());
    const next = await tokens.rotate(pair.refresh_token, now());

    expect(claimsOf(next.access_token).sid).toBe(claimsOf(pair.access_token).sid);
    const session = await sessionRow(claimsOf(next.access_token).sid);
    expect(session.rotatedAt).toBeInstanceOf(Date);
    expect(session.refreshHash).toBe(createHash('sha256').update(next.refresh_token).digest('hex'));
    await expect(tokens.authenticate(next.access_token, now())).resolves.toBeDefined();
  });

  it('revokes the session when a rotated refresh token comes back', async () => {
    const pair = await tokens.openSession(await newUser(), null, now());
    const next = await tokens.rotate(pair.refresh_token, now());

    await expect(tokens.rotate(pair.refresh_token, now())).rejects.toBeInstanceOf(
      InvalidRefreshTokenError,
    );
    const session = await sessionRow(claimsOf(pair.access_token).sid);
    expect(session.revokedAt).toBeInstanceOf(Date);
    await expect(tokens.authenticate(next.access_token, now())).resolves.toBeUndefined();
    await expect(tokens.rotate(next.refresh_token, now())).rejects.toBeInstanceOf(
      InvalidRefreshTokenError,
    );
  });

  it('lets exactly one of several concurrent rotations of one token win', async () => {
    const pair = await tokens.openSession(await newUser(), null, now());
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => tokens.rotate(pair.refresh_token, now())),
    );

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') {
        expect(result.reason).toBeInstanceOf(InvalidRefreshTokenError);
      }
    }
  });

  it('revokes only the session of the refresh token it is given', async () => {
    const user = await newUser();
    const first = await tokens.openSession(user, null, now());
    const second = await tokens.openSession(user, null, now());

    await tokens.revoke(first.refresh_token, now());

    await expect(tokens.authenticate(first.access_token, now())).resolves.toBeUndefined();
    await expect(tokens.authenticate(second.access_token, now())).resolves.toBeDefined();
    await expect(tokens.revoke(first.refresh_token, now())).rejects.toBeInstanceOf(
      InvalidRefreshTokenError,
    );
  });

  it('refuses an access token as refresh token without touching its session', async () => {
    const pair = await tokens.openSession(await newUser(), null, now());
    await expect(tokens.rotate(pair.access_token, now())).rejects.toBeInstanceOf(
      InvalidRefreshTokenError,
    );
    await expect(tokens.revoke(pair.access_token, now())).rejects.toBeInstanceOf(
      InvalidRefreshTokenError,
    );
    await expect(tokens.authenticate(pair.access_token, now())).resolves.toBeDefined();
  });
});

describe('VerifiedTokens', () => {
  const claims = (jti: string): TokenClaims => ({
    sub: '1',
    sid: 's',
    typ: 'access',
    jti,
    iat: 1,
    exp: 2,
  });

  it('keeps at most its capacity, dropping the oldest, and hands out frozen copies', () => {
    const verified = new VerifiedTokens(2);
    const first = claims('a');
    verified.add('a', first);
    verified.add('b', claims('b'));
    verified.add('c', claims('c'));
    expect(verified.get('a')).toBeUndefined();
    expect(verified.get('b')?.jti).toBe('b');
    expect(verified.get('c')?.jti).toBe('c');
    expect(Object.isFrozen(verified.get('c'))).toBe(true);
    first.jti = 'changed';
    verified.add('a', first);
    expect(verified.get('a')?.jti).toBe('changed');
    expect(verified.get('b')).toBeUndefined();
  });
});
