import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { RequestTime } from '../common/clock';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { NoBodyGuard } from '../common/validation/no-body';
import { EventGuardRow } from '../events/events.repository';
import { EventAccessGuard, Permission } from '../events/guards/event-access.guard';
import { EVENT_ID } from '../events/guards/event-id';
import { EventVisibleGuard } from '../events/guards/event-visible.guard';
import { LoadedEvent } from '../events/guards/loaded-event.decorator';
import { USER_ID, UserId } from '../events/guards/user-id';
import { CheckInDto, CheckInResultDto, TicketDto, TicketQueryDto } from './dto/ticket.dto';
import { TicketsService } from './tickets.service';

const TICKET_RESPONSE = ApiResponse({
  status: 200,
  description: 'The ticket; with `format=svg`, its code as a QR code image.',
  content: {
    'application/json': { schema: { $ref: getSchemaPath(TicketDto) } },
    'image/svg+xml': { schema: { type: 'string', pattern: '^<svg ', maxLength: 100_000 } },
  },
});

const CHECK_IN_PROBLEMS = [
  'VALIDATION_FAILED',
  'EVENT_NOT_FOUND',
  'NOT_EVENT_OWNER',
  'NOT_EVENT_HOST',
  'EVENT_CANCELLED',
  'EVENT_DRAFT',
  'CHECK_IN_CLOSED',
  'TICKET_NOT_FOUND',
] as const;

/** Tickets (the attendee's) and check-in at the door (owner, cohosts, checkers). */
@ApiTags('check-in')
@ApiBearerAuth()
@ApiProblems('UNAUTHENTICATED', 'INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'events', version: '1' })
@UseGuards(JwtAuthGuard)
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get(':id/ticket')
  @EVENT_ID
  @UseGuards(EventVisibleGuard)
  @ApiOperation({
    summary: 'The caller’s ticket for an event they attend',
    description:
      'Every attending registration has one; its code is new for each registration and void ' +
      'once the registration ends. `format=svg` answers the code as a QR code. 404 ' +
      '`TICKET_NOT_FOUND` when the caller does not attend (waiting, pending and declined ' +
      'people hold no ticket).',
  })
  @ApiExtraModels(TicketDto)
  @TICKET_RESPONSE
  @ApiProblems('VALIDATION_FAILED', 'EVENT_NOT_FOUND', 'TICKET_NOT_FOUND')
  async ticket(
    @LoadedEvent() event: EventGuardRow,
    @Query() query: TicketQueryDto,
    @CurrentUser() caller: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketDto | string> {
    if (query.format !== 'svg') return this.tickets.ticket(event.id, caller.id);
    const svg = await this.tickets.ticketSvg(event.id, caller.id);
    void reply.type('image/svg+xml; charset=utf-8').header('Cache-Control', 'no-store');
    return svg;
  }

  @Post(':id/check-ins')
  @EVENT_ID
  @Permission('checkIn')
  @UseGuards(EventAccessGuard)
  @ApiOperation({
    summary: 'Check a ticket in at the door (owner, cohost, checker or admin)',
    description:
      'The first scan of a code checks its holder in (201); any later scan answers 200 with ' +
      '`alreadyCheckedIn: true` and the first time (not an error). Of concurrent scans of one ' +
      'code exactly one is the 201. A code that is unknown, void or of another event is 404 ' +
      '`TICKET_NOT_FOUND`. Open from 24 hours before `startsAt` (inclusive) until `endsAt` ' +
      '(exclusive), else 409 `CHECK_IN_CLOSED`; never on a cancelled event or a draft.',
  })
  @ApiResponse({ status: 201, type: CheckInResultDto, description: 'Checked in now' })
  @ApiResponse({ status: 200, type: CheckInResultDto, description: 'Already checked in' })
  @ApiProblems(...CHECK_IN_PROBLEMS)
  async checkIn(
    @LoadedEvent() event: EventGuardRow,
    @Body() dto: CheckInDto,
    @RequestTime() now: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CheckInResultDto> {
    const { created, result } = await this.tickets.checkIn(event, dto.code, now);
    void reply.status(created ? 201 : 200);
    return result;
  }

  @Delete(':id/check-ins/:userId')
  @HttpCode(204)
  @EVENT_ID
  @USER_ID
  @Permission('checkIn')
  @UseGuards(EventAccessGuard, NoBodyGuard)
  @ApiOperation({
    summary: 'Undo a check-in (owner, cohost, checker or admin)',
    description:
      'The attendee is no longer checked in (204 also when they were not). In the same window ' +
      'as checking in. 404 `TICKET_NOT_FOUND` when the user does not attend. Takes no body.',
  })
  @ApiProblems(...CHECK_IN_PROBLEMS)
  undo(
    @LoadedEvent() event: EventGuardRow,
    @UserId() userId: number,
    @RequestTime() now: number,
  ): Promise<void> {
    return this.tickets.undo(event, userId, now);
  }
}
