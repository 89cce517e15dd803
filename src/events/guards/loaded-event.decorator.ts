import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthUser } from '../../auth/auth-user';
import type { TimedRequest } from '../../common/clock';
import type { EventGuardRow } from '../events.repository';

export interface RequestWithEvent extends TimedRequest {
  params: Record<string, string | undefined>;
  user: AuthUser;
  event?: EventGuardRow;
}

/** The event a guard already loaded for this request (so handlers never load it twice). */
export const LoadedEvent = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): EventGuardRow => {
    const event = ctx.switchToHttp().getRequest<RequestWithEvent>().event;
    if (!event) throw new Error('LoadedEvent used on a route without an event guard');
    return event;
  },
);
