import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { InvalidRefreshTokenError } from './auth.errors';
import { JwtKeys, jwtKeys } from './jwt-keys';
import { SessionsRepository } from './sessions.repository';
import { Authenticated, TokenClaims, TokenPair, TokenType } from './token-claims';
import { hasIssuedLifetime, isCurrent, seconds } from './token-lifetime';
import { VerifiedTokens } from './verified-tokens';

const ALGORITHM = 'HS256';

function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Token model: a login opens a session (a refresh-token family). Access tokens are short JWTs
 * naming their session; refresh tokens are single-use JWTs of their own secret whose hash is the
 * session's one spendable token. Spending is one conditional UPDATE, so of racing refreshes exactly
 * one wins; a signed token of the session that is no longer current is a replay and revokes the
 * whole session, access tokens included (they are checked against it on every request).
 */
@Injectable()
export class TokenService {
  private readonly keys: JwtKeys;
  private readonly verifiedAccess = new VerifiedTokens();

  constructor(
    private readonly jwt: JwtService,
    @Inject(ENV) private readonly env: Env,
    private readonly sessions: SessionsRepository,
  ) {
    this.keys = jwtKeys(env);
  }

  /** Opens a session for a user who just proved their password, from `userAgent` (as stored). */
  async openSession(
    user: { id: number; username: string },
    userAgent: string | null,
    now: number,
  ): Promise<TokenPair> {
    const sessionId = randomUUID();
    const pair = await this.sign(user, sessionId, now);
    await this.sessions.insert({
      id: sessionId,
      userId: user.id,
      refreshHash: sha256(pair.refresh_token),
      refreshExpiresAt: now + this.env.jwtRefreshTtl * 1000,
      createdAt: now,
      userAgent,
    });
    return pair;
  }

  /** Spends a refresh token for a new pair; a replayed one revokes its session. */
  async rotate(refreshToken: string, now: number): Promise<TokenPair> {
    const claims = await this.verify(refreshToken, 'refresh', now);
    const session = await this.sessions.liveSession(claims.sid);
    if (!session || String(session.user.id) !== claims.sub) throw new InvalidRefreshTokenError();
    const pair = await this.sign(session.user, claims.sid, now);
    const next = {
      refreshHash: sha256(pair.refresh_token),
      refreshExpiresAt: now + this.env.jwtRefreshTtl * 1000,
    };
    if (!(await this.sessions.rotate(claims.sid, sha256(refreshToken), next, now))) {
      await this.rejectReplay(claims.sid, now);
    }
    return pair;
  }

  /** Ends the session the refresh token belongs to; a rotated token is a replay. */
  async revoke(refreshToken: string, now: number): Promise<void> {
    const claims = await this.verify(refreshToken, 'refresh', now);
    if (!(await this.sessions.revokeWithToken(claims.sid, sha256(refreshToken), now))) {
      await this.rejectReplay(claims.sid, now);
    }
  }

  /**
   * The one access-token check (the JWT strategy and `POST /auth/verify` both call it): signature
   * with the access secret, HS256 only, expiry at `now`, the issued lifetime (`hasIssuedLifetime`),
   * type `access`, and a live session of the
   * token's user. Undefined when any of it fails. A success is a use of the session (written at
   * most once a minute, see `recordUse`).
   */
  async authenticate(token: string, now: number): Promise<Authenticated | undefined> {
    const claims = await this.verify(token, 'access', now).catch(() => undefined);
    if (!claims) return undefined;
    const session = await this.sessions.liveSession(claims.sid);
    if (!session || String(session.user.id) !== claims.sub) return undefined;
    await this.sessions.recordUse(claims.sid, session.lastUsedAt, now);
    return { user: { ...session.user, sessionId: claims.sid }, claims };
  }

  /** The token was validly signed for this session but is not its current one: theft. */
  private async rejectReplay(sessionId: string, now: number): Promise<never> {
    await this.sessions.revoke(sessionId, now);
    throw new InvalidRefreshTokenError();
  }

  private async verify(token: string, typ: TokenType, now: number): Promise<Readonly<TokenClaims>> {
    try {
      const claims =
        (typ === 'access' && this.verifiedAccess.get(token)) || (await this.signed(token, typ));
      if (claims.typ !== typ || typeof claims.sid !== 'string') throw new Error('wrong token type');
      const lifetime = typ === 'access' ? this.env.jwtAccessTtl : this.env.jwtRefreshTtl;
      if (!isCurrent(claims, seconds(now))) throw new Error('expired or not yet valid');
      if (!hasIssuedLifetime(claims, lifetime, seconds(now))) throw new Error('wrong lifetime');
      return claims;
    } catch {
      if (typ === 'refresh') throw new InvalidRefreshTokenError();
      throw new Error('invalid access token');
    }
  }

  /**
   * The claims of a token signed with its type's secret, HS256 only (any other algorithm, `none`
   * included, fails). The times are `verify`'s to check, at the request's instant, for cached
   * tokens too. A verified access token is remembered (`VerifiedTokens`).
   */
  private async signed(token: string, typ: TokenType): Promise<Readonly<TokenClaims>> {
    const claims = await this.jwt.verifyAsync<TokenClaims>(token, {
      // A KeyObject (see jwt-keys.ts); @nestjs/jwt's typing says string | Buffer only.
      publicKey: (typ === 'access' ? this.keys.access : this.keys.refresh) as unknown as Buffer,
      algorithms: [ALGORITHM],
      ignoreExpiration: true,
      ignoreNotBefore: true,
    });
    return typ === 'access' ? this.verifiedAccess.add(token, claims) : claims;
  }

  private async sign(
    user: { id: number; username: string },
    sessionId: string,
    now: number,
  ): Promise<TokenPair> {
    const sub = String(user.id);
    // `iat` from the clock: jsonwebtoken counts `expiresIn` from it.
    const iat = seconds(now);
    const [accessToken, refreshToken] = await Promise.all([
      this.jwt.signAsync(
        { sub, username: user.username, sid: sessionId, typ: 'access', iat },
        {
          privateKey: this.keys.access,
          expiresIn: this.env.jwtAccessTtl,
          algorithm: ALGORITHM,
          jwtid: randomUUID(),
        },
      ),
      this.jwt.signAsync(
        { sub, sid: sessionId, typ: 'refresh', iat },
        {
          privateKey: this.keys.refresh,
          expiresIn: this.env.jwtRefreshTtl,
          algorithm: ALGORITHM,
          jwtid: randomUUID(),
        },
      ),
    ]);
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: this.env.jwtAccessTtl,
      refresh_expires_in: this.env.jwtRefreshTtl,
    };
  }
}
