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
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
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
import { EventsService } from './events.service';
import { EventGuardRow } from './events.repository';
import { EventId } from './guards/event-id';
import { EventOwnerGuard } from './guards/event-owner.guard';
import { LoadedEvent } from './guards/loaded-event.decorator';
import { RegistrationOpenGuard } from './guards/registration-open.guard';
import { RegistrationsService } from './registrations.service';

// parseEventId takes 1 to 15 decimal digits.
const EVENT_ID = ApiParam({
  name: 'id',
  description: 'Event id',
  example: 17,
  schema: { type: 'integer', format: 'int64', minimum: 1, maximum: 999_999_999_999_999 },
});

@ApiTags('events')
@ApiBearerAuth()
@ApiProblems('UNAUTHENTICATED', 'INTERNAL')
@Controller({ path: 'events', version: '1' })
@UseGuards(JwtAuthGuard)
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create an event (the caller owns it)',
    description:
      'Texts are trimmed; `startsAt` must lie in the future and `endsAt` after it; ' +
      '`capacity` null or absent means unlimited.',
  })
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
      'parameter is a 400. `status` is computed at request time.',
  })
  @ApiProblems('VALIDATION_FAILED')
  list(
    @Query() query: ListEventsQueryDto,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<EventPageDto> {
    return this.events.list(query, caller, now);
  }

  @Get(':id')
  @EVENT_ID
  @ApiOperation({
    summary: 'One event with its attendees in registration order',
    description: 'Any authenticated user may read any event.',
  })
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
  @UseGuards(EventOwnerGuard)
  @ApiOperation({
    summary: 'Change an event (owner or admin)',
    description:
      'Any subset of the create fields, validated on the merged result; `null` clears ' +
      '`description`, `location` and `capacity`. `startsAt` must lie in the future only when ' +
      'it changes.',
  })
  @ApiProblems(
    'VALIDATION_FAILED',
    'EVENT_NOT_FOUND',
    'NOT_EVENT_OWNER',
    'CAPACITY_BELOW_ATTENDEES',
  )
  update(
    @LoadedEvent() event: EventGuardRow,
    @Body() dto: UpdateEventDto,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<EventResponseDto> {
    return this.events.update(event.id, dto, caller, now);
  }

  @Delete(':id')
  @HttpCode(204)
  @EVENT_ID
  // Takes no body: fields in one are refused (found by the fuzzer: they were ignored), after 403.
  @UseGuards(EventOwnerGuard, NoBodyGuard)
  @ApiOperation({
    summary: 'Delete an event (owner or admin)',
    description: 'Deletes the event and its registrations. Takes no body.',
  })
  @ApiProblems('VALIDATION_FAILED', 'EVENT_NOT_FOUND', 'NOT_EVENT_OWNER')
  remove(@LoadedEvent() event: EventGuardRow): Promise<void> {
    return this.events.remove(event.id);
  }

  @Post(':id/registration')
  @EVENT_ID
  @UseGuards(RegistrationOpenGuard)
  @ApiOperation({
    summary: 'Register the caller for an event that has not started',
    description:
      'Atomic: however many requests race for the last spots, `attendeeCount` never exceeds ' +
      '`capacity`.',
  })
  @ApiProblems(
    'VALIDATION_FAILED',
    'EVENT_NOT_FOUND',
    'EVENT_STARTED',
    'ALREADY_REGISTERED',
    'EVENT_FULL',
  )
  register(
    @LoadedEvent() event: EventGuardRow,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<EventResponseDto> {
    return this.registrations.register(event.id, caller, now);
  }

  @Delete(':id/registration')
  @HttpCode(204)
  @EVENT_ID
  @UseGuards(RegistrationOpenGuard)
  @ApiOperation({
    summary: 'Unregister the caller from an event that has not started',
    description: 'Frees the spot at once.',
  })
  @ApiProblems('VALIDATION_FAILED', 'EVENT_NOT_FOUND', 'EVENT_STARTED', 'NOT_REGISTERED')
  unregister(
    @LoadedEvent() event: EventGuardRow,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<void> {
    return this.registrations.unregister(event.id, caller, now);
  }
}
