import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiText, ApiTimestamp, ApiUsername } from '../../common/openapi/schema';

/** A ticket code: 128 random bits, base64url (22 characters). */
export const TICKET_CODE_PATTERN = '^[A-Za-z0-9_-]{22}$';
/** What a check-in accepts as `code` (anything longer is no code of ours: 400). */
export const SCANNED_CODE_MAX_LENGTH = 200;

export const TICKET_FORMATS = ['json', 'svg'] as const;
export type TicketFormat = (typeof TICKET_FORMATS)[number];

/** The caller's ticket for an event they attend. */
export class TicketDto {
  @ApiProperty({
    pattern: TICKET_CODE_PATTERN,
    minLength: 22,
    maxLength: 22,
    example: 'q3v9Xk2LmZ0bR7tYwA1c_Q',
    description:
      'URL-safe, 128 random bits, new for every registration; void once the registration ends. ' +
      'What the door scans (as text or as the QR code of `format=svg`).',
  })
  code!: string;
  /** When it was checked in at the door; null until then. */
  @ApiTimestamp({ nullable: true, example: null })
  checkedInAt!: string | null;
}

/** `?format=` of the ticket; any other parameter is refused (400). */
export class TicketQueryDto {
  @ApiPropertyOptional({
    enum: TICKET_FORMATS,
    default: 'json',
    description: '`json`, or `svg` for the code as a QR code (`image/svg+xml`)',
  })
  @IsOptional()
  @IsIn(TICKET_FORMATS)
  format?: TicketFormat;
}

/** A scan at the door. */
export class CheckInDto {
  /** The ticket code as scanned or typed (surrounding white space is ignored). */
  @ApiText(SCANNED_CODE_MAX_LENGTH, { minLength: 1, example: 'q3v9Xk2LmZ0bR7tYwA1c_Q' }, 'lines')
  @IsString()
  @IsNotEmpty()
  @MaxLength(SCANNED_CODE_MAX_LENGTH)
  code!: string;
}

export class CheckedInUserDto {
  /** @example 5 */
  id!: number;
  @ApiUsername({ example: 'johndoe' })
  username!: string;
}

/** The person a scanned ticket belongs to, and when they came in. */
export class CheckInResultDto {
  user!: CheckedInUserDto;
  /** The first check-in's time (also on a repeated scan). */
  @ApiTimestamp()
  checkedInAt!: string;
  /** false on the first scan (201), true on any later one (200). @example false */
  alreadyCheckedIn!: boolean;
}
