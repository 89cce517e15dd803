import { Injectable } from '@nestjs/common';
import { Queries } from '../database/database';
import { cancellationRefusal, EventChanges } from './event-changes';
import { EventsRepository } from './events.repository';
import { PersonChange, PersonMessages, promotions } from './person-messages';
import {
  RegistrationsRepository,
  RegistrationStatus,
  spotsToFill,
} from './registrations.repository';

/** The reason the cancellation mail gives. */
export const OWNER_LEFT_REASON = 'The organiser deleted their account.';

/** What the people of an event are told when a deleted account's row goes. */
const LEFT: Record<RegistrationStatus, PersonChange['type'] | undefined> = {
  attending: 'registration.cancelled',
  pending: 'registration.cancelled',
  waiting: 'waitlist.left',
  declined: undefined, // the hosts' decision, already told: nothing changes for anyone
};

/** What an account's deletion did to events: for the metrics, after commit. */
export interface AccountEventsRemoved {
  cancelled: number;
  promoted: number;
}

/**
 * What deleting an account does to events, inside the deletion's transaction, through the same
 * changes a person's own requests make: the events it owns are cancelled (upcoming and ongoing
 * ones, so everyone registered is told) and deleted; its rows on other events go, each giving
 * back what it held and a freed spot going to the head of the line.
 */
@Injectable()
export class AccountEvents {
  constructor(
    private readonly events: EventsRepository,
    private readonly changes: EventChanges,
    private readonly registrations: RegistrationsRepository,
    private readonly people: PersonMessages,
  ) {}

  async removeAllOf(tx: Queries, userId: number, now: number): Promise<AccountEventsRemoved> {
    const cancelled = await this.removeOwned(tx, userId, now);
    let promoted = 0;
    for (const { eventId, status } of await this.registrations.heldBy(tx, userId)) {
      promoted += await this.leave(tx, eventId, userId, status, now);
    }
    return { cancelled, promoted };
  }

  /**
   * Cancels each owned event that can still be cancelled, telling its attendees and those
   * waiting, then deletes it with its registrations, hosts and questions. An ended or already
   * cancelled event is deleted without a mail: its people were told, or it is over.
   */
  private async removeOwned(tx: Queries, ownerId: number, now: number): Promise<number> {
    let cancelled = 0;
    for (const event of await this.events.lockOwned(tx, ownerId)) {
      if (cancellationRefusal(event, now) === undefined) {
        const { attendees } = await this.events.people(event.id, tx);
        const leaving = attendees.map((person) => person.id);
        await this.changes.cancel(tx, event, OWNER_LEFT_REASON, now, leaving);
        cancelled += 1;
      }
      await this.events.delete(event.id, tx);
    }
    return cancelled;
  }

  /** One row of the user on someone else's event; answers how many were promoted. */
  private async leave(
    tx: Queries,
    eventId: number,
    userId: number,
    status: RegistrationStatus,
    now: number,
  ): Promise<number> {
    const spots = await this.registrations.releaseHeld(tx, eventId, status);
    await this.registrations.delete(tx, eventId, userId, status);
    const promoted =
      status === 'attending' && spots
        ? await this.registrations.promote(tx, eventId, spotsToFill(spots, now), now)
        : [];
    const type = LEFT[status];
    const left: PersonChange[] = type ? [{ type, userId }] : [];
    await this.people.record(tx, eventId, [...left, ...promotions(promoted)], now);
    return promoted.length;
  }
}
