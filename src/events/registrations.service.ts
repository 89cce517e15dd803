import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { Database, Queries } from '../database/database';
import { Metrics } from '../metrics/metrics.service';
import { EventResponseDto } from './dto/event-response.dto';
import {
  AlreadyRegisteredError,
  EventFullError,
  EventNotFoundError,
  EventStartedError,
  NotRegisteredError,
} from './events.errors';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { RegistrationsRepository } from './registrations.repository';

/**
 * The capacity rule, atomically and once for both databases. Registering is one transaction: the
 * conditional UPDATE that takes a spot (only before the start, only while there is room), then the
 * INSERT of the unique (event, user) row; if either changes nothing, the transaction rolls back
 * and one read picks the error. Nothing is read and then written, so racing requests can never
 * overbook. Unregistering mirrors it: give the spot back, then delete the row.
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
    await this.db.transaction(async (tx) => {
      if (!(await this.registrations.takeSpot(tx, eventId, now))) {
        await this.assertOpen(tx, eventId, now);
        if (await this.registrations.exists(tx, eventId, caller.id)) {
          throw new AlreadyRegisteredError();
        }
        throw new EventFullError();
      }
      if (!(await this.registrations.insert(tx, eventId, caller.id, now))) {
        throw new AlreadyRegisteredError(); // rolls the spot back
      }
    });
    this.metrics.registered();
    return this.eventsService.get(eventId, caller, now);
  }

  async unregister(eventId: number, caller: AuthUser, now: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.registrations.releaseSpot(tx, eventId, now))) {
        await this.assertOpen(tx, eventId, now);
        throw new NotRegisteredError(); // no attendee at all
      }
      if (!(await this.registrations.delete(tx, eventId, caller.id))) {
        throw new NotRegisteredError(); // rolls the spot back
      }
    });
  }

  /** Why a spot could not change hands: the event is gone (404) or has started (409). */
  private async assertOpen(tx: Queries, eventId: number, now: number): Promise<void> {
    const event = await this.events.findForUpdate(tx, eventId);
    if (!event) throw new EventNotFoundError();
    if (event.startsAt <= now) throw new EventStartedError();
  }
}
