import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { RequestTime } from '../common/clock';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { NoBodyGuard } from '../common/validation/no-body';
import { CreateEventDto } from './dto/create-event.dto';
import { EventDetailResponseDto, EventPageDto, EventResponseDto } from './dto/event-response.dto';
import { ListEventsQueryDto } from './dto/list-events-query.dto';
import { UpdateEventDto } from './dto/update-event.dto';
import { IF_MATCH, WITH_ETAG } from './event-headers';
import { EventList } from './event-list';
import { EventsService } from './events.service';
import { IfMatch, IfMatchGuard, Precondition } from './guards/if-match';
import { EventGuardRow } from './events.repository';
import { EVENT_ID, EventId } from './guards/event-id';
import { EventAccessGuard, Permission } from './guards/event-access.guard';
import { LoadedEvent } from './guards/loaded-event.decorator';

@ApiTags('events')
@ApiBearerAuth()
@ApiProblems('UNAUTHENTICATED', 'INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'events', version: '1' })
@UseGuards(JwtAuthGuard)
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly eventList: EventList,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create an event (the caller owns it)',
    description:
      'Texts are trimmed; `startsAt` must lie in the future and `endsAt` after it; ' +
      '`capacity` null or absent means unlimited. `category` defaults to `other`, `timeZone` ' +
      '(an IANA name, matched case-insensitively, returned canonical) to `UTC`.',
  })
  @WITH_ETAG(201, EventResponseDto, 'The event, version 1')
  @ApiProblems('VALIDATION_FAILED')
  create(
    @Body() dto: CreateEventDto,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<EventResponseDto> {
    return this.events.create(dto, caller, now);
  }

  @Get()
  @ApiOperation({
    summary: 'List events, with filters, sorting and paging',
    description:
      'All filters are optional and combinable; an unknown, repeated or out-of-range ' +
      'parameter is a 400. `status` is computed at request time. Paging: `offset`, or ' +
      '`cursor` = the `nextCursor` of the previous page (same filters and `sort`, any ' +
      "`limit`), which continues after that page's last item however the list changed " +
      'meanwhile and costs the same at any depth. `cursor` with `offset`, or a cursor made for ' +
      'other filters or another sort or altered, is a 400 on `cursor`. `q` of three or more ' +
      'characters is answered from a trigram index; shorter ones scan.',
  })
  @ApiProblems('VALIDATION_FAILED')
  list(
    @Query() query: ListEventsQueryDto,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<EventPageDto> {
    return this.eventList.list(query, caller, now);
  }

  @Get(':id')
  @EVENT_ID
  @ApiOperation({
    summary: 'One event with its attendees and its waiting list',
    description:
      'Any authenticated user may read any event. `attendees` in registration order (a person ' +
      'promoted from the waiting list registered when promoted), `waitlist` in queue order.',
  })
  @WITH_ETAG(200, EventDetailResponseDto, 'The event with its attendees and waiting list')
  @ApiProblems('VALIDATION_FAILED', 'EVENT_NOT_FOUND')
  get(
    @EventId() id: number,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<EventDetailResponseDto> {
    return this.events.getDetail(id, caller, now);
  }

  @Patch(':id')
  @EVENT_ID
  @IF_MATCH
  @Permission('edit')
  @UseGuards(EventAccessGuard, IfMatchGuard)
  @ApiOperation({
    summary: 'Change an event (owner, cohost or admin)',
    description:
      'Any subset of the create fields, validated on the merged result; `null` clears ' +
      '`description`, `location` and `capacity`. `startsAt` must lie in the future only when ' +
      'it changes. A PATCH that changes something is a new `version`; one that changes nothing ' +
      'leaves version and `updatedAt` as they were. Raising `capacity` (or removing it) moves ' +
      'as many people from the waiting list onto the attendees as there are free spots, in ' +
      'line order, while the event is upcoming. A cancelled event takes no change (409).',
  })
  @WITH_ETAG(200, EventResponseDto, 'The event as changed')
  @ApiProblems(
    'VALIDATION_FAILED',
    'EVENT_NOT_FOUND',
    'NOT_EVENT_OWNER',
    'NOT_EVENT_HOST',
    'PRECONDITION_FAILED',
    'EVENT_CANCELLED',
    'CAPACITY_BELOW_ATTENDEES',
  )
  update(
    @LoadedEvent() event: EventGuardRow,
    @Body() dto: UpdateEventDto,
    @IfMatch() precondition: Precondition,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<EventResponseDto> {
    return this.events.update(event.id, dto, precondition, caller, now);
  }

  @Delete(':id')
  @HttpCode(204)
  @EVENT_ID
  @IF_MATCH
  // Takes no body: fields in one are refused (found by the fuzzer: they were ignored), after 412.
  @Permission('delete')
  @UseGuards(EventAccessGuard, IfMatchGuard, NoBodyGuard)
  @ApiOperation({
    summary: 'Delete an event (owner or admin)',
    description:
      'Deletes the event, its registrations and its waiting list; a cancelled event too. ' +
      'Takes no body.',
  })
  @ApiProblems(
    'VALIDATION_FAILED',
    'EVENT_NOT_FOUND',
    'NOT_EVENT_OWNER',
    'NOT_EVENT_HOST',
    'PRECONDITION_FAILED',
  )
  remove(
    @LoadedEvent() event: EventGuardRow,
    @IfMatch() precondition: Precondition,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<void> {
    return this.events.remove(event.id, precondition, caller, now);
  }
}
