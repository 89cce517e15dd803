import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { RequestTime } from '../common/clock';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { NoBodyGuard } from '../common/validation/no-body';
import { ApprovalsService } from './approvals.service';
import { AttendeeDto } from './dto/attendee-response.dto';
import { DeclineRequestDto } from './dto/decline-request.dto';
import { EventGuardRow } from './events.repository';
import { EventAccessGuard, Permission } from './guards/event-access.guard';
import { EVENT_ID } from './guards/event-id';
import { LoadedEvent } from './guards/loaded-event.decorator';
import { USER_ID, UserId } from './guards/user-id';

const DECISION_PROBLEMS = [
  'VALIDATION_FAILED',
  'EVENT_NOT_FOUND',
  'NOT_EVENT_OWNER',
  'NOT_EVENT_HOST',
  'EVENT_CANCELLED',
  'EVENT_DRAFT',
  'EVENT_STARTED',
  'NOT_PENDING',
] as const;

/** The hosts' decisions on the requests of an event that requires approval (owner, cohosts). */
@ApiTags('events')
@ApiBearerAuth()
@ApiProblems('UNAUTHENTICATED', 'INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'events', version: '1' })
@UseGuards(JwtAuthGuard)
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Post(':id/registrations/:userId/approval')
  @HttpCode(200)
  @EVENT_ID
  @USER_ID
  @Permission('approve')
  @UseGuards(EventAccessGuard, NoBodyGuard)
  @ApiOperation({
    summary: 'Approve a pending request (owner, cohost or admin)',
    description:
      'The requester becomes an attendee, taking a spot by the same atomic rule as registering: ' +
      'of concurrent approvals for the last spot exactly one succeeds, the others are 409 ' +
      '`EVENT_FULL`. `registeredAt` stays the time of the request. Only while the event is ' +
      'upcoming (409 `EVENT_STARTED` after its start). A user without a pending request (none, ' +
      'withdrawn, already decided, or no such user) is 409 `NOT_PENDING`. Takes no body.',
  })
  @ApiProblems(...DECISION_PROBLEMS, 'EVENT_FULL')
  approve(
    @LoadedEvent() event: EventGuardRow,
    @UserId() userId: number,
    @RequestTime() now: number,
  ): Promise<AttendeeDto> {
    return this.approvals.approve(event.id, userId, now);
  }

  @Post(':id/registrations/:userId/decline')
  @HttpCode(200)
  @EVENT_ID
  @USER_ID
  @Permission('approve')
  @UseGuards(EventAccessGuard)
  @ApiOperation({
    summary: 'Decline a pending request (owner, cohost or admin)',
    description:
      'The row stays, `declined`, with the optional reason (told to the requester); the ' +
      'requester cannot register again (409 `REGISTRATION_DECLINED`). Only while the event is ' +
      'upcoming. A user without a pending request is 409 `NOT_PENDING`. The body may be empty.',
  })
  @ApiProblems(...DECISION_PROBLEMS)
  decline(
    @LoadedEvent() event: EventGuardRow,
    @UserId() userId: number,
    @Body() dto: DeclineRequestDto,
    @RequestTime() now: number,
  ): Promise<AttendeeDto> {
    return this.approvals.decline(event.id, userId, dto.reason ?? null, now);
  }
}
