import { ApiProperty } from '@nestjs/swagger';
import { ApiTimestamp, ApiTimeZone } from '../../common/openapi/schema';
import { EventResponseDto } from '../../events/dto/event-response.dto';
import { MAX_OCCURRENCES, RECURRENCE_MAX_LENGTH } from '../recurrence/recurrence-rule';
import { RECURRENCE_PATTERN } from './create-series.dto';

export class SeriesResponseDto {
  /** @example 4 */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 2_147_483_647 })
  id!: number;

  @ApiProperty({
    description: 'The rule, in canonical form (upper case, parts in a fixed order).',
    maxLength: RECURRENCE_MAX_LENGTH,
    pattern: RECURRENCE_PATTERN,
    example: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10',
  })
  recurrence!: string;

  /** The zone the rule was expanded in: every occurrence starts at the same local time there. */
  @ApiTimeZone()
  timeZone!: string;

  @ApiProperty({
    type: [EventResponseDto],
    maxItems: MAX_OCCURRENCES,
    description:
      'Every occurrence still in the series (any status; one deleted as an event is gone), in ' +
      'start order (ties by id), each an ordinary event as the caller sees it.',
  })
  occurrences!: EventResponseDto[];

  @ApiTimestamp()
  createdAt!: string;
}
