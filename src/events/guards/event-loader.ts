import { ExecutionContext } from '@nestjs/common';
import { EventNotFoundError } from '../events.errors';
import { EventsRepository } from '../events.repository';
import { parseEventId } from './event-id';
import { RequestWithEvent } from './loaded-event.decorator';

/**
 * Shared by the event guards: parse the path id (400), load the event once (404) and keep it on
 * the request. Guards run before pipes, which gives the contract's order 401 → 400 → 404 → 403 →
 * body 400 → 409.
 */
export async function loadEvent(context: ExecutionContext, events: EventsRepository) {
  const request = context.switchToHttp().getRequest<RequestWithEvent & { body?: unknown }>();
  const id = parseEventId(request.params.id);
  const event = await events.findForGuard(id);
  if (!event) throw new EventNotFoundError();
  request.event = event;
  return { event, user: request.user, request };
}
