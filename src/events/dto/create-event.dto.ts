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
import { IsTimeZone, ToCanonicalTimeZone } from '../../common/validation/time-zone';
import { ApiCategory, EVENT_CATEGORIES, EventCategory } from '../event-attributes';
import { present } from '../../common/validation/present';

export const MAX_CAPACITY = 1_000_000;

export class CreateEventDto {
  /** Trimmed; 1–200 characters, not blank. @example "Rust meetup" */
  @ApiText(200, {}, 'line')
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be blank' })
  @MaxLength(200)
  @IsStorableText(200, 'line')
  name!: string;

  /** Trimmed; empty becomes null. @example "Talks and pizza" */
  @ApiText(5000, { required: false }, 'lines')
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(5000)
  @IsStorableText(5000, 'lines')
  description?: string | null;

  /** Trimmed; empty becomes null. @example "Berlin" */
  @ApiText(200, { required: false }, 'line')
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(200)
  @IsStorableText(200, 'line')
  location?: string | null;

  /** Must carry a zone and lie in the future. */
  @ApiZonedTimestamp({ example: '2027-03-01T18:00:00Z' })
  @IsZonedTimestamp()
  startsAt!: string;

  /** Must carry a zone and be after `startsAt`. */
  @ApiZonedTimestamp({ example: '2027-03-01T21:00:00+00:00' })
  @IsZonedTimestamp()
  endsAt!: string;

  /** 1–1,000,000, or null for unlimited. @example 50 */
  @ApiProperty({ type: 'integer', format: 'int32', required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number | null;

  /** Default `other`; `null` is a 400 (an event always has a category). */
  @ApiCategory({ required: false, default: 'other' })
  @ValidateIf(present)
  @IsIn(EVENT_CATEGORIES)
  category?: EventCategory;

  /** Where the event happens; matched case-insensitively, stored canonical. Default `UTC`; not null. */
  @ApiTimeZone({ required: false, default: 'UTC' })
  @ValidateIf(present)
  @ToCanonicalTimeZone()
  @IsTimeZone()
  timeZone?: string;

  /** false makes a draft, seen only by its owner, hosts and admins until published. Default true. */
  @ApiProperty({ required: false, default: true })
  @ValidateIf(present)
  @IsBoolean()
  published?: boolean;

  /**
   * The registration questions, in order (at most 20). The server assigns each question its id. Default: none.
   */
  @IsQuestionList()
  questions?: QuestionInputDto[];

  /** true: registering sends a request the hosts approve or decline (no waiting list). Default false. */
  @ApiProperty({ required: false })
  @ValidateIf(present)
  @IsBoolean()
  requiresApproval?: boolean;
}
