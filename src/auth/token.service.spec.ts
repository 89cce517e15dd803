import { createHash } from 'node:crypto';
import { createTestApp, TestApp } from '../../test/app.factory';
import { UsersService } from '../users/users.service';
import { InvalidRefreshTokenError } from './auth.errors';
import { Session } from './entities/session.entity';
import { TokenClaims, TokenService } from './token.service';

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
  afterAll(() => t.close());

  async function newUser(): Promise<{ id: number; username: string }> {
    sequence += 1;
    const username = `token_spec_${sequence}`;
    return users.create({ username, email: `${username}@example.com`, passwordHash: 'x' });
  }

  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as TokenClaims;

  const sessionRow = (id: string) => t.dataSource.getRepository(Session).findOneByOrFail({ id });

  it('opens a session that stores the sha256 of its refresh token, not the token', async () => {
    const user = await newUser();
    const pair = await tokens.openSession(user);
    const session = await sessionRow(claimsOf(pair.access_token).sid);

    expect(session).toMatchObject({ userId: user.id, revokedAt: null, rotatedAt: null });
    expect(session.refreshHash).toBe(createHash('sha256').update(pair.refresh_token).digest('hex'));
    expect(session.refreshExpiresAt.getTime() - session.createdAt.getTime()).toBe(86_400_000);
  });

  it('authenticates a live access token as its user and session', async () => {
    const user = await newUser();
    const pair = await tokens.openSession(user);
    const result = await tokens.authenticate(pair.access_token);

    expect(result?.user).toEqual({
      id: user.id,
      username: user.username,
      isAdmin: false,
      sessionId: claimsOf(pair.access_token).sid,
    });
    expect(result?.claims.typ).toBe('access');
  });

  it('does not authenticate a refresh token or garbage', async () => {
    const pair = await tokens.openSession(await newUser());
    await expect(tokens.authenticate(pair.refresh_token)).resolves.toBeUndefined();
    await expect(tokens.authenticate('garbage')).resolves.toBeUndefined();
  });

  it('refuses claims of the wrong type, without a session id, or of another user', async () => {
    const user = await newUser();
    const other = await newUser();
    const claims = claimsOf((await tokens.openSession(user)).access_token);

    await expect(tokens.authenticateClaims(claims)).resolves.toBeDefined();
    await expect(tokens.authenticateClaims({ ...claims, typ: 'refresh' })).resolves.toBeUndefined();
    await expect(
      tokens.authenticateClaims({ ...claims, sid: 42 as unknown as string }),
    ).resolves.toBeUndefined();
    await expect(
      tokens.authenticateClaims({ ...claims, sub: String(other.id) }),
    ).resolves.toBeUndefined();
  });

  it('rotates a refresh token once, keeping the session', async () => {
    const pair = await tokens.openSession(await newUser());
    const next = await tokens.rotate(pair.refresh_token);

    expect(claimsOf(next.access_token).sid).toBe(claimsOf(pair.access_token).sid);
    const session = await sessionRow(claimsOf(next.access_token).sid);
    expect(session.rotatedAt).toBeInstanceOf(Date);
    expect(session.refreshHash).toBe(createHash('sha256').update(next.refresh_token).digest('hex'));
    await expect(tokens.authenticate(next.access_token)).resolves.toBeDefined();
  });

  it('revokes the session when a rotated refresh token comes back', async () => {
    const pair = await tokens.openSession(await newUser());
    const next = await tokens.rotate(pair.refresh_token);

    await expect(tokens.rotate(pair.refresh_token)).rejects.toBeInstanceOf(
      InvalidRefreshTokenError,
    );
    const session = await sessionRow(claimsOf(pair.access_token).sid);
    expect(session.revokedAt).toBeInstanceOf(Date);
    await expect(tokens.authenticate(next.access_token)).resolves.toBeUndefined();
    await expect(tokens.rotate(next.refresh_token)).rejects.toBeInstanceOf(
      InvalidRefreshTokenError,
    );
  });

  it('lets exactly one of several concurrent rotations of one token win', async () => {
    const pair = await tokens.openSession(await newUser());
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => tokens.rotate(pair.refresh_token)),
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
    const first = await tokens.openSession(user);
    const second = await tokens.openSession(user);

    await tokens.revoke(first.refresh_token);

    await expect(tokens.authenticate(first.access_token)).resolves.toBeUndefined();
    await expect(tokens.authenticate(second.access_token)).resolves.toBeDefined();
    await expect(tokens.revoke(first.refresh_token)).rejects.toBeInstanceOf(
      InvalidRefreshTokenError,
    );
  });

  it('refuses an access token as refresh token without touching its session', async () => {
    const pair = await tokens.openSession(await newUser());
    await expect(tokens.rotate(pair.access_token)).rejects.toBeInstanceOf(InvalidRefreshTokenError);
    await expect(tokens.revoke(pair.access_token)).rejects.toBeInstanceOf(InvalidRefreshTokenError);
    await expect(tokens.authenticate(pair.access_token)).resolves.toBeDefined();
  });
});
