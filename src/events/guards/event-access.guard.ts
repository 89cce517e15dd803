import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { EventAction } from '../../access/event-access';
import { EventsRepository } from '../events.repository';
import { loadEvent } from './event-loader';

const ACTION = 'event-action';

/** The action a route performs on its event, checked by {@link EventAccessGuard}. */
export const Permission = (action: EventAction) => SetMetadata(ACTION, action);

/**
 * Loads the route's event and applies the permission table to the caller for the route's
 * `@Permission` (404 for a hidden draft, 403 `NOT_EVENT_OWNER` without a role, 403
 * `NOT_EVENT_HOST` for a role that does not allow it; admins pass as owners).
 */
@Injectable()
export class EventAccessGuard implements CanActivate {
  constructor(
    private readonly events: EventsRepository,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const action = this.reflector.get<EventAction | undefined>(ACTION, context.getHandler());
    if (!action) throw new Error('EventAccessGuard on a route without @Permission');
    await loadEvent(context, this.events, action);
    return true;
  }
}
