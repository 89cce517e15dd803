import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { toEpoch } from '../common/validation/zoned-timestamp';
import { Database, Queries } from '../database/database';
import { CreateEventDto } from './dto/create-event.dto';
import { EventDetailResponseDto, EventResponseDto } from './dto/event-response.dto';
import { UpdateEventDto } from './dto/update-event.dto';
import { searchColumns } from './entities/event.entity';
import { checkTimes, mergePatch } from './event-patch';
import { toEventResponse } from './event-row';
import { DEFAULT_CATEGORY, DEFAULT_TIME_ZONE } from './event-attributes';
import {
  CapacityBelowAttendeesError,
  EventCancelledError,
  EventEndedError,
  EventStartedError,
} from './events.errors';
import { EventNotFoundError } from '../access/access.errors';
import { requireAccess } from '../access/event-access';
import { EventsRepository } from './events.repository';
import { StoredEvent } from './event-columns';
import { assertPrecondition, Precondition } from './guards/if-match';
import { RegistrationsRepository, spotsToFill } from './registrations.repository';
import { Metrics } from '../metrics/metrics.service';
import {
  assertAppendOnly,
  parseQuestions,
  resolveQuestions,
  serializeQuestions,
} from '../questions/questions';

@Injectable()
export class EventsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventsRepository,
    private readonly registrations: RegistrationsRepository,
    private readonly metrics: Metrics,
  ) {}

  async create(dto: CreateEventDto, caller: AuthUser, now: number): Promise<EventResponseDto> {
    const startsAt = toEpoch(dto.startsAt);
    const endsAt = toEpoch(dto.endsAt);
    checkTimes(startsAt, endsAt, true, now);
    const description = dto.description ?? null;
    const id = await this.events.insert({
      ownerId: caller.id,
      name: dto.name,
      description,
      location: dto.location ?? null,
      ...searchColumns(dto.name, description),
      startsAt,
      endsAt,
      capacity: dto.capacity ?? null,
      category: dto.category ?? DEFAULT_CATEGORY,
      timeZone: dto.timeZone ?? DEFAULT_TIME_ZONE,
      published: dto.published ?? true,
      questions: serializeQuestions(resolveQuestions([], dto.questions ?? [])),
      requiresApproval: dto.requiresApproval ?? false,
      createdAt: now,
      updatedAt: now,
    });
    return this.get(id, caller, now);
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
      const changes = mergePatch(event, dto, now);
      if (event.cancelledAt !== null) throw new EventCancelledError();
      if (changes?.questions !== undefined)
        await this.assertQuestionsOpen(tx, event, changes.questions);
      if (changes === undefined)
        return { promoted: 0, response: await this.get(id, caller, now, tx) }; // nothing changed: same version
      // Zero rows: the capacity condition failed (the row is locked, so it still exists).
      if (!(await this.events.update(tx, id, { ...changes, updatedAt: now }))) {
        throw new CapacityBelowAttendeesError();
      }
      // The row is locked, so its counters are as read; a raised (or removed) capacity fills
      // free spots from the line while the event is upcoming.
      const spots = {
        ...event,
        capacity: changes.capacity === undefined ? event.capacity : changes.capacity,
        startsAt: changes.startsAt ?? event.startsAt,
      };
      const promoted = await this.registrations.promote(tx, id, spotsToFill(spots, now), now);
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
      if (event.cancelledAt !== null) throw new EventCancelledError();
      if (event.endsAt <= now) throw new EventEndedError();
      await this.events.cancel(tx, id, reason, now);
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
      if (event.published !== 1) {
        if (event.startsAt <= now) throw new EventStartedError();
        await this.events.update(tx, id, { published: true, updatedAt: now });
      }
      return this.get(id, caller, now, tx);
    });
  }

  /** Deletes the event (a cancelled one too) and its registrations. */
  async remove(id: number, precondition: Precondition): Promise<void> {
    if (precondition === undefined) return this.events.delete(id);
    await this.db.transaction(async (tx) => {
      await this.lockForChange(tx, id, precondition);
      await this.events.delete(id, tx);
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

  /**
   * 409 QUESTIONS_LOCKED when the new list changes what answers may refer to while anyone has a
   * registration row (attending, waiting, pending or declined). The event's row is locked, and
   * every statement that adds a row first updates it, so none slips in between.
   */
  private async assertQuestionsOpen(tx: Queries, event: StoredEvent, next: string) {
    if (!(await this.registrations.anyFor(tx, event.id))) return;
    assertAppendOnly(parseQuestions(event.questions), parseQuestions(next));
  }
}
