import type { Readable } from 'node:stream';
import { EVENT_ID } from './guards/event-id';
import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { TEXT_PATTERN } from '../common/openapi/schema';
import { CSV_CONTENT_TYPE, CSV_MAX_LENGTH, csvDisposition } from './attendee-csv';
import { AttendeesService } from './attendees.service';
import { AttendeePageDto } from './dto/attendee-response.dto';
import { AttendeesQueryDto } from './dto/attendees-query.dto';
import { EventGuardRow } from './events.repository';
import { EventAccessGuard, Permission } from './guards/event-access.guard';
import { accessOf } from './guards/event-loader';
import { requireAccess } from '../access/event-access';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { LoadedEvent } from './guards/loaded-event.decorator';
import { parseQuestions } from '../questions/questions';

const CSV_EXAMPLE =
  'id,username,email,firstName,lastName,status,registeredAt,checkedInAt,T-shirt size,Dietary needs\r\n' +
  '5,johndoe,john@example.com,John,Doe,attending,2026-11-23T10:00:00.000Z,2026-12-01T17:55:00.000Z,M,vegan\r\n' +
  `8,mallory,mallory@example.com,"'=HYPERLINK(""x"")","Smith, Jr.",waitlisted,2026-11-24T09:30:00.000Z,,L,"'=1+1"\r\n`;

/** Both answers of the list: the JSON page and the CSV download. */
const ATTENDEES_RESPONSE = ApiResponse({
  status: 200,
  description:
    'Attendees, then the waiting list, pending and declined requests. With `format=csv`, the ' +
    'same rows as a download (`Content-Disposition: attachment; ' +
    'filename="event-<id>-attendees.csv"`).',
  headers: {
    'Content-Disposition': {
      description: 'With `format=csv` only: the download and its file name',
      schema: {
        type: 'string',
        pattern: '^attachment; filename="event-[1-9][0-9]*-attendees\\.csv"$',
        maxLength: csvDisposition(999_999_999_999_999).length,
        example: csvDisposition(17),
      },
    },
  },
  content: {
    'application/json': { schema: { $ref: getSchemaPath(AttendeePageDto) } },
    'text/csv': {
      schema: {
        type: 'string',
        maxLength: CSV_MAX_LENGTH,
        pattern: TEXT_PATTERN,
        description:
          'RFC 4180: a header line, CRLF line ends, quoted where needed; a cell beginning with ' +
          "`=`, `+`, `-`, `@`, a tab or a carriage return starts with `'` instead (shown as text). " +
          'Columns: id, username, email, firstName, lastName, status, registeredAt, ' +
          'checkedInAt, then one per question in question order, headed by its label (an ' +
          'unanswered question is an empty cell).',
      },
      example: CSV_EXAMPLE,
    },
  },
});

/** The people of an event with their contact details, for its organiser. */
@ApiTags('events')
@ApiBearerAuth()
@ApiProblems('UNAUTHENTICATED', 'INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'events', version: '1' })
@UseGuards(JwtAuthGuard)
export class AttendeesController {
  constructor(private readonly attendees: AttendeesService) {}

  @Get(':id/attendees')
  @EVENT_ID
  @Permission('readAttendees')
  @UseGuards(EventAccessGuard)
  @ApiOperation({
    summary: 'Attendees, waiting list and requests with contact details and answers (hosts)',
    description:
      'Owner, cohosts and checkers (the CSV: owner and cohosts; admins too). Attendees ' +
      '(`status: attending`) in registration order, then the waiting list (`waitlisted`) in ' +
      'queue order, then `pending` and `declined` requests in the order sent; `registeredAt` ' +
      'is when they registered, joined the line or requested, for a promoted person when ' +
      'promoted. Each row carries the person’s `answers` (personal data: shown to the hosts ' +
      'here and nowhere else) and `checkedInAt`. `status` keeps the rows of one status. ' +
      '`format=csv` answers the same rows as a streamed CSV download. An error once the CSV ' +
      'has started aborts the connection.',
  })
  @ApiExtraModels(AttendeePageDto)
  @ATTENDEES_RESPONSE
  @ApiProblems('VALIDATION_FAILED', 'EVENT_NOT_FOUND', 'NOT_EVENT_OWNER', 'NOT_EVENT_HOST')
  async list(
    @LoadedEvent() event: EventGuardRow,
    @Query() query: AttendeesQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentUser() caller: AuthUser,
  ): Promise<AttendeePageDto | Readable> {
    if (query.format !== 'csv') return this.attendees.list(event.id, query.status);
    // Checkers read the list at the door; the export is for the owner and cohosts.
    requireAccess(accessOf(event, caller.isAdmin), 'exportAttendees');
    const questions = parseQuestions(event.questions);
    const csv = await this.attendees.csv(event.id, questions, query.status);
    void reply.type(CSV_CONTENT_TYPE).header('Content-Disposition', csvDisposition(event.id));
    return csv;
  }
}
