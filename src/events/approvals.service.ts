import { Injectable } from '@nestjs/common';
import { Database, Queries } from '../database/database';
import { AttendeeDto } from './dto/attendee-response.dto';
import { AttendeesRepository } from './attendees.repository';
import { toAttendee } from './attendees.service';
import { EventFullError, NotPendingError } from './events.errors';
import { RegistrationChecks } from './registration-checks';
import { RegistrationsRepository } from './registrations.repository';
import { RequestsRepository } from './requests.repository';
import { PersonMessages } from './person-messages';

/**
 * The hosts' decisions on requests. Approving takes the spot with the very statement that guards
 * registering (`takeSpot`: open, room, nobody waiting), so of concurrent approvals for the last
 * spot exactly one wins, on either database and across instances; the others roll back.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly db: Database,
    private readonly registrations: RegistrationsRepository,
    private readonly requests: RequestsRepository,
    private readonly attendees: AttendeesRepository,
    private readonly checks: RegistrationChecks,
    private readonly people: PersonMessages,
  ) {}

  approve(eventId: number, userId: number, now: number): Promise<AttendeeDto> {
    return this.db.transaction(async (tx) => {
      if (!(await this.registrations.takeSpot(tx, eventId, now))) {
        await this.checks.whyClosed(tx, eventId, now);
        await this.assertPending(tx, eventId, userId);
        throw new EventFullError();
      }
      // Zero rows: no pending request (never sent, withdrawn, or decided meanwhile).
      if (!(await this.requests.approve(tx, eventId, userId))) throw new NotPendingError();
      await this.requests.releasePending(tx, eventId, now);
      await this.people.recordOne(tx, eventId, 'registration.approved', userId, now);
      return this.row(tx, eventId, userId);
    });
  }

  decline(
    eventId: number,
    userId: number,
    reason: string | null,
    now: number,
  ): Promise<AttendeeDto> {
    return this.db.transaction(async (tx) => {
      if (!(await this.requests.releasePending(tx, eventId, now))) {
        await this.checks.whyClosed(tx, eventId, now);
        throw new NotPendingError(); // no request pending at all
      }
      if (!(await this.requests.decline(tx, eventId, userId, reason))) {
        throw new NotPendingError(); // rolls the count back
      }
      await this.people.recordOne(tx, eventId, 'registration.declined', userId, now, { reason });
      return this.row(tx, eventId, userId);
    });
  }

  private async assertPending(tx: Queries, eventId: number, userId: number): Promise<void> {
    const status = await this.registrations.statusOf(tx, eventId, userId);
    if (status !== 'pending') throw new NotPendingError();
  }

  /** The decided row as the attendee list shows it, read inside the deciding transaction. */
  private async row(tx: Queries, eventId: number, userId: number): Promise<AttendeeDto> {
    return toAttendee((await this.attendees.one(eventId, userId, tx))!);
  }
}
