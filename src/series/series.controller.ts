import {
  Body,
  Controller,
  createParamDecorator,
  Delete,
  ExecutionContext,
  Get,
  HttpCode,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { RequestTime } from '../common/clock';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { NoBodyGuard } from '../common/validation/no-body';
import { CancelEventDto } from '../events/dto/cancel-event.dto';
import { parsePathId } from '../events/guards/event-id';
import { CreateSeriesDto } from './dto/create-series.dto';
import { SeriesResponseDto } from './dto/series-response.dto';
import { UpdateSeriesDto } from './dto/update-series.dto';
import {
  LoadedSeriesId,
  SERIES_ID,
  SeriesAccessGuard,
  SeriesPermission,
} from './guards/series-access.guard';
import { SeriesService } from './series.service';

const SeriesId = createParamDecorator((_: unknown, ctx: ExecutionContext): number =>
  parsePathId(ctx.switchToHttp().getRequest<{ params: Record<string, unknown> }>().params.id, 'id'),
);

const SERIES_IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: false,
  description:
    'A series has no version of its own: only `*` matches (any other value is 412 ' +
    '`PRECONDITION_FAILED` and nothing changes). Each occurrence keeps its own version and ' +
    '`ETag`; a series change raises the version of every occurrence it changes.',
  schema: { type: 'string', maxLength: 1000, pattern: '^[ -~]*$', example: '*' },
});

const CHANGE_PROBLEMS = [
  'VALIDATION_FAILED',
  'SERIES_NOT_FOUND',
  'NOT_EVENT_OWNER',
  'NOT_EVENT_HOST',
  'PRECONDITION_FAILED',
] as const;

@ApiTags('series')
@ApiBearerAuth()
@ApiProblems('UNAUTHENTICATED', 'INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'series', version: '1' })
@UseGuards(JwtAuthGuard)
export class SeriesController {
  constructor(private readonly series: SeriesService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a recurring series (the caller owns it and every occurrence)',
    description:
      'Expands `recurrence` in `timeZone` from `startsAt`: every occurrence starts at the same ' +
      'local time there (its UTC instant moves with daylight saving time; a local time in a DST ' +
      'gap moves forward by the gap) and lasts `endsAt - startsAt`. Every occurrence is an ' +
      'ordinary, published event with the given fields and `seriesId`. All checked before ' +
      'anything is written; the series and its occurrences are written in one transaction.',
  })
  @ApiResponse({ status: 201, type: SeriesResponseDto, description: 'The series' })
  @ApiProblems('VALIDATION_FAILED')
  create(
    @Body() dto: CreateSeriesDto,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<SeriesResponseDto> {
    return this.series.create(dto, caller, now);
  }

  @Get(':id')
  @SERIES_ID
  @ApiOperation({
    summary: 'One series with its occurrences in start order',
    description: 'Any authenticated user may read any series.',
  })
  @ApiResponse({ status: 200, type: SeriesResponseDto, description: 'The series' })
  @ApiProblems('VALIDATION_FAILED', 'SERIES_NOT_FOUND')
  get(
    @SeriesId() id: number,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<SeriesResponseDto> {
    return this.series.read(id, caller, now);
  }

  @Patch(':id')
  @SERIES_ID
  @SERIES_IF_MATCH
  @SeriesPermission('edit')
  @UseGuards(SeriesAccessGuard)
  @ApiOperation({
    summary: 'Change every upcoming occurrence (owner, cohost of the first occurrence, admin)',
    description:
      'Applies the fields, in one transaction, to every occurrence that is upcoming and not ' +
      'cancelled, as a PATCH of each would: validated alike, `null` clears `description`, ' +
      '`location` and `capacity`; each occurrence that changes gets a new `version`; a raised ' +
      'capacity promotes from its waiting list. Ongoing, past and cancelled occurrences stay as ' +
      'they are. A capacity below any such occurrence’s `attendeeCount` is 409 and changes ' +
      'nothing. `questions` is resolved once against the first upcoming occurrence’s list, so ' +
      'a new question has the same id on every occurrence; an occurrence with registrations ' +
      'takes only appended optional questions, else 409 `QUESTIONS_LOCKED` and nothing changes. ' +
      'Times are changed per occurrence (`PATCH /events/:id`).',
  })
  @ApiResponse({ status: 200, type: SeriesResponseDto, description: 'The series as changed' })
  @ApiProblems(...CHANGE_PROBLEMS, 'CAPACITY_BELOW_ATTENDEES', 'QUESTIONS_LOCKED')
  update(
    @LoadedSeriesId() id: number,
    @Body() dto: UpdateSeriesDto,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<SeriesResponseDto> {
    return this.series.update(id, dto, caller, now);
  }

  @Post(':id/cancellation')
  @HttpCode(200)
  @SERIES_ID
  @SERIES_IF_MATCH
  @SeriesPermission('cancel')
  @UseGuards(SeriesAccessGuard)
  @ApiOperation({
    summary: 'Cancel every upcoming occurrence (owner, cohost of the first occurrence, admin)',
    description:
      'In one transaction, cancels every occurrence that is upcoming and not cancelled, as a ' +
      'cancellation of each would (registrations kept, waiting list emptied, a new version, ' +
      'the `reason` on each). Ongoing and past occurrences stay. With none upcoming it changes ' +
      'nothing and answers 200. The body may be empty.',
  })
  @ApiResponse({ status: 200, type: SeriesResponseDto, description: 'The series' })
  @ApiProblems(...CHANGE_PROBLEMS)
  cancel(
    @LoadedSeriesId() id: number,
    @Body() dto: CancelEventDto,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<SeriesResponseDto> {
    return this.series.cancel(id, dto.reason ?? null, caller, now);
  }

  @Delete(':id')
  @HttpCode(204)
  @SERIES_ID
  @SERIES_IF_MATCH
  @SeriesPermission('delete')
  @UseGuards(SeriesAccessGuard, NoBodyGuard)
  @ApiOperation({
    summary: 'Delete a series and all its occurrences (owner or admin)',
    description:
      'Deletes the series and every occurrence, whatever its state, with their registrations ' +
      'and waiting lists. One occurrence is deleted as an event. Takes no body.',
  })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblems(...CHANGE_PROBLEMS)
  remove(@LoadedSeriesId() id: number, @RequestTime() now: number): Promise<void> {
    return this.series.remove(id, now);
  }
}
