import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { TEXT_PATTERN, ZONED_TIMESTAMP_MAX_LENGTH } from '../../common/openapi/schema';
import { ToBoolean, ToInteger } from '../../common/validation/transforms';
import { IsStorableText } from '../../common/validation/storable-text';
import { IsZonedTimestamp } from '../../common/validation/zoned-timestamp';
import { EVENT_CATEGORIES } from '../event-attributes';
import { CURSOR_PATTERN } from '../list-cursor';

export const EVENT_STATUSES = ['upcoming', 'ongoing', 'past', 'cancelled', 'draft'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const EVENT_SORTS = [
  'startsAt',
  '-startsAt',
  'createdAt',
  '-createdAt',
  'name',
  '-name',
] as const;
export type EventSort = (typeof EVENT_SORTS)[number];

const USER_REF = /^(me|[1-9]\d{0,9})$/;
const SERIES_REF = /^[1-9]\d{0,9}$/;
/** `me` or a user id of up to ten digits. */
const USER_REF_SCHEMA = { pattern: USER_REF.source, maxLength: 10, example: 'me' };
const USER_REF_MESSAGE = '$property must be "me" or a user id';

const ONE_CATEGORY = `(${EVENT_CATEGORIES.join('|')})`;
/** One category or several, comma-separated. */
const CATEGORY_LIST = new RegExp(`^${ONE_CATEGORY}(,${ONE_CATEGORY})*$`);

/**
 * Query parameters are strings: each one is converted explicitly, a parameter given twice
 * arrives as an array and fails its validator, and unknown parameters are rejected.
 */
export class ListEventsQueryDto {
  @ApiPropertyOptional({
    description: 'Events created by `me` or by a user id',
    ...USER_REF_SCHEMA,
  })
  @IsOptional()
  @IsString()
  @Matches(USER_REF, { message: USER_REF_MESSAGE })
  owner?: string;

  @ApiPropertyOptional({
    description: 'Events the caller owns or hosts (any role)',
    enum: ['me'],
  })
  @IsOptional()
  @IsIn(['me'], { message: 'host must be me' })
  host?: 'me';

  @ApiPropertyOptional({
    description: 'Events `me` or a user id is registered to',
    ...USER_REF_SCHEMA,
  })
  @IsOptional()
  @IsString()
  @Matches(USER_REF, { message: USER_REF_MESSAGE })
  attendee?: string;

  @ApiPropertyOptional({
    description: 'Events on whose waiting list `me` or a user id stands',
    ...USER_REF_SCHEMA,
  })
  @IsOptional()
  @IsString()
  @Matches(USER_REF, { message: USER_REF_MESSAGE })
  waitlisted?: string;

  @ApiPropertyOptional({
    description:
      'One category or several separated by commas (`meetup,workshop`): events in any of them. ' +
      `Categories: ${EVENT_CATEGORIES.join(', ')}.`,
    pattern: CATEGORY_LIST.source,
    maxLength: EVENT_CATEGORIES.join(',').length,
    example: 'meetup,workshop',
  })
  @IsOptional()
  @IsString()
  @MaxLength(EVENT_CATEGORIES.join(',').length)
  @Matches(CATEGORY_LIST, {
    message: `category must be one or more of ${EVENT_CATEGORIES.join(', ')}, separated by commas`,
  })
  category?: string;

  @ApiPropertyOptional({
    enum: EVENT_STATUSES,
    description: 'Computed status at request time (a cancelled event is only `cancelled`)',
  })
  @IsOptional()
  @IsIn(EVENT_STATUSES)
  status?: EventStatus;

  @ApiPropertyOptional({
    format: 'date-time',
    maxLength: ZONED_TIMESTAMP_MAX_LENGTH,
    description: 'startsAt ≥ this (inclusive)',
  })
  @IsOptional()
  @IsZonedTimestamp()
  startsAfter?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    maxLength: ZONED_TIMESTAMP_MAX_LENGTH,
    description: 'startsAt ≤ this (inclusive)',
  })
  @IsOptional()
  @IsZonedTimestamp()
  startsBefore?: string;

  @ApiPropertyOptional({
    description: 'Case-insensitive substring of name or description; % and _ are literal',
    maxLength: 200,
    pattern: TEXT_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsStorableText(200)
  q?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: upcoming, not cancelled and not full (can take a registration); false: the others',
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'hasSpots must be true or false' })
  hasSpots?: boolean;

  @ApiPropertyOptional({
    description:
      'Occurrences of this series (a series id); a series that does not exist matches nothing',
    pattern: SERIES_REF.source,
    maxLength: 10,
    example: '4',
  })
  @IsOptional()
  @IsString()
  @Matches(SERIES_REF, { message: 'seriesId must be a series id (a positive integer)' })
  seriesId?: string;

  @ApiPropertyOptional({
    enum: EVENT_SORTS,
    default: 'startsAt',
    description: 'Ties by id ascending',
  })
  @IsOptional()
  @IsIn(EVENT_SORTS)
  sort?: EventSort;

  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @ToInteger(3)
  @IsInt({ message: 'limit must be an integer from 1 to 100' })
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 999_999_999,
    default: 0,
  })
  @IsOptional()
  @ToInteger(9)
  @IsInt({ message: 'offset must be an integer from 0 to 999999999' })
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({
    description:
      'Continue after the last item of an earlier page: its `nextCursor`, with the same filters ' +
      'and `sort` (any `limit`). Not with `offset`.',
    pattern: CURSOR_PATTERN.source,
    maxLength: 2044,
  })
  @IsOptional()
  @IsString()
  @Matches(CURSOR_PATTERN, { message: 'cursor must be a nextCursor of this list' })
  cursor?: string;
}
