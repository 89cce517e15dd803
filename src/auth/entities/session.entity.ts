import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '../../database/epoch-ms.transformer';

/** Longest user agent a session keeps; a longer `User-Agent` header is cut to this. */
export const USER_AGENT_MAX_LENGTH = 200;

/**
 * The `User-Agent` header as a session stores it: at most {@link USER_AGENT_MAX_LENGTH} code
 * points (what `varchar(200)` counts on PostgreSQL), null when absent or blank.
 */
export function sessionUserAgent(header: string | undefined): string | null {
  const trimmed = header?.trim();
  return trimmed ? Array.from(trimmed).slice(0, USER_AGENT_MAX_LENGTH).join('') : null;
}

/**
 * One login: a refresh-token family. Only the hash of the newest refresh token is kept; any older
 * token of the family that comes back is a replay and revokes the session.
 */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'refresh_hash', type: 'varchar', length: 64 })
  refreshHash!: string;

  @Column({ name: 'refresh_expires_at', type: 'bigint', transformer: epochMs })
  refreshExpiresAt!: Date;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: Date;

  @Column({ name: 'rotated_at', type: 'bigint', nullable: true, transformer: epochMs })
  rotatedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: epochMs })
  revokedAt!: Date | null;

  /**
   * The last login, refresh or authenticated request of the session, to the minute: the session
   * check writes it only when it is a minute old or more. Null for a session opened before the
   * column existed, until its next use.
   */
  @Column({ name: 'last_used_at', type: 'bigint', nullable: true, transformer: epochMs })
  lastUsedAt!: Date | null;

  /** The `User-Agent` of the login, cut to 200 characters (see `sessionUserAgent`). */
  @Column({ name: 'user_agent', type: 'varchar', length: USER_AGENT_MAX_LENGTH, nullable: true })
  userAgent!: string | null;
}
