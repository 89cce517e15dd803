import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { requestTime, TimedRequest } from '../../common/clock';
import { AuthUser } from '../auth-user';
import { parseSessionId } from '../session-id';
import { SessionsService } from '../sessions.service';

/**
 * `/users/me/sessions/:id`: the path id must be a UUID (400) naming a live session of the caller
 * (404). A guard, so that these answer before a body check listed after it (`NoBodyGuard`): the
 * contract's order 401 → path 400 → 404 → body 400.
 */
@Injectable()
export class OwnSessionGuard implements CanActivate {
  constructor(private readonly sessions: SessionsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<TimedRequest & { user: AuthUser; params: Record<string, unknown> }>();
    const sessionId = parseSessionId(request.params.id);
    await this.sessions.assertOwn(request.user, sessionId, requestTime(request));
    return true;
  }
}
