import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Trim, TrimToNull } from '../../common/validation/transforms';
import { IsStorableText } from '../../common/validation/storable-text';
import { IsZonedTimestamp } from '../../common/validation/zoned-timestamp';

export const MAX_CAPACITY = 1_000_000;

export class CreateEventDto {
  /** Trimmed; 1–200 characters, not blank. @example "Rust meetup" */
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be blank' })
  @MaxLength(200)
  @IsStorableText(200)
  name!: string;

  /** Trimmed; empty becomes null. @example "Talks and pizza" */
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(5000)
  @IsStorableText(5000)
  description?: string | null;

  /** Trimmed; empty becomes null. @example "Berlin" */
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(200)
  @IsStorableText(200)
  location?: string | null;

  /** Must carry a zone and lie in the future. */
  @ApiProperty({ type: String, format: 'date-time', example: '2027-03-01T18:00:00Z' })
  @IsZonedTimestamp()
  startsAt!: string;

  /** Must carry a zone and be after `startsAt`. */
  @ApiProperty({ type: String, format: 'date-time', example: '2027-03-01T21:00:00+00:00' })
  @IsZonedTimestamp()
  endsAt!: string;

  /** 1–1,000,000, or null for unlimited. @example 50 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number | null;
}
