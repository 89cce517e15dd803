import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthUser } from '../../auth/current-user.decorator';
import { EventEntity } from '../entities/event.entity';

export interface RequestWithEvent {
  params: Record<string, string | undefined>;
  user: AuthUser;
  event?: EventEntity;
}

/** The event a guard already loaded for this request (so handlers never load it twice). */
export const LoadedEvent = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): EventEntity => {
    const event = ctx.switchToHttp().getRequest<RequestWithEvent>().event;
    if (!event) throw new Error('LoadedEvent used on a route without an event guard');
    return event;
  },
);
