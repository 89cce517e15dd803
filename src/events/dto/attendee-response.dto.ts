import { ApiProperty } from '@nestjs/swagger';
import { ApiText, ApiTimestamp, ApiUsername, EMAIL_MAX_LENGTH } from '../../common/openapi/schema';

/** The two lists of an event as the API names them (the column says `waiting`). */
export const ATTENDEE_STATUSES = ['attending', 'waitlisted'] as const;
export type AttendeeStatus = (typeof ATTENDEE_STATUSES)[number];

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
    description: '`attending`, or `waitlisted` while on the waiting list',
  })
  status!: AttendeeStatus;
  /** When they registered or joined the waiting list; for a promoted person, the promotion. */
  @ApiTimestamp()
  registeredAt!: string;
}

/** The whole list: attendees in registration order, then the waiting list in queue order. */
export class AttendeePageDto {
  @ApiProperty({ type: [AttendeeDto], maxItems: MAX_USERS })
  items!: AttendeeDto[];
  /** The number of items. */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: MAX_USERS, example: 2 })
  total!: number;
}
