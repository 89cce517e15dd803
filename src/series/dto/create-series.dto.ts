import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { CreateEventDto } from '../../events/dto/create-event.dto';
import { RECURRENCE_MAX_LENGTH } from '../recurrence/recurrence-rule';

/** RRULE parts: `NAME=VALUE` separated by `;`, printable ASCII only (checked in full later). */
export const RECURRENCE_PATTERN = '^[A-Za-z0-9=;,:+-]+$';

/**
 * The create-event fields but `published` (every occurrence is published), plus the rule.
 * `startsAt` / `endsAt` give the first occurrence and every occurrence's length.
 */
export class CreateSeriesDto extends OmitType(CreateEventDto, ['published'] as const) {
  @ApiProperty({
    description:
      'An RFC 5545 RRULE value without the `RRULE:` prefix, names and values ' +
      'case-insensitive. `FREQ` is `DAILY`, `WEEKLY` or `MONTHLY`; exactly one of `COUNT` ' +
      '(1–200) or `UNTIL` (UTC, `YYYYMMDDTHHMMSSZ`, compared with each start instant); ' +
      '`INTERVAL` (1–1000), `BYDAY` (`MO`…`SU`; numbered such as `2TU` or `-1FR` only with ' +
      '`MONTHLY`), `BYMONTHDAY` (±1–31, not with `WEEKLY`) and `BYSETPOS` (±1–366, with ' +
      '`BYDAY` or `BYMONTHDAY`) besides; nothing else. The rule is expanded in `timeZone` ' +
      'from `startsAt` (its DTSTART), which must itself be an occurrence; at most 200 ' +
      'occurrences, none starting more than two years after the first. Any other rule is a ' +
      '400 on `recurrence`, and nothing is written. Answered in canonical form (upper case, ' +
      'parts in the order FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYSETPOS, COUNT or UNTIL).',
    maxLength: RECURRENCE_MAX_LENGTH,
    pattern: RECURRENCE_PATTERN,
    example: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10',
  })
  @IsString()
  @MaxLength(RECURRENCE_MAX_LENGTH)
  @Matches(new RegExp(RECURRENCE_PATTERN), {
    message: 'recurrence must be an RRULE value such as FREQ=WEEKLY;BYDAY=TU;COUNT=10',
  })
  recurrence!: string;
}
