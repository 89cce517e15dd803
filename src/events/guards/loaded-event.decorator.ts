import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthUser } from '../../auth/auth-user';
import type { TimedRequest } from '../../common/clock';
import type { EventGuardRow } from '../events.repository';
import type { Answer } from '../../questions/answers';

export interface RequestWithEvent extends TimedRequest {
  method: string;
  params: Record<string, string | undefined>;
  user: AuthUser;
  event?: EventGuardRow;
  /** A registration's or waiting-list request's answers, as `RegistrationOpenGuard` checked them. */
  answers?: Answer[];
}

/** The event a guard already loaded for this request (so handlers never load it twice). */
export const LoadedEvent = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): EventGuardRow => {
    const event = ctx.switchToHttp().getRequest<RequestWithEvent>().event;
    if (!event) throw new Error('LoadedEvent used on a route without an event guard');
    return event;
  },
);

/** The answers `RegistrationOpenGuard` checked against the event's questions. */
export const CheckedAnswers = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Answer[] =>
    ctx.switchToHttp().getRequest<RequestWithEvent>().answers ?? [],
);
