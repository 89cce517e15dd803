import { ApiProperty } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsQuestionList, QuestionInputDto } from '../../questions/question.dto';
import { ApiText, ApiTimeZone, ApiZonedTimestamp } from '../../common/openapi/schema';
import { Trim, TrimToNull } from '../../common/validation/transforms';
import { IsStorableText } from '../../common/validation/storable-text';
import { IsZonedTimestamp } from '../../common/validation/zoned-timestamp';
import { MAX_CAPACITY } from './create-event.dto';
import { present } from '../../common/validation/present';
import { IsTimeZone, ToCanonicalTimeZone } from '../../common/validation/time-zone';
import { ApiCategory, EVENT_CATEGORIES, EventCategory } from '../event-attributes';

/**
 * Any subset of the create fields. `null` clears `description`, `location` and `capacity`
 * (unlimited); `name`, `startsAt`, `endsAt`, `category` and `timeZone` cannot be cleared, so
 * `null` is a 400 for them.
 */
export class UpdateEventDto {
  /** @example "Rust meetup (moved)" */
  @ApiText(200, { required: false }, 'line')
  @ValidateIf(present)
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be blank' })
  @MaxLength(200)
  @IsStorableText(200, 'line')
  name?: string;

  @ApiText(5000, { required: false }, 'lines')
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(5000)
  @IsStorableText(5000, 'lines')
  description?: string | null;

  @ApiText(200, { required: false }, 'line')
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(200)
  @IsStorableText(200, 'line')
  location?: string | null;

  /** Must lie in the future when it changes. */
  @ApiZonedTimestamp({ required: false, example: '2027-03-02T18:00:00Z' })
  @ValidateIf(present)
  @IsZonedTimestamp()
  startsAt?: string;

  @ApiZonedTimestamp({ required: false, example: '2027-03-02T21:00:00Z' })
  @ValidateIf(present)
  @IsZonedTimestamp()
  endsAt?: string;

  /** Not below the current attendee count (409 CAPACITY_BELOW_ATTENDEES). */
  @ApiProperty({ type: 'integer', format: 'int32', required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number | null;

  @ApiCategory({ required: false })
  @ValidateIf(present)
  @IsIn(EVENT_CATEGORIES)
  category?: EventCategory;

  @ApiTimeZone({ required: false })
  @ValidateIf(present)
  @ToCanonicalTimeZone()
  @IsTimeZone()
  timeZone?: string;

  /**
   * The registration questions, in order (at most 20). The whole list: an item with an `id` keeps that question, one without is new, a question left out is removed. Once anyone registered, waited or requested, only optional questions may be appended (409 QUESTIONS_LOCKED).
   */
  @IsQuestionList()
  questions?: QuestionInputDto[];

  /** true: registering sends a request the hosts approve or decline (no waiting list).  */
  @ApiProperty({ required: false })
  @ValidateIf(present)
  @IsBoolean()
  requiresApproval?: boolean;
}
