import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { assertNoBody } from '../../common/validation/no-body';
import { assertOpen } from '../event-state';
import { EventsRepository } from '../events.repository';
import { loadEvent } from './event-loader';
import { requestTime } from '../../common/clock';

/**
 * Registering, unregistering, joining and leaving the waiting list only while the event is not
 * cancelled (409 `EVENT_CANCELLED`, first) and `now < startsAt` (409 `EVENT_STARTED`): the early,
 * clear answer. The statements re-check both atomically, since the event and the clock can change
 * between guard and write.
 *
 * These endpoints take no body; a body with fields is a 400, and the contract puts body
 * validation after existence (404) and before state (409), so it is checked here, in between.
 */
@Injectable()
export class RegistrationOpenGuard implements CanActivate {
  constructor(private readonly events: EventsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { event, request } = await loadEvent(context, this.events);
    assertNoBody(request.body);
    assertOpen({ ...event, published: event.published === 1 }, requestTime(request));
    return true;
  }
}
