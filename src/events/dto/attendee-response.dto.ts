import { ApiProperty } from '@nestjs/swagger';
import { ApiText, ApiTimestamp, ApiUsername, EMAIL_MAX_LENGTH } from '../../common/openapi/schema';
import { AnswerDto } from '../../questions/answer.dto';
import { MAX_QUESTIONS } from '../../questions/questions';
import { REGISTRATION_STATUSES, RegistrationStatusName } from './event-response.dto';

/** The lists of an event as the API names them (the column says `waiting`), in list order. */
export const ATTENDEE_STATUSES = REGISTRATION_STATUSES;
export type AttendeeStatus = RegistrationStatusName;

/** User ids are 32-bit, so no list of people, one entry per user, is longer. */
const MAX_USERS = 2_147_483_647;

/** One person of the event, with the contact details its owner needs (never shown to others). */
export class AttendeeDto {
  /** The user's id. */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: MAX_USERS, example: 5 })
  id!: number;
  @ApiUsername({ example: 'johndoe' })
  username!: string;
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH, example: 'john@example.com' })
  email!: string;
  @ApiText(100, { nullable: true, example: 'John' })
  firstName!: string | null;
  @ApiText(100, { nullable: true, example: 'Doe' })
  lastName!: string | null;
  @ApiProperty({
    enum: ATTENDEE_STATUSES,
    enumName: 'RegistrationStatus',
    description:
      '`attending`, `waitlisted` while on the waiting list, `pending` (a request awaiting a ' +
      'decision: no spot), `declined`',
  })
  status!: AttendeeStatus;
  /**
   * When they registered, joined the waiting list or sent their request (an approved request
   * keeps its time); for a person promoted from the line, the promotion.
   */
  @ApiTimestamp()
  registeredAt!: string;
  /** Their answers to the event's questions, in question order (unanswered ones left out). */
  @ApiProperty({ type: [AnswerDto], maxItems: MAX_QUESTIONS })
  answers!: AnswerDto[];
  /** When they were checked in at the door; null until then (and for everyone not attending). */
  @ApiTimestamp({ nullable: true, example: null })
  checkedInAt!: string | null;
}

/**
 * The whole list: attendees in registration order, the waiting list in queue order, then the
 * pending requests and the declined ones, each in the order they were sent.
 */
export class AttendeePageDto {
  @ApiProperty({ type: [AttendeeDto], maxItems: MAX_USERS })
  items!: AttendeeDto[];
  /** The number of items. */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: MAX_USERS, example: 2 })
  total!: number;
}
