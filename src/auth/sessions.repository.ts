import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { sql } from '../database/sql';

export interface NewSession {
  id: string;
  userId: number;
  refreshHash: string;
  refreshExpiresAt: number;
  createdAt: number;
}

export interface SessionUser {
  id: number;
  username: string;
  isAdmin: boolean;
}

/** The `sessions` table: one row per login (a refresh-token family). */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Database) {}

  async insert(session: NewSession): Promise<void> {
    await this.db.run(
      sql`INSERT INTO sessions (id, user_id, refresh_hash, refresh_expires_at, created_at)
          VALUES (${session.id}, ${session.userId}, ${session.refreshHash},
                  ${session.refreshExpiresAt}, ${session.createdAt})`,
    );
  }

  /** The user of a session that is not revoked (every authenticated request asks this). */
  async liveSessionUser(sessionId: string): Promise<SessionUser | undefined> {
    const row = await this.db.one<{ id: number; username: string; isAdmin: number }>(
      sql`SELECT u.id AS id, u.username AS username, u.is_admin AS "isAdmin"
          FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id = ${sessionId} AND s.revoked_at IS NULL`,
    );
    return row && { id: row.id, username: row.username, isAdmin: row.isAdmin === 1 };
  }

  /**
   * Spends the session's current refresh token for the next one: one conditional UPDATE, so of
   * racing refreshes with the same token exactly one changes the row. Answers whether it did.
   */
  async rotate(
    sessionId: string,
    spentHash: string,
    next: { refreshHash: string; refreshExpiresAt: number },
    now: number,
  ): Promise<boolean> {
    const changed = await this.db.run(
      sql`UPDATE sessions SET refresh_hash = ${next.refreshHash},
            refresh_expires_at = ${next.refreshExpiresAt}, rotated_at = ${now}
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
