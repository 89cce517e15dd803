import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { RequestTime } from '../common/clock';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { NoBodyGuard } from '../common/validation/no-body';
import { CancelEventDto } from './dto/cancel-event.dto';
import { EventResponseDto } from './dto/event-response.dto';
import { IF_MATCH, WITH_ETAG } from './event-headers';
import { EventGuardRow } from './events.repository';
import { EventsService } from './events.service';
import { EventAccessGuard, Permission } from './guards/event-access.guard';
import { EVENT_ID } from './guards/event-id';
import { IfMatch, IfMatchGuard, Precondition } from './guards/if-match';
import { LoadedEvent } from './guards/loaded-event.decorator';

/** An event's life beyond edits: publishing a draft, cancelling. */
@ApiTags('events')
@ApiBearerAuth()
@ApiProblems('UNAUTHENTICATED', 'INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'events', version: '1' })
@UseGuards(JwtAuthGuard)
export class EventLifecycleController {
  constructor(private readonly events: EventsService) {}

  @Post(':id/cancellation')
  @HttpCode(200)
  @EVENT_ID
  @IF_MATCH
  @Permission('cancel')
  @UseGuards(EventAccessGuard, IfMatchGuard)
  @ApiOperation({
    summary: 'Cancel an event (owner, cohost or admin)',
    description:
      'The event stays readable and listed (`status: cancelled`) and keeps its registrations; ' +
      'its waiting list is emptied. From then on registering, unregistering, the waiting list, ' +
      'PATCH and another cancellation are 409 `EVENT_CANCELLED`; DELETE still works. An ' +
      'upcoming or ongoing event can be cancelled, an ended one cannot (409 `EVENT_ENDED`). ' +
      'The body may be empty.',
  })
  @WITH_ETAG(200, EventResponseDto, 'The cancelled event (a new version)')
  @ApiProblems(
    'VALIDATION_FAILED',
    'EVENT_NOT_FOUND',
    'NOT_EVENT_OWNER',
    'NOT_EVENT_HOST',
    'PRECONDITION_FAILED',
    'EVENT_CANCELLED',
    'EVENT_ENDED',
  )
  cancel(
    @LoadedEvent() event: EventGuardRow,
    // An empty body is validated as {} (and arrives as a CancelEventDto without a reason).
    @Body() dto: CancelEventDto,
    @IfMatch() precondition: Precondition,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<EventResponseDto> {
    return this.events.cancel(event.id, dto.reason ?? null, precondition, caller, now);
  }

  @Post(':id/publication')
  @HttpCode(200)
  @EVENT_ID
  @Permission('publish')
  @UseGuards(EventAccessGuard, NoBodyGuard)
  @ApiOperation({
    summary: 'Publish a draft (owner, cohost or admin)',
    description:
      'From then on everyone sees it and may register; a new `version`. Publishing a ' +
      'published event is a no-op 200; there is no way back to draft. A draft that has ' +
      'started can no longer be published (409 `EVENT_STARTED`). Takes no body.',
  })
  @WITH_ETAG(200, EventResponseDto, 'The published event')
  @ApiProblems(
    'VALIDATION_FAILED',
    'EVENT_NOT_FOUND',
    'NOT_EVENT_OWNER',
    'NOT_EVENT_HOST',
    'EVENT_CANCELLED',
    'EVENT_STARTED',
  )
  publish(
    @LoadedEvent() event: EventGuardRow,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<EventResponseDto> {
    return this.events.publish(event.id, caller, now);
  }
}
