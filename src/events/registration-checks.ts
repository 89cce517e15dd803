import { Injectable } from '@nestjs/common';
import { Queries } from '../database/database';
import { EventNotFoundError } from '../access/access.errors';
import { assertOpen } from './event-state';
import {
  AlreadyRegisteredError,
  AlreadyWaitlistedError,
  RegistrationDeclinedError,
} from './events.errors';
import { EventsRepository } from './events.repository';
import { RegistrationsRepository } from './registrations.repository';

/**
 * The reads that pick an error once a conditional statement changed nothing (never read and then
 * written: they run only on the failure path, inside the transaction that is rolled back).
 */
@Injectable()
export class RegistrationChecks {
  constructor(
    private readonly events: EventsRepository,
    private readonly registrations: RegistrationsRepository,
  ) {}

  /** Why the event's row did not change: it is gone (404), or not open (409, see `assertOpen`). */
  async whyClosed(tx: Queries, eventId: number, now: number): Promise<void> {
    const event = await this.events.findForUpdate(tx, eventId);
    if (!event) throw new EventNotFoundError();
    assertOpen({ ...event, published: event.published === 1 }, now);
  }

  /** 409 when the caller already has a row: attends, waits, requested or was declined. */
  async assertNotListed(tx: Queries, eventId: number, userId: number): Promise<void> {
    const status = await this.registrations.statusOf(tx, eventId, userId);
    if (status === 'attending') throw new AlreadyRegisteredError();
    if (status === 'waiting') throw new AlreadyWaitlistedError();
    if (status === 'pending') {
      throw new AlreadyRegisteredError('Your request for this event is awaiting a decision.');
    }
    if (status === 'declined') throw new RegistrationDeclinedError();
  }
}
