import { Inject, Injectable } from '@nestjs/common';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { AuthUser } from './auth-user';
import { SessionNotFoundError } from './auth.errors';
import {
  MAX_LISTED_SESSIONS,
  SessionListDto,
  SessionResponseDto,
} from './dto/session-response.dto';
import { LiveAt, SessionsRepository } from './sessions.repository';

/** The caller's own sessions: listing them and ending one (`/users/me/sessions`). */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async list(caller: AuthUser, now: number): Promise<SessionListDto> {
    const sessions = await this.sessions.listLive(caller.id, this.liveAt(now), MAX_LISTED_SESSIONS);
    return { items: sessions.map((session) => SessionResponseDto.from(session, caller.sessionId)) };
  }

  /** 404 `NOT_FOUND` unless `sessionId` is one of the caller's live sessions. */
  async assertOwn(caller: AuthUser, sessionId: string, now: number): Promise<void> {
    if (!(await this.sessions.isLiveOf(caller.id, sessionId, this.liveAt(now)))) {
      throw new SessionNotFoundError();
    }
  }

  /**
   * Ends one of the caller's sessions, the calling one included; every request checks the live
   * session, so its access tokens are refused from the next request on, as after a logout.
   */
  revoke(caller: AuthUser, sessionId: string, now: number): Promise<void> {
    return this.sessions.revokeOf(caller.id, sessionId, now);
  }

  private liveAt(now: number): LiveAt {
    return { now, accessTtlMs: this.env.jwtAccessTtl * 1000 };
  }
}
