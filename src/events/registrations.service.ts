import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { Database, Queries } from '../database/database';
import { Metrics } from '../metrics/metrics.service';
import { EventResponseDto } from './dto/event-response.dto';
import {
  AlreadyRegisteredError,
  AlreadyWaitlistedError,
  EventFullError,
  EventNotFullError,
  NotRegisteredError,
  NotWaitlistedError,
} from './events.errors';
import { EventNotFoundError } from '../access/access.errors';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { RegistrationsRepository, spotsToFill } from './registrations.repository';
import { assertOpen } from './event-state';

/**
 * The capacity and waiting-list rules, atomically and once for both databases. Each change is one
 * transaction that starts with a conditional UPDATE of the event's row (which takes or gives back
 * a spot or a place in line, only while the event is upcoming, not cancelled and in the right
 * state), then writes the unique (event, user) row; if either changes nothing, the transaction
 * rolls back and one read picks the error. Nothing is read and then written, so racing requests
 * can never overbook, and a spot that frees is handed to the head of the line before the
 * transaction commits: nobody ever sees a free spot while someone waits.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly db: Database,
    private readonly registrations: RegistrationsRepository,
    private readonly events: EventsRepository,
    private readonly eventsService: EventsService,
    private readonly metrics: Metrics,
  ) {}

  async register(eventId: number, caller: AuthUser, now: number): Promise<EventResponseDto> {
    const response = await this.db.transaction(async (tx) => {
      if (!(await this.registrations.takeSpot(tx, eventId, now))) {
        await this.whyClosed(tx, eventId, now);
        await this.assertNotListed(tx, eventId, caller.id);
        throw new EventFullError(); // or people wait: a newcomer does not go ahead of them
      }
      if (!(await this.registrations.insert(tx, eventId, caller.id, 'attending', now))) {
        await this.assertNotListed(tx, eventId, caller.id);
        throw new AlreadyRegisteredError(); // rolls the spot back
      }
      return this.eventsService.get(eventId, caller, now, tx); // what this request did
    });
    this.metrics.registered();
    return response;
  }

  /** Frees the caller's spot and, in the same transaction, gives it to the head of the line. */
  async unregister(eventId: number, caller: AuthUser, now: number): Promise<void> {
    const promoted = await this.db.transaction(async (tx) => {
      const spots = await this.registrations.releaseSpot(tx, eventId, now);
      if (spots === undefined) {
        await this.whyClosed(tx, eventId, now);
        throw new NotRegisteredError(); // no attendee at all
      }
      if (!(await this.registrations.delete(tx, eventId, caller.id, 'attending'))) {
        throw new NotRegisteredError(); // rolls the spot back
      }
      return this.registrations.promote(tx, eventId, spotsToFill(spots, now), now);
    });
    if (promoted > 0) this.metrics.promoted(promoted);
  }

  joinWaitlist(eventId: number, caller: AuthUser, now: number): Promise<EventResponseDto> {
    return this.db.transaction(async (tx) => {
      if (!(await this.registrations.takePlaceInLine(tx, eventId, now))) {
        await this.whyClosed(tx, eventId, now);
        await this.assertNotListed(tx, eventId, caller.id);
        throw new EventNotFullError(); // a spot is free, or there is no limit: register instead
      }
      if (!(await this.registrations.insert(tx, eventId, caller.id, 'waiting', now))) {
        await this.assertNotListed(tx, eventId, caller.id);
        throw new AlreadyWaitlistedError(); // rolls the place back
      }
      // Read before commit: an unregistration that promotes the caller waits for this row lock,
      // so the answer says "waiting", which is what this request did.
      return this.eventsService.get(eventId, caller, now, tx);
    });
  }

  async leaveWaitlist(eventId: number, caller: AuthUser, now: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.registrations.releasePlaceInLine(tx, eventId, now))) {
        await this.whyClosed(tx, eventId, now);
        throw new NotWaitlistedError(); // nobody waits at all
      }
      if (!(await this.registrations.delete(tx, eventId, caller.id, 'waiting'))) {
        throw new NotWaitlistedError(); // rolls the place back
      }
    });
  }

  /** Why the event's row did not change: it is gone (404), or not open (409, see `assertOpen`). */
  private async whyClosed(tx: Queries, eventId: number, now: number): Promise<void> {
    const event = await this.events.findForUpdate(tx, eventId);
    if (!event) throw new EventNotFoundError();
    assertOpen({ ...event, published: event.published === 1 }, now);
  }

  /** 409 when the caller already attends or waits. */
  private async assertNotListed(tx: Queries, eventId: number, userId: number): Promise<void> {
    const status = await this.registrations.statusOf(tx, eventId, userId);
    if (status === 'attending') throw new AlreadyRegisteredError();
    if (status === 'waiting') throw new AlreadyWaitlistedError();
  }
}
