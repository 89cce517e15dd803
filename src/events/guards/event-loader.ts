import { ExecutionContext } from '@nestjs/common';
import { EventNotFoundError } from '../../access/access.errors';
import { EventAccess, EventAction, requireAccess } from '../../access/event-access';
import { EventGuardRow, EventsRepository } from '../events.repository';
import { parseEventId } from './event-id';
import { RequestWithEvent } from './loaded-event.decorator';

/** The access facts of a loaded event for the one check. */
export const accessOf = (event: EventGuardRow, isAdmin: boolean): EventAccess => ({
  role: event.role,
  isAdmin,
  published: event.published === 1,
});

/**
 * Shared by the event guards: parse the path id (400), load the event once (404, also for a
 * draft the caller may not see), check `action` (403) and keep the event on the request. Guards
 * run before pipes, which gives the contract's order 401 → 400 → 404 → 403 → body 400 → 409.
 */
export async function loadEvent(
  context: ExecutionContext,
  events: EventsRepository,
  action?: EventAction,
) {
  const request = context.switchToHttp().getRequest<RequestWithEvent & { body?: unknown }>();
  const id = parseEventId(request.params.id);
  const event = await events.findForGuard(id, request.user.id);
  if (!event) throw new EventNotFoundError();
  requireAccess(accessOf(event, request.user.isAdmin), action);
  request.event = event;
  return { event, user: request.user, request };
}
