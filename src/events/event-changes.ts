import { Injectable } from '@nestjs/common';
import { toEpoch } from '../common/validation/zoned-timestamp';
import { Queries } from '../database/database';
import { CreateEventDto } from './dto/create-event.dto';
import { UpdateEventDto } from './dto/update-event.dto';
import { searchColumns } from './entities/event.entity';
import { DEFAULT_CATEGORY, DEFAULT_TIME_ZONE } from './event-attributes';
import { EventColumns } from './event-columns';
import { mergePatch } from './event-patch';
import { CapacityBelowAttendeesError, EventCancelledError, EventEndedError } from './events.errors';
import { EventsRepository } from './events.repository';
import { StoredEvent } from './event-columns';
import { RegistrationsRepository, spotsToFill } from './registrations.repository';
import { Outbox } from '../outbox/outbox';
import { storedEventMessage } from './event-messages';
import { PersonMessages, promotions } from './person-messages';
import {
  assertAppendOnly,
  parseQuestions,
  Question,
  resolveQuestions,
  serializeQuestions,
} from '../questions/questions';

/** The changes attendees and those waiting are mailed about (the contract's mail table). */
const MAILED_FIELDS = ['name', 'startsAt', 'endsAt', 'location'] as const;

/** The fields of a new event that a create request gives (a series' occurrences share them). */
export type NewEventFields = Omit<CreateEventDto, 'startsAt' | 'endsAt'>;

/**
 * The changes an event goes through, each written once and run inside the caller's transaction
 * on a row it has locked: a single event's PATCH or cancellation and a series' (one per
 * occurrence) take the same path.
 */
@Injectable()
export class EventChanges {
  constructor(
    private readonly events: EventsRepository,
    private readonly registrations: RegistrationsRepository,
    private readonly outbox: Outbox,
    private readonly people: PersonMessages,
  ) {}

  /** The row of a new event, version 1 (times are epoch ms, already checked by the caller). */
  columns(
    dto: NewEventFields,
    times: { startsAt: number; endsAt: number },
    ownerId: number,
    now: number,
  ): EventColumns {
    const description = dto.description ?? null;
    return {
      ownerId,
      name: dto.name,
      description,
      location: dto.location ?? null,
      ...searchColumns(dto.name, description),
      ...times,
      capacity: dto.capacity ?? null,
      category: dto.category ?? DEFAULT_CATEGORY,
      timeZone: dto.timeZone ?? DEFAULT_TIME_ZONE,
      published: dto.published ?? true,
      questions: serializeQuestions(resolveQuestions([], dto.questions ?? [])),
      requiresApproval: dto.requiresApproval ?? false,
      createdAt: now,
      updatedAt: now,
    };
  }

  /**
   * Merges the patch into the locked event, validates the result, and writes what changed as a
   * new version; a lower capacity applies only if every attendee still fits (409 otherwise), and
   * a higher one (or none) fills the free spots from the waiting list. Answers how many were
   * promoted; a patch that changes nothing writes nothing (same version).
   */
  async patch(
    tx: Queries,
    event: StoredEvent,
    dto: UpdateEventDto,
    now: number,
    resolvedQuestions?: Question[],
  ): Promise<number> {
    const changes = mergePatch(event, dto, now, resolvedQuestions);
    if (event.cancelledAt !== null) throw new EventCancelledError();
    if (changes?.questions !== undefined)
      await this.assertQuestionsOpen(tx, event, changes.questions);
    if (changes === undefined) return 0;
    // Zero rows: the capacity condition failed (the row is locked, so it still exists).
    if (!(await this.events.update(tx, event.id, { ...changes, updatedAt: now }))) {
      throw new CapacityBelowAttendeesError();
    }
    // The row is locked, so its counters are as read; a raised (or removed) capacity fills
    // free spots from the line while the event is upcoming.
    const spots = {
      ...event,
      capacity: changes.capacity === undefined ? event.capacity : changes.capacity,
      startsAt: changes.startsAt ?? event.startsAt,
    };
    const promoted = await this.registrations.promote(tx, event.id, spotsToFill(spots, now), now);
    const updated: StoredEvent = {
      ...spots,
      name: changes.name ?? event.name,
      description: changes.description === undefined ? event.description : changes.description,
      location: changes.location === undefined ? event.location : changes.location,
      category: changes.category ?? event.category,
      timeZone: changes.timeZone ?? event.timeZone,
      endsAt: changes.endsAt ?? event.endsAt,
      version: event.version + 1,
    };
    const changed = MAILED_FIELDS.filter((field) => updated[field] !== event[field]);
    await this.outbox.record(
      tx,
      storedEventMessage('event.updated', updated, now, undefined, { changed }),
    );
    await this.people.record(tx, event.id, promotions(promoted), now);
    return promoted.length;
  }

  /**
   * 409 QUESTIONS_LOCKED when the new list changes what answers may refer to while anyone has a
   * registration row (attending, waiting, pending or declined). The event's row is locked, and
   * every statement that adds a row first updates it, so none slips in between.
   */
  private async assertQuestionsOpen(tx: Queries, event: StoredEvent, next: string): Promise<void> {
    if (!(await this.registrations.anyFor(tx, event.id))) return;
    assertAppendOnly(parseQuestions(event.questions), parseQuestions(next));
  }

  /**
   * Cancels the locked event (upcoming or ongoing): it keeps its registrations, loses its waiting
   * list, and takes no change from then on. `leaving`: attendees the caller takes off the event
   * in the same transaction (an account deletion deletes the event next), told of the
   * cancellation like those waiting, since mail finds its recipients only after commit.
   */
  async cancel(
    tx: Queries,
    event: StoredEvent,
    reason: string | null,
    now: number,
    leaving: readonly number[] = [],
  ): Promise<void> {
    const refusal = cancellationRefusal(event, now);
    if (refusal) throw refusal;
    const removed = [...(await this.events.cancel(tx, event.id, reason, now)), ...leaving];
    const cancelled = { ...event, cancelledAt: now, version: event.version + 1 };
    await this.outbox.record(
      tx,
      storedEventMessage('event.cancelled', cancelled, now, undefined, { reason, removed }),
    );
  }
}

/** Why the event can no longer be cancelled (409), if it cannot: cancelled already, or ended. */
export function cancellationRefusal(
  event: Pick<StoredEvent, 'cancelledAt' | 'endsAt'>,
  now: number,
): EventCancelledError | EventEndedError | undefined {
  if (event.cancelledAt !== null) return new EventCancelledError();
  if (event.endsAt <= now) return new EventEndedError();
  return undefined;
}

/** The epoch-ms times of a create request (validated as zoned timestamps by its DTO). */
export const timesOf = (dto: { startsAt: string; endsAt: string }) => ({
  startsAt: toEpoch(dto.startsAt),
  endsAt: toEpoch(dto.endsAt),
});
