import { Inject, Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { ValidationFailedError } from '../common/errors/domain-error';
import { EventPageDto } from './dto/event-response.dto';
import { EventSort, ListEventsQueryDto } from './dto/list-events-query.dto';
import { EventCategory } from './event-attributes';
import { canonicalFilter, EventFilter } from './event-filter';
import { toEventResponse } from './event-row';
import { EventsRepository } from './events.repository';
import { sortKeyKind } from './event-page';
import { toEpoch } from '../common/validation/zoned-timestamp';
import { ListCursors, Position } from './list-cursor';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';

const DEFAULT_LIMIT = 20;

/**
 * The event list: a page by offset or after a cursor (the contract's "Paging"), with the count of
 * the matches up to LIST_TOTAL_LIMIT and the cursor of the page after it.
 */
@Injectable()
export class EventList {
  constructor(
    private readonly events: EventsRepository,
    private readonly cursors: ListCursors,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async list(query: ListEventsQueryDto, caller: AuthUser, now: number): Promise<EventPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const sort = query.sort ?? 'startsAt';
    const userRef = (ref: string | undefined) =>
      ref === undefined ? undefined : ref === 'me' ? caller.id : Number(ref);
    const filter: EventFilter = {
      viewer: caller,
      ownerId: userRef(query.owner),
      hostId: userRef(query.host),
      attendeeId: userRef(query.attendee),
      waitlistedId: userRef(query.waitlisted),
      categories: query.category?.split(',') as EventCategory[] | undefined,
      status: query.status,
      startsAfter: query.startsAfter === undefined ? undefined : toEpoch(query.startsAfter),
      startsBefore: query.startsBefore === undefined ? undefined : toEpoch(query.startsBefore),
      q: query.q,
      hasSpots: query.hasSpots,
      seriesId: query.seriesId === undefined ? undefined : Number(query.seriesId),
    };
    const listed = canonicalFilter(filter, sort);
    const after = query.cursor === undefined ? undefined : this.positionOf(query, sort, listed);
    const { rows, total, totalRelation, next } = await this.events.findPage(
      filter,
      { sort, limit, offset, after, totalLimit: this.env.listTotalLimit },
      caller.id,
      now,
    );
    return {
      items: rows.map((row) => toEventResponse(row, caller, now)),
      total,
      totalRelation,
      limit,
      offset,
      nextCursor: next ? this.cursors.issue(listed, next) : null,
    };
  }

  /** Where a cursor's page starts; a 400 on `cursor` for any cursor not issued for this list. */
  private positionOf(query: ListEventsQueryDto, sort: EventSort, listed: string): Position {
    const refuse = (message: string) => new ValidationFailedError([{ field: 'cursor', message }]);
    if (query.offset !== undefined) {
      throw refuse('cursor and offset cannot be combined: a cursor page starts after its item');
    }
    const position = this.cursors.read(query.cursor!, listed, sortKeyKind(sort));
    if (!position) {
      throw refuse('cursor is not a nextCursor of this list (same filters and sort)');
    }
    return position;
  }
}
