import { Injectable } from '@nestjs/common';
import { Database, Queries } from '../database/database';
import { Sql, sql } from '../database/sql';

export interface NewSession {
  id: string;
  userId: number;
  refreshHash: string;
  refreshExpiresAt: number;
  createdAt: number;
  /** as stored (see `sessionUserAgent`) */
  userAgent: string | null;
}

export interface SessionUser {
  id: number;
  username: string;
  isAdmin: boolean;
}

/** A session that is not revoked, as the check on every authenticated request reads it. */
export interface LiveSession {
  user: SessionUser;
  /** epoch ms; null until the first use after the migration that added it */
  lastUsedAt: number | null;
}

/** A session as its user sees it in the list of their sessions. */
export interface SessionSummary {
  id: string;
  /** epoch ms */
  createdAt: number;
  /** epoch ms */
  lastUsedAt: number | null;
  userAgent: string | null;
}

/**
 * The instant a session's liveness is judged at: `now`, and how long access tokens live, since a
 * session whose refresh token expired is still live while the access token it issued last is.
 */
export interface LiveAt {
  now: number;
  accessTtlMs: number;
}

/**
 * How fine `last_used_at` is: a use writes it only once it is this old, so the session check of
 * nearly every request stays one read.
 */
export const LAST_USED_GRANULARITY_MS = 60_000;

/** The `sessions` table: one row per login (a refresh-token family). */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Database) {}

  async insert(session: NewSession): Promise<void> {
    await this.db.run(
      sql`INSERT INTO sessions (id, user_id, refresh_hash, refresh_expires_at, created_at,
            last_used_at, user_agent)
          VALUES (${session.id}, ${session.userId}, ${session.refreshHash},
                  ${session.refreshExpiresAt}, ${session.createdAt}, ${session.createdAt},
                  ${session.userAgent})`,
    );
  }

  /** A session that is not revoked, with its user (every authenticated request asks this). */
  async liveSession(sessionId: string): Promise<LiveSession | undefined> {
    const row = await this.db.one<{
      id: number;
      username: string;
      isAdmin: number;
      lastUsedAt: number | null;
    }>(
      sql`SELECT u.id AS id, u.username AS username, u.is_admin AS "isAdmin",
            s.last_used_at AS "lastUsedAt"
          FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id = ${sessionId} AND s.revoked_at IS NULL`,
    );
    return (
      row && {
        user: { id: row.id, username: row.username, isAdmin: row.isAdmin === 1 },
        lastUsedAt: row.lastUsedAt,
      }
    );
  }

  /**
   * Records a use of the session at `now` if `lastUsedAt` (read with the session check) is at
   * least {@link LAST_USED_GRANULARITY_MS} old: otherwise no statement at all. The UPDATE repeats
   * the condition, so of racing requests one writes.
   */
  async recordUse(sessionId: string, lastUsedAt: number | null, now: number): Promise<void> {
    const due = now - LAST_USED_GRANULARITY_MS;
    if (lastUsedAt !== null && lastUsedAt > due) return;
    await this.db.run(
      sql`UPDATE sessions SET last_used_at = ${now}
          WHERE id = ${sessionId} AND (last_used_at IS NULL OR last_used_at <= ${due})`,
    );
  }

  /**
   * Spends the session's current refresh token for the next one: one conditional UPDATE, so of
   * racing refreshes with the same token exactly one changes the row. Answers whether it did. A
   * refresh is a use of the session.
   */
  async rotate(
    sessionId: string,
    spentHash: string,
    next: { refreshHash: string; refreshExpiresAt: number },
    now: number,
  ): Promise<boolean> {
    const changed = await this.db.run(
      sql`UPDATE sessions SET refresh_hash = ${next.refreshHash},
            refresh_expires_at = ${next.refreshExpiresAt}, rotated_at = ${now}, last_used_at = ${now}
          WHERE id = ${sessionId} AND refresh_hash = ${spentHash} AND revoked_at IS NULL`,
    );
    return changed === 1;
  }

  /** Ends a session if `refreshHash` is still its current token; answers whether it did. */
  async revokeWithToken(sessionId: string, refreshHash: string, now: number): Promise<boolean> {
    const changed = await this.db.run(
      sql`UPDATE sessions SET revoked_at = ${now}
          WHERE id = ${sessionId} AND refresh_hash = ${refreshHash} AND revoked_at IS NULL`,
    );
    return changed === 1;
  }

  /** The user's live sessions, newest first, at most `limit` of them. */
  listLive(userId: number, at: LiveAt, limit: number): Promise<SessionSummary[]> {
    return this.db.all<SessionSummary>(
      sql`SELECT id, created_at AS "createdAt", last_used_at AS "lastUsedAt",
            user_agent AS "userAgent"
          FROM sessions WHERE user_id = ${userId} AND ${live(at)}
          ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
    );
  }

  /** Whether `sessionId` is a live session of the user. */
  async isLiveOf(userId: number, sessionId: string, at: LiveAt): Promise<boolean> {
    const row = await this.db.one(
      sql`SELECT 1 AS found FROM sessions
          WHERE id = ${sessionId} AND user_id = ${userId} AND ${live(at)}`,
    );
    return row !== undefined;
  }

  /** Ends one session of the user (its refresh and access tokens stop working at once). */
  async revokeOf(userId: number, sessionId: string, now: number): Promise<void> {
    await this.db.run(
      sql`UPDATE sessions SET revoked_at = ${now}
          WHERE id = ${sessionId} AND user_id = ${userId} AND revoked_at IS NULL`,
    );
  }

  /** Ends every session of the user but `keptSessionId`, inside the caller's transaction. */
  async revokeOthers(tx: Queries, userId: number, keptSessionId: string, now: number) {
    await tx.run(
      sql`UPDATE sessions SET revoked_at = ${now}
          WHERE user_id = ${userId} AND id <> ${keptSessionId} AND revoked_at IS NULL`,
    );
  }

  async revoke(sessionId: string, now: number): Promise<void> {
    await this.db.run(
      sql`UPDATE sessions SET revoked_at = ${now} WHERE id = ${sessionId} AND revoked_at IS NULL`,
    );
  }
}

/**
 * A session is live while it is not revoked and a token of it may still be valid: its refresh
 * token, or the access token it issued last (at its login or last refresh), which can outlive the
 * refresh token when `JWT_ACCESS_TTL` is the longer.
 */
function live({ now, accessTtlMs }: LiveAt): Sql {
  return sql`revoked_at IS NULL AND (refresh_expires_at > ${now}
    OR COALESCE(rotated_at, created_at) > ${now - accessTtlMs})`;
}
