import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { EventStartedError } from '../events.errors';
import { EventsRepository } from '../events.repository';
import { loadEvent } from './event-loader';

/**
 * Registering and unregistering only while `now < startsAt`: the early, clear answer. The
 * registration statements re-check it atomically, since the clock moves between guard and write.
 */
@Injectable()
export class RegistrationOpenGuard implements CanActivate {
  constructor(private readonly events: EventsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { event } = await loadEvent(context, this.events);
    if (event.startsAt.getTime() <= Date.now()) throw new EventStartedError();
    return true;
  }
}
