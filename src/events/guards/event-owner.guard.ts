import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { NotEventOwnerError } from '../events.errors';
import { EventsRepository } from '../events.repository';
import { loadEvent } from './event-loader';

/** Edit and delete: the owner only (admins moderate); 403 `NOT_EVENT_OWNER` for anyone else. */
@Injectable()
export class EventOwnerGuard implements CanActivate {
  constructor(private readonly events: EventsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { event, user } = await loadEvent(context, this.events);
    if (event.ownerId !== user.id && !user.isAdmin) throw new NotEventOwnerError();
    return true;
  }
}
