import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/current-user.decorator';
import { FieldError, ValidationFailedError } from '../common/errors/domain-error';
import { parseZonedTimestamp } from '../common/validation/zoned-timestamp';
import { CreateEventDto } from './dto/create-event.dto';
import { EventDetailResponseDto, EventPageDto, EventResponseDto } from './dto/event-response.dto';
import { ListEventsQueryDto } from './dto/list-events-query.dto';
import { UpdateEventDto } from './dto/update-event.dto';
import { EventEntity, searchColumns } from './entities/event.entity';
import { toEventResponse } from './event-row';
import { CapacityBelowAttendeesError, EventNotFoundError } from './events.errors';
import { EventsRepository } from './events.repository';

const DEFAULT_LIMIT = 20;

/** Timestamps were validated by the DTO; this only turns them into Dates. */
function toDate(value: string): Date {
  const date = parseZonedTimestamp(value);
  if (!date)
    throw new ValidationFailedError([{ field: 'timestamp', message: 'invalid timestamp' }]);
  return date;
}

/** Rules across fields, applied to the merged result of a create or a patch. */
function checkTimes(startsAt: Date, endsAt: Date, startsAtChanged: boolean, now: number): void {
  const errors: FieldError[] = [];
  if (startsAtChanged && startsAt.getTime() <= now) {
    errors.push({ field: 'startsAt', message: 'startsAt must be in the future' });
  }
  if (endsAt.getTime() <= startsAt.getTime()) {
    errors.push({ field: 'endsAt', message: 'endsAt must be after startsAt' });
  }
  if (errors.length > 0) throw new ValidationFailedError(errors);
}

@Injectable()
export class EventsService {
  constructor(private readonly events: EventsRepository) {}

  async create(dto: CreateEventDto, caller: AuthUser): Promise<EventResponseDto> {
    const now = Date.now();
    const startsAt = toDate(dto.startsAt);
    const endsAt = toDate(dto.endsAt);
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
      createdAt: new Date(now),
      updatedAt: new Date(now),
    });
    return this.get(id, caller);
  }

  async list(query: ListEventsQueryDto, caller: AuthUser): Promise<EventPageDto> {
    const now = Date.now();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const userRef = (ref: string | undefined) =>
      ref === undefined ? undefined : ref === 'me' ? caller.id : Number(ref);
    const { rows, total } = await this.events.findPage(
      {
        ownerId: userRef(query.owner),
        attendeeId: userRef(query.attendee),
        status: query.status,
        startsAfter: query.startsAfter === undefined ? undefined : toDate(query.startsAfter),
        startsBefore: query.startsBefore === undefined ? undefined : toDate(query.startsBefore),
        q: query.q,
        hasSpots: query.hasSpots,
      },
      { sort: query.sort ?? 'startsAt', limit, offset },
      caller.id,
      now,
    );
    return { items: rows.map((row) => toEventResponse(row, caller, now)), total, limit, offset };
  }

  async get(id: number, caller: AuthUser): Promise<EventResponseDto> {
    const row = await this.events.findRow(id, caller.id);
    if (!row) throw new EventNotFoundError();
    return toEventResponse(row, caller, Date.now());
  }

  async getDetail(id: number, caller: AuthUser): Promise<EventDetailResponseDto> {
    const [event, attendees] = await Promise.all([this.get(id, caller), this.events.attendees(id)]);
    return { ...event, attendees };
  }

  /** Validates the merged result; a lower capacity applies only if every attendee still fits. */
  async update(
    event: EventEntity,
    dto: UpdateEventDto,
    caller: AuthUser,
  ): Promise<EventResponseDto> {
    const now = Date.now();
    const startsAt = dto.startsAt === undefined ? event.startsAt : toDate(dto.startsAt);
    const endsAt = dto.endsAt === undefined ? event.endsAt : toDate(dto.endsAt);
    checkTimes(startsAt, endsAt, startsAt.getTime() !== event.startsAt.getTime(), now);

    const name = dto.name ?? event.name;
    const description = dto.description === undefined ? event.description : dto.description;
    const changes: Partial<EventEntity> = {
      name,
      description,
      location: dto.location === undefined ? event.location : dto.location,
      ...searchColumns(name, description),
      startsAt,
      endsAt,
      updatedAt: new Date(now),
    };
    if (dto.capacity !== undefined) changes.capacity = dto.capacity;
    if (!(await this.events.update(event.id, changes))) {
      // Zero rows: the capacity condition failed (or the event was deleted meanwhile).
      if (!(await this.events.findEntity(event.id))) throw new EventNotFoundError();
      throw new CapacityBelowAttendeesError();
    }
    return this.get(event.id, caller);
  }

  remove(event: EventEntity): Promise<void> {
    return this.events.delete(event.id);
  }
}
