import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiText } from '../../common/openapi/schema';
import { IsStorableText } from '../../common/validation/storable-text';
import { TrimToNull } from '../../common/validation/transforms';

export class CancelEventDto {
  /** Told to attendees; trimmed, empty becomes null. @example "The speaker is ill" */
  @ApiText(500, { required: false }, 'lines')
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(500)
  @IsStorableText(500, 'lines')
  reason?: string | null;
}
