import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ATTENDEE_STATUSES, AttendeeStatus } from './attendee-response.dto';

export const ATTENDEE_FORMATS = ['json', 'csv'] as const;
export type AttendeeFormat = (typeof ATTENDEE_FORMATS)[number];

/** `?format=` and `?status=` of the attendee list; any other parameter is refused (400). */
export class AttendeesQueryDto {
  @ApiPropertyOptional({
    enum: ATTENDEE_FORMATS,
    default: 'json',
    description: '`json`, or `csv` for a spreadsheet (`text/csv`, as a download)',
  })
  @IsOptional()
  @IsIn(ATTENDEE_FORMATS)
  format?: AttendeeFormat;

  @ApiPropertyOptional({
    enum: ATTENDEE_STATUSES,
    enumName: 'RegistrationStatus',
    description: 'Only the rows of this status (JSON and CSV alike)',
  })
  @IsOptional()
  @IsIn(ATTENDEE_STATUSES)
  status?: AttendeeStatus;
}
