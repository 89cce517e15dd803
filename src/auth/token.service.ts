import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ENV } from '../config/config.module';
import { Sql } from '../database/sql';
import { Env } from '../config/env.schema';
import { InvalidRefreshTokenError } from './auth.errors';
import { AuthUser } from './current-user.decorator';
import { JwtKeys, jwtKeys } from './jwt-keys';
import { Session } from './entities/session.entity';

export type TokenType = 'access' | 'refresh';

export interface TokenClaims {
  sub: string;
  sid: string;
  typ: TokenType;
  jti: string;
  iat: number;
  exp: number;
  username?: string;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_expires_in: number;
}

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

  constructor(
    private readonly jwt: JwtService,
    @Inject(ENV) private readonly env: Env,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly sql: Sql,
  ) {
    this.keys = jwtKeys(env);
  }

  /** Opens a session for a user who just proved their password. */
  async openSession(user: { id: number; username: string }): Promise<TokenPair> {
    const sessionId = randomUUID();
    const pair = await this.sign(user, sessionId);
    const now = Date.now();
    await this.sessions.insert({
      id: sessionId,
      userId: user.id,
      refreshHash: sha256(pair.refresh_token),
      refreshExpiresAt: new Date(now + this.env.jwtRefreshTtl * 1000),
      createdAt: new Date(now),
    });
    return pair;
  }

  /** Spends a refresh token for a new pair; a replayed one revokes its session. */
  async rotate(refreshToken: string): Promise<TokenPair> {
    const claims = await this.verify(refreshToken, 'refresh');
    const user = await this.liveSessionUser(claims.sid);
    if (!user || String(user.id) !== claims.sub) throw new InvalidRefreshTokenError();
    const pair = await this.sign(user, claims.sid);
    const now = Date.now();
    const spent = await this.sessions
      .createQueryBuilder()
      .update(Session)
      .set({
        refreshHash: sha256(pair.refresh_token),
        refreshExpiresAt: new Date(now + this.env.jwtRefreshTtl * 1000),
        rotatedAt: new Date(now),
      })
      .where('id = :sid AND refresh_hash = :hash AND revoked_at IS NULL', {
        sid: claims.sid,
        hash: sha256(refreshToken),
      })
      .execute();
    if (spent.affected !== 1) await this.rejectReplay(claims.sid);
    return pair;
  }

  /** Ends the session the refresh token belongs to; a rotated token is a replay. */
  async revoke(refreshToken: string): Promise<void> {
    const claims = await this.verify(refreshToken, 'refresh');
    const revoked = await this.sessions
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: new Date() })
      .where('id = :sid AND refresh_hash = :hash AND revoked_at IS NULL', {
        sid: claims.sid,
        hash: sha256(refreshToken),
      })
      .execute();
    if (revoked.affected !== 1) await this.rejectReplay(claims.sid);
  }

  /** Checks an access token: signature, algorithm, type, expiry, and a live session. */
  async authenticate(token: string): Promise<{ user: AuthUser; claims: TokenClaims } | undefined> {
    const claims = await this.verify(token, 'access').catch(() => undefined);
    return claims && this.authenticateClaims(claims);
  }

  /** The second half of {@link authenticate}, for claims whose signature is already checked. */
  async authenticateClaims(
    claims: TokenClaims,
  ): Promise<{ user: AuthUser; claims: TokenClaims } | undefined> {
    if (claims.typ !== 'access' || typeof claims.sid !== 'string') return undefined;
    const user = await this.liveSessionUser(claims.sid);
    if (!user || String(user.id) !== claims.sub) return undefined;
    return { user: { ...user, sessionId: claims.sid }, claims };
  }

  private async liveSessionUser(
    sessionId: string,
  ): Promise<Omit<AuthUser, 'sessionId'> | undefined> {
    // Every authenticated request runs this: a bound, prepared statement (see Sql).
    const row = await this.sql.one<{ id: number; username: string; is_admin: boolean | number }>(
      'SELECT u.id AS id, u.username AS username, u.is_admin AS is_admin FROM sessions s ' +
        'JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.revoked_at IS NULL',
      [sessionId],
    );
    return row && { id: Number(row.id), username: row.username, isAdmin: Boolean(row.is_admin) };
  }

  /** The token was validly signed for this session but is not its current one: theft. */
  private async rejectReplay(sessionId: string): Promise<never> {
    await this.sessions
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: new Date() })
      .where('id = :sessionId AND revoked_at IS NULL', { sessionId })
      .execute();
    throw new InvalidRefreshTokenError();
  }

  private async verify(token: string, typ: TokenType): Promise<TokenClaims> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token, {
        // A KeyObject (see jwt-keys.ts); @nestjs/jwt's typing says string | Buffer only.
        publicKey: (typ === 'access' ? this.keys.access : this.keys.refresh) as unknown as Buffer,
        algorithms: [ALGORITHM],
      });
      if (claims.typ !== typ || typeof claims.sid !== 'string') throw new Error('wrong token type');
      return claims;
    } catch {
      if (typ === 'refresh') throw new InvalidRefreshTokenError();
      throw new Error('invalid access token');
    }
  }

  private async sign(
    user: { id: number; username: string },
    sessionId: string,
  ): Promise<TokenPair> {
    const sub = String(user.id);
    const [accessToken, refreshToken] = await Promise.all([
      this.jwt.signAsync(
        { sub, username: user.username, sid: sessionId, typ: 'access' },
        {
          privateKey: this.keys.access,
          expiresIn: this.env.jwtAccessTtl,
          algorithm: ALGORITHM,
          jwtid: randomUUID(),
        },
      ),
      this.jwt.signAsync(
        { sub, sid: sessionId, typ: 'refresh' },
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
