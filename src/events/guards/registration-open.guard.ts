import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { assertNoBody } from '../../common/validation/no-body';
import { parseAnswers } from '../../questions/answers';
import { parseQuestions } from '../../questions/questions';
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
 * The contract puts body validation after existence (404) and before state (409), so the body is
 * checked here, in between: registering and joining the line take `{answers}`, checked against
 * the event's questions (kept on the request for the handler); leaving takes no body.
 */
@Injectable()
export class RegistrationOpenGuard implements CanActivate {
  constructor(private readonly events: EventsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { event, request } = await loadEvent(context, this.events);
    if (request.method === 'POST') {
      request.answers = parseAnswers(request.body, parseQuestions(event.questions));
    } else {
      assertNoBody(request.body);
    }
    assertOpen({ ...event, published: event.published === 1 }, requestTime(request));
    return true;
  }
}
