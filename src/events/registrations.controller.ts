import { Controller, Delete, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { RequestTime } from '../common/clock';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { EventResponseDto } from './dto/event-response.dto';
import { EventGuardRow } from './events.repository';
import { EVENT_ID } from './guards/event-id';
import { CheckedAnswers, LoadedEvent } from './guards/loaded-event.decorator';
import { RegistrationRequestDto } from '../questions/answer.dto';
import { Answer } from '../questions/answers';

const ANSWERS_BODY = ApiBody({ type: RegistrationRequestDto, required: false });
const joinOptions = (event: EventGuardRow, answers: Answer[]) => ({
  answers,
  requiresApproval: event.requiresApproval === 1,
});
import { RegistrationOpenGuard } from './guards/registration-open.guard';
import { RegistrationsService } from './registrations.service';

/** The caller's own registration and place in line (the capacity and waiting-list rules). */
@ApiTags('events')
@ApiBearerAuth()
@ApiProblems('UNAUTHENTICATED', 'INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'events', version: '1' })
@UseGuards(JwtAuthGuard)
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Post(':id/registration')
  @EVENT_ID
  @UseGuards(RegistrationOpenGuard)
  @ApiOperation({
    summary: 'Register the caller for an event that has not started',
    description:
      'Atomic: however many requests race for the last spots, `attendeeCount` never exceeds ' +
      '`capacity`. While people wait the event is full: join the waiting list instead. The ' +
      'optional body answers the event’s questions. With `requiresApproval` this sends a ' +
      'request instead (`registrationStatus: pending`): it holds no spot until a host approves ' +
      'it. A declined request cannot be sent again (409 REGISTRATION_DECLINED).',
  })
  @ANSWERS_BODY
  @ApiProblems(
    'VALIDATION_FAILED',
    'EVENT_NOT_FOUND',
    'EVENT_CANCELLED',
    'EVENT_DRAFT',
    'EVENT_STARTED',
    'ALREADY_REGISTERED',
    'ALREADY_WAITLISTED',
    'REGISTRATION_DECLINED',
    'EVENT_FULL',
  )
  register(
    @LoadedEvent() event: EventGuardRow,
    @CheckedAnswers() answers: Answer[],
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<EventResponseDto> {
    return this.registrations.register(event.id, caller, now, joinOptions(event, answers));
  }

  @Delete(':id/registration')
  @HttpCode(204)
  @EVENT_ID
  @UseGuards(RegistrationOpenGuard)
  @ApiOperation({
    summary: 'Unregister the caller, or withdraw their pending request, before the start',
    description:
      'Frees the spot at once: in the same transaction the first person on the waiting list ' +
      'becomes an attendee. A pending request is withdrawn. Either way the ticket is void.',
  })
  @ApiProblems(
    'VALIDATION_FAILED',
    'EVENT_NOT_FOUND',
    'EVENT_CANCELLED',
    'EVENT_DRAFT',
    'EVENT_STARTED',
    'NOT_REGISTERED',
  )
  unregister(
    @LoadedEvent() event: EventGuardRow,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<void> {
    return this.registrations.unregister(event.id, caller, now);
  }

  @Post(':id/waitlist')
  @EVENT_ID
  @UseGuards(RegistrationOpenGuard)
  @ApiOperation({
    summary: 'Join the waiting list of a full event',
    description:
      'Only while the event is upcoming, not cancelled and full. The caller goes to the end ' +
      'of the line (`waitlistPosition`) and becomes an attendee automatically when a spot ' +
      'frees before the start. The optional body answers the event’s questions. An event ' +
      'that requires approval has no waiting list (409 APPROVAL_REQUIRED).',
  })
  @ANSWERS_BODY
  @ApiProblems(
    'VALIDATION_FAILED',
    'EVENT_NOT_FOUND',
    'EVENT_CANCELLED',
    'EVENT_DRAFT',
    'EVENT_STARTED',
    'APPROVAL_REQUIRED',
    'ALREADY_REGISTERED',
    'ALREADY_WAITLISTED',
    'REGISTRATION_DECLINED',
    'EVENT_NOT_FULL',
  )
  joinWaitlist(
    @LoadedEvent() event: EventGuardRow,
    @CheckedAnswers() answers: Answer[],
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<EventResponseDto> {
    return this.registrations.joinWaitlist(event.id, caller, now, joinOptions(event, answers));
  }

  @Delete(':id/waitlist')
  @HttpCode(204)
  @EVENT_ID
  @UseGuards(RegistrationOpenGuard)
  @ApiOperation({
    summary: 'Leave the waiting list',
    description: 'Only before the start (the line is frozen then). Takes no body.',
  })
  @ApiProblems(
    'VALIDATION_FAILED',
    'EVENT_NOT_FOUND',
    'EVENT_CANCELLED',
    'EVENT_DRAFT',
    'EVENT_STARTED',
    'NOT_WAITLISTED',
  )
  leaveWaitlist(
    @LoadedEvent() event: EventGuardRow,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<void> {
    return this.registrations.leaveWaitlist(event.id, caller, now);
  }
}
