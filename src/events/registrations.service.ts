import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { Database } from '../database/database';
import { Metrics } from '../metrics/metrics.service';
import { Answer, serializeAnswers } from '../questions/answers';
import { newTicketCode } from '../tickets/ticket-code';
import { EventResponseDto } from './dto/event-response.dto';
import {
  AlreadyRegisteredError,
  AlreadyWaitlistedError,
  ApprovalRequiredError,
  EventFullError,
  EventNotFullError,
  NotRegisteredError,
  NotWaitlistedError,
} from './events.errors';
import { EventNotFoundError } from '../access/access.errors';
import { EventsService } from './events.service';
import { NewRegistration, RegistrationsRepository, spotsToFill } from './registrations.repository';
import { RegistrationChecks } from './registration-checks';
import { RequestsRepository } from './requests.repository';
import { PersonChange, PersonMessages, promotions } from './person-messages';

/** What a registration or waiting-list request brings: its checked answers, and the event's mode. */
export interface JoinOptions {
  answers?: Answer[];
  requiresApproval?: boolean;
}

const newRow = (answers: Answer[] = []): NewRegistration => ({
  answers: serializeAnswers(answers),
  ticket: newTicketCode(),
});

/**
 * The capacity and waiting-list rules, atomically and once for both databases. Each change is one
 * transaction that starts with a conditional UPDATE of the event's row (which takes or gives back
 * a spot, a place in line or a request, only while the event is upcoming, not cancelled and in the
 * right state), then writes the unique (event, user) row; if either changes nothing, the
 * transaction rolls back and one read picks the error. Nothing is read and then written, so racing
 * requests can never overbook, and a spot that frees is handed to the head of the line before the
 * transaction commits: nobody ever sees a free spot while someone waits.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly db: Database,
    private readonly registrations: RegistrationsRepository,
    private readonly requests: RequestsRepository,
    private readonly checks: RegistrationChecks,
    private readonly eventsService: EventsService,
    private readonly metrics: Metrics,
    private readonly people: PersonMessages,
  ) {}

  /** A seat, or with approval required a request (which holds no spot). */
  async register(
    eventId: number,
    caller: AuthUser,
    now: number,
    { answers, requiresApproval = false }: JoinOptions = {},
  ): Promise<EventResponseDto> {
    if (requiresApproval) return this.request(eventId, caller, now, answers);
    const response = await this.db.transaction(async (tx) => {
      if (!(await this.registrations.takeSpot(tx, eventId, now))) {
        await this.checks.whyClosed(tx, eventId, now);
        await this.checks.assertNotListed(tx, eventId, caller.id);
        throw new EventFullError(); // or people wait: a newcomer does not go ahead of them
      }
      const row = newRow(answers);
      if (!(await this.registrations.insert(tx, eventId, caller.id, 'attending', now, row))) {
        await this.checks.assertNotListed(tx, eventId, caller.id);
        throw new AlreadyRegisteredError(); // rolls the spot back
      }
      await this.people.recordOne(tx, eventId, 'registration.created', caller.id, now);
      return this.eventsService.get(eventId, caller, now, tx); // what this request did
    });
    this.metrics.registered();
    return response;
  }

  /** A pending request: counted on the event's row, answered as `registrationStatus: pending`. */
  private request(eventId: number, caller: AuthUser, now: number, answers?: Answer[]) {
    return this.db.transaction(async (tx) => {
      if (!(await this.requests.addPending(tx, eventId, now))) {
        await this.checks.whyClosed(tx, eventId, now);
        throw new EventNotFoundError(); // unreachable: an open event's row always changes
      }
      const row = newRow(answers);
      if (!(await this.registrations.insert(tx, eventId, caller.id, 'pending', now, row))) {
        await this.checks.assertNotListed(tx, eventId, caller.id);
        throw new AlreadyRegisteredError(); // rolls the count back
      }
      await this.people.recordOne(tx, eventId, 'registration.requested', caller.id, now);
      return this.eventsService.get(eventId, caller, now, tx);
    });
  }

  /**
   * Frees the caller's spot and, in the same transaction, gives it to the head of the line; or,
   * when the caller holds no spot, withdraws their pending request (a second transaction, only
   * on that path, so an attendee's unregistration stays UPDATE + DELETE). Either way the row
   * goes, and its ticket with it.
   */
  async unregister(eventId: number, caller: AuthUser, now: number): Promise<void> {
    const promoted = await this.db
      .transaction(async (tx) => {
        const spots = await this.registrations.releaseSpot(tx, eventId, now);
        if (spots === undefined) {
          await this.checks.whyClosed(tx, eventId, now);
          throw new NotRegisteredError(); // no attendee at all
        }
        if (!(await this.registrations.delete(tx, eventId, caller.id, 'attending'))) {
          throw new NotRegisteredError(); // rolls the spot back
        }
        const promoted = await this.registrations.promote(
          tx,
          eventId,
          spotsToFill(spots, now),
          now,
        );
        const cancelled: PersonChange = { type: 'registration.cancelled', userId: caller.id };
        await this.people.record(tx, eventId, [cancelled, ...promotions(promoted)], now);
        return promoted.length;
      })
      .catch(async (error: unknown) => {
        if (!(error instanceof NotRegisteredError)) throw error;
        await this.withdraw(eventId, caller, now);
        return 0;
      });
    if (promoted > 0) this.metrics.promoted(promoted);
  }

  /** Withdraws a pending request (409 NOT_REGISTERED when there is none). */
  private withdraw(eventId: number, caller: AuthUser, now: number): Promise<void> {
    return this.db.transaction(async (tx) => {
      if (!(await this.requests.releasePending(tx, eventId, now))) {
        await this.checks.whyClosed(tx, eventId, now);
        throw new NotRegisteredError();
      }
      if (!(await this.registrations.delete(tx, eventId, caller.id, 'pending'))) {
        throw new NotRegisteredError(); // none pending, or decided meanwhile: rolls the count back
      }
      // The request is gone as an attendee's registration would be: the same message.
      await this.people.recordOne(tx, eventId, 'registration.cancelled', caller.id, now);
    });
  }

  joinWaitlist(
    eventId: number,
    caller: AuthUser,
    now: number,
    { answers, requiresApproval = false }: JoinOptions = {},
  ): Promise<EventResponseDto> {
    // The hosts choose who comes: there is no line to stand in.
    if (requiresApproval) throw new ApprovalRequiredError();
    return this.db.transaction(async (tx) => {
      if (!(await this.registrations.takePlaceInLine(tx, eventId, now))) {
        await this.checks.whyClosed(tx, eventId, now);
        await this.checks.assertNotListed(tx, eventId, caller.id);
        throw new EventNotFullError(); // a spot is free, or there is no limit: register instead
      }
      const row = newRow(answers);
      if (!(await this.registrations.insert(tx, eventId, caller.id, 'waiting', now, row))) {
        await this.checks.assertNotListed(tx, eventId, caller.id);
        throw new AlreadyWaitlistedError(); // rolls the place back
      }
      await this.people.recordOne(tx, eventId, 'waitlist.joined', caller.id, now);
      // Read before commit: an unregistration that promotes the caller waits for this row lock,
      // so the answer says "waiting", which is what this request did.
      return this.eventsService.get(eventId, caller, now, tx);
    });
  }

  async leaveWaitlist(eventId: number, caller: AuthUser, now: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.registrations.releasePlaceInLine(tx, eventId, now))) {
        await this.checks.whyClosed(tx, eventId, now);
        throw new NotWaitlistedError(); // nobody waits at all
      }
      if (!(await this.registrations.delete(tx, eventId, caller.id, 'waiting'))) {
        throw new NotWaitlistedError(); // rolls the place back
      }
      await this.people.recordOne(tx, eventId, 'waitlist.left', caller.id, now);
    });
  }
}
