import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { EventsRepository } from '../events.repository';
import { loadEvent } from './event-loader';

/**
 * For routes that act on the caller's own relation to an event (their ticket): the event must
 * exist and be visible to them (a draft they may not see is a 404), nothing more.
 */
@Injectable()
export class EventVisibleGuard implements CanActivate {
  constructor(private readonly events: EventsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await loadEvent(context, this.events);
    return true;
  }
}
