import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { FieldError, ValidationFailedError } from '../common/errors/domain-error';
import { parseZonedTimestamp } from '../common/validation/zoned-timestamp';
import { Database } from '../database/database';
import { CreateEventDto } from './dto/create-event.dto';
import { EventDetailResponseDto, EventPageDto, EventResponseDto } from './dto/event-response.dto';
import { ListEventsQueryDto } from './dto/list-events-query.dto';
import { UpdateEventDto } from './dto/update-event.dto';
import { searchColumns } from './entities/event.entity';
import { toEventResponse } from './event-row';
import { CapacityBelowAttendeesError, EventNotFoundError } from './events.errors';
import { EventColumns, EventsRepository } from './events.repository';

const DEFAULT_LIMIT = 20;

/** Timestamps were validated by the DTO; this only turns them into epoch milliseconds. */
function toEpoch(value: string): number {
  const date = parseZonedTimestamp(value);
  if (!date)
    throw new ValidationFailedError([{ field: 'timestamp', message: 'invalid timestamp' }]);
  return date.getTime();
}

/** Rules across fields, applied to the merged result of a create or a patch. */
function checkTimes(startsAt: number, endsAt: number, startsAtChanged: boolean, now: number): void {
  const errors: FieldError[] = [];
  if (startsAtChanged && startsAt <= now) {
    errors.push({ field: 'startsAt', message: 'startsAt must be in the future' });
  }
  if (endsAt <= startsAt) {
    errors.push({ field: 'endsAt', message: 'endsAt must be after startsAt' });
  }
  if (errors.length > 0) throw new ValidationFailedError(errors);
}

@Injectable()
export class EventsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventsRepository,
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
      createdAt: now,
      updatedAt: now,
    });
    return this.get(id, caller, now);
  }

  async list(query: ListEventsQueryDto, caller: AuthUser, now: number): Promise<EventPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const userRef = (ref: string | undefined) =>
      ref === undefined ? undefined : ref === 'me' ? caller.id : Number(ref);
    const { rows, total } = await this.events.findPage(
      {
        ownerId: userRef(query.owner),
        attendeeId: userRef(query.attendee),
        status: query.status,
        startsAfter: query.startsAfter === undefined ? undefined : toEpoch(query.startsAfter),
        startsBefore: query.startsBefore === undefined ? undefined : toEpoch(query.startsBefore),
        q: query.q,
        hasSpots: query.hasSpots,
      },
      { sort: query.sort ?? 'startsAt', limit, offset },
      caller.id,
      now,
    );
    return { items: rows.map((row) => toEventResponse(row, caller, now)), total, limit, offset };
  }

  async get(id: number, caller: AuthUser, now: number): Promise<EventResponseDto> {
    const row = await this.events.findRow(id, caller.id);
    if (!row) throw new EventNotFoundError();
    return toEventResponse(row, caller, now);
  }

  async getDetail(id: number, caller: AuthUser, now: number): Promise<EventDetailResponseDto> {
    const [event, attendees] = await Promise.all([
      this.get(id, caller, now),
      this.events.attendees(id),
    ]);
    return { ...event, attendees };
  }

  /**
   * Merges the patch into the event as it is at write time (read and written in one transaction,
   * the row locked), validates the result, and writes it; a lower capacity applies only if every
   * attendee still fits.
   */
  async update(
    id: number,
    dto: UpdateEventDto,
    caller: AuthUser,
    now: number,
  ): Promise<EventResponseDto> {
    await this.db.transaction(async (tx) => {
      const event = await this.events.findForUpdate(tx, id);
      if (!event) throw new EventNotFoundError(); // deleted since the guard read it
      const startsAt = dto.startsAt === undefined ? event.startsAt : toEpoch(dto.startsAt);
      const endsAt = dto.endsAt === undefined ? event.endsAt : toEpoch(dto.endsAt);
      checkTimes(startsAt, endsAt, startsAt !== event.startsAt, now);

      const name = dto.name ?? event.name;
      const description = dto.description === undefined ? event.description : dto.description;
      const changes: Partial<EventColumns> = {
        name,
        description,
        location: dto.location === undefined ? event.location : dto.location,
        ...searchColumns(name, description),
        startsAt,
        endsAt,
        updatedAt: now,
      };
      if (dto.capacity !== undefined) changes.capacity = dto.capacity;
      // Zero rows: the capacity condition failed (the row is locked, so it still exists).
      if (!(await this.events.update(tx, id, changes))) throw new CapacityBelowAttendeesError();
    });
    return this.get(id, caller, now);
  }

  remove(id: number): Promise<void> {
    return this.events.delete(id);
  }
}
