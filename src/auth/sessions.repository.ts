import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { sql } from '../database/sql';

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

  async revoke(sessionId: string, now: number): Promise<void> {
    await this.db.run(
      sql`UPDATE sessions SET revoked_at = ${now} WHERE id = ${sessionId} AND revoked_at IS NULL`,
    );
  }
}
