import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { Database, Queries } from '../database/database';
import { CreateEventDto } from './dto/create-event.dto';
import { EventDetailResponseDto, EventResponseDto } from './dto/event-response.dto';
import { UpdateEventDto } from './dto/update-event.dto';
import { checkTimes } from './event-patch';
import { toEventResponse } from './event-row';
import { EventCancelledError, EventStartedError } from './events.errors';
import { EventNotFoundError } from '../access/access.errors';
import { requireAccess } from '../access/event-access';
import { EventsRepository } from './events.repository';
import { StoredEvent } from './event-columns';
import { assertPrecondition, Precondition } from './guards/if-match';
import { EventChanges, timesOf } from './event-changes';
import { Metrics } from '../metrics/metrics.service';
import { Outbox } from '../outbox/outbox';
import { eventMessage } from './event-messages';

@Injectable()
export class EventsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventsRepository,
    private readonly changes: EventChanges,
    private readonly metrics: Metrics,
    private readonly outbox: Outbox,
  ) {}

  async create(dto: CreateEventDto, caller: AuthUser, now: number): Promise<EventResponseDto> {
    const times = timesOf(dto);
    checkTimes(times.startsAt, times.endsAt, true, now);
    const columns = this.changes.columns(dto, times, caller.id, now);
    return this.db.transaction(async (tx) => {
      const event = await this.get(await this.events.insert(columns, tx), caller, now, tx);
      await this.outbox.record(tx, eventMessage('event.created', event, now));
      return event;
    });
  }

  /**
   * The event as the caller sees it. Inside a change's transaction (`db` = its handle) the answer
   * is the state that change left, not whatever another request did after it committed.
   */
  async get(
    id: number,
    caller: AuthUser,
    now: number,
    db: Queries = this.db,
  ): Promise<EventResponseDto> {
    const row = await this.events.findRow(id, caller, db);
    if (!row) throw new EventNotFoundError();
    requireAccess({ role: row.my_role, isAdmin: caller.isAdmin, published: row.published === 1 });
    return toEventResponse(row, caller, now);
  }

  /** The events of a user's calendar feed (see `EventsRepository.feedRows`), as they see them. */
  async feed(userId: number, endedAfter: number, now: number): Promise<EventResponseDto[]> {
    const rows = await this.events.feedRows(userId, endedAfter);
    return rows.map((row) => toEventResponse(row, { id: userId }, now));
  }

  /** The event with its attendees and line, read on one snapshot so counts and lists agree. */
  getDetail(id: number, caller: AuthUser, now: number): Promise<EventDetailResponseDto> {
    return this.db.snapshot(async (tx) => {
      const event = await this.get(id, caller, now, tx);
      return { ...event, ...(await this.events.people(id, tx)) };
    });
  }

  /**
   * Merges the patch into the event as it is at write time (read and written in one transaction,
   * the row locked), validates the result, and writes what changed as a new version; a lower
   * capacity applies only if every attendee still fits, and a higher one (or none) fills the free
   * spots from the waiting list in the same transaction.
   */
  async update(
    id: number,
    dto: UpdateEventDto,
    precondition: Precondition,
    caller: AuthUser,
    now: number,
  ): Promise<EventResponseDto> {
    const { promoted, response } = await this.db.transaction(async (tx) => {
      const event = await this.lockForChange(tx, id, precondition);
      const promoted = await this.changes.patch(tx, event, dto, now);
      return { promoted, response: await this.get(id, caller, now, tx) };
    });
    if (promoted > 0) this.metrics.promoted(promoted);
    return response;
  }

  /**
   * Cancels an upcoming or ongoing event: it keeps its registrations, loses its waiting list, and
   * takes no change from then on.
   */
  async cancel(
    id: number,
    reason: string | null,
    precondition: Precondition,
    caller: AuthUser,
    now: number,
  ): Promise<EventResponseDto> {
    const response = await this.db.transaction(async (tx) => {
      const event = await this.lockForChange(tx, id, precondition);
      await this.changes.cancel(tx, event, reason, now);
      return this.get(id, caller, now, tx);
    });
    this.metrics.cancelled();
    return response;
  }

  /**
   * Publishes a draft: a new version, visible to everyone from then on. Publishing a published
   * event changes nothing; a started or cancelled draft can no longer be published.
   */
  async publish(id: number, caller: AuthUser, now: number): Promise<EventResponseDto> {
    return this.db.transaction(async (tx) => {
      const event = await this.lockForChange(tx, id, undefined);
      if (event.cancelledAt !== null) throw new EventCancelledError();
      if (event.published === 1) return this.get(id, caller, now, tx); // a no-op
      if (event.startsAt <= now) throw new EventStartedError();
      await this.events.update(tx, id, { published: true, updatedAt: now });
      const published = await this.get(id, caller, now, tx);
      await this.outbox.record(tx, eventMessage('event.published', published, now));
      return published;
    });
  }

  /** Deletes the event (a cancelled one too) and its registrations. */
  async remove(
    id: number,
    precondition: Precondition,
    caller: AuthUser,
    now: number,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.lockForChange(tx, id, precondition);
      const event = await this.get(id, caller, now, tx); // as it was, for the message
      const removed = await this.events.delete(id, tx);
      await this.outbox.record(
        tx,
        eventMessage('event.deleted', event, now, undefined, { removed }),
      );
    });
  }

  /** The event, its row locked for the transaction; 404 if it went since the guard, 412 if stale. */
  private async lockForChange(
    tx: Queries,
    id: number,
    precondition: Precondition,
  ): Promise<StoredEvent> {
    const event = await this.events.findForUpdate(tx, id);
    if (!event) throw new EventNotFoundError();
    assertPrecondition(precondition, event.version);
    return event;
  }
}
