import { ApiProperty } from '@nestjs/swagger';
import { ApiText, ApiTimestamp } from '../../common/openapi/schema';
import { USER_AGENT_MAX_LENGTH } from '../entities/session.entity';
import { SESSION_ID_PATTERN } from '../session-id';
import { SessionSummary } from '../sessions.repository';

/** How many sessions the list shows at most: the newest. */
export const MAX_LISTED_SESSIONS = 100;

export class SessionResponseDto {
  /** The `sid` of the session's tokens; `DELETE /users/me/sessions/{id}` ends it. */
  @ApiProperty({
    format: 'uuid',
    pattern: SESSION_ID_PATTERN,
    minLength: 36,
    maxLength: 36,
    example: '0b6f8a1e-6c3d-4f2a-9a55-2f1c7d9e4b10',
  })
  id!: string;
  /** When the session was opened: its login. */
  @ApiTimestamp()
  createdAt!: string;
  /**
   * The last login, refresh or authenticated request of the session, to the minute (it moves at
   * most once a minute); null for a session opened before the server recorded it, until its next
   * use.
   */
  @ApiTimestamp({ nullable: true, example: '2026-11-23T10:42:00.000Z' })
  lastUsedAt!: string | null;
  /** The `User-Agent` of the login, cut to 200 characters; null when it sent none. */
  @ApiText(USER_AGENT_MAX_LENGTH, {
    nullable: true,
    example: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  })
  userAgent!: string | null;
  /** Whether this is the session of the request's access token. @example true */
  current!: boolean;

  static from(session: SessionSummary, currentSessionId: string): SessionResponseDto {
    return {
      id: session.id,
      createdAt: new Date(session.createdAt).toISOString(),
      lastUsedAt: session.lastUsedAt === null ? null : new Date(session.lastUsedAt).toISOString(),
      userAgent: session.userAgent,
      current: session.id === currentSessionId,
    };
  }
}

export class SessionListDto {
  /** The live sessions, newest first (at most the 100 newest). */
  @ApiProperty({ type: [SessionResponseDto], maxItems: MAX_LISTED_SESSIONS })
  items!: SessionResponseDto[];
}
