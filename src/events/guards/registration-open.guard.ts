import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { assertNoBody } from '../../common/validation/no-body';
import { EventStartedError } from '../events.errors';
import { EventsRepository } from '../events.repository';
import { loadEvent } from './event-loader';
import { requestTime } from '../../common/clock';

/**
 * Registering and unregistering only while `now < startsAt`: the early, clear answer. The
 * registration statements re-check it atomically, since the clock moves between guard and write.
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
    if (event.startsAt <= requestTime(request)) throw new EventStartedError();
    return true;
  }
}
