import { CURSOR_PATTERN } from '../list-cursor';
import { ApiProperty } from '@nestjs/swagger';
import { ApiText, ApiTimestamp, ApiTimeZone, ApiUsername } from '../../common/openapi/schema';
import { ApiCategory, EventCategory } from '../event-attributes';
import { EventRole } from '../../access/event-access';
import { EVENT_STATUSES, EventStatus } from './list-events-query.dto';
import { QuestionDto } from '../../questions/question.dto';
import { MAX_QUESTIONS } from '../../questions/questions';

export const REGISTRATION_STATUSES = ['attending', 'waitlisted', 'pending', 'declined'] as const;
export type RegistrationStatusName = (typeof REGISTRATION_STATUSES)[number];

export const TOTAL_RELATIONS = ['eq', 'gte'] as const;
export type TotalRelation = (typeof TOTAL_RELATIONS)[number];

/** User ids are 32-bit, so no list of users, one entry per user, is longer. */
const MAX_USERS = 2_147_483_647;

/** A count only those who may read the attendee list (owner, hosts, admins) see; null for others. */
const ApiHostCount = (what: string) =>
  ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: MAX_USERS,
    nullable: true,
    example: null,
    description: `${what}; for those who may read the attendee list (owner, hosts, admins), null for everyone else.`,
  });

export class EventOwnerDto {
  /** @example 3 */
  id!: number;
  @ApiUsername()
  username!: string;
}

export class EventResponseDto {
  /** @example 17 */
  id!: number;
  /** @example "Rust meetup" */
  @ApiText(200)
  name!: string;
  /** @example "Talks and pizza" */
  @ApiText(5000)
  description!: string | null;
  /** @example "Berlin" */
  @ApiText(200)
  location!: string | null;
  /** UTC, millisecond precision. */
  @ApiTimestamp({ example: '2027-03-01T18:00:00.000Z' })
  startsAt!: string;
  @ApiTimestamp({ example: '2027-03-01T21:00:00.000Z' })
  endsAt!: string;
  /** null = unlimited. @example 50 */
  capacity!: number | null;
  /** @example 12 */
  attendeeCount!: number;
  /** null when capacity is unlimited. @example 38 */
  spotsLeft!: number | null;
  @ApiProperty({ enum: EVENT_STATUSES, description: 'Computed at request time' })
  status!: EventStatus;
  /** @example false */
  isOwner!: boolean;
  /** The caller's role on the event: `owner`, `cohost`, `checker`, or null (none). */
  @ApiProperty({ enum: ['owner', 'cohost', 'checker'], nullable: true, example: 'cohost' })
  myRole!: EventRole | null;
  /** false while the event is a draft (seen only by its owner, hosts and admins). @example true */
  published!: boolean;
  /** @example true */
  isAttending!: boolean;
  @ApiProperty({
    enum: REGISTRATION_STATUSES,
    enumName: 'RegistrationStatus',
    nullable: true,
    example: 'attending',
    description:
      'The caller’s registration: `attending`, `waitlisted`, `pending` (a request awaiting the ' +
      'hosts’ decision: it holds no spot), `declined`, or null (none).',
  })
  registrationStatus!: RegistrationStatusName | null;
  /** The registration questions, in order (at most 20); answers are asked at registration. */
  @ApiProperty({ type: [QuestionDto], maxItems: MAX_QUESTIONS })
  questions!: QuestionDto[];
  /** Whether registering sends a request the hosts approve or decline. @example false */
  requiresApproval!: boolean;
  @ApiHostCount('Requests awaiting a decision')
  pendingCount!: number | null;
  @ApiHostCount('Attendees checked in')
  checkedInCount!: number | null;
  @ApiCategory()
  category!: EventCategory;
  @ApiTimeZone()
  timeZone!: string;
  /** People on the waiting list. @example 0 */
  waitlistCount!: number;
  /** Whether the caller is on the waiting list. @example false */
  isWaitlisted!: boolean;
  /** The caller's place in line (1 = next), null when not waiting. @example null */
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_USERS,
    nullable: true,
    example: null,
  })
  waitlistPosition!: number | null;
  /** When the event was cancelled; null while it is not. */
  @ApiTimestamp({ nullable: true, example: null })
  cancelledAt!: string | null;
  /** The organiser's reason, if they gave one. @example null */
  @ApiText(500, { nullable: true })
  cancellationReason!: string | null;
  /** 1 at creation, +1 on every change of the event's own fields; the `ETag` is `"<version>"`. @example 3 */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 2_147_483_647 })
  version!: number;
  owner!: EventOwnerDto;
  @ApiTimestamp()
  createdAt!: string;
  @ApiTimestamp()
  updatedAt!: string;
}

export class EventAttendeeDto {
  /** @example 5 */
  id!: number;
  @ApiUsername({ example: 'johndoe' })
  username!: string;
}

export class EventDetailResponseDto extends EventResponseDto {
  /**
   * In registration order: at most `capacity` entries, and one per account for an event of
   * unlimited capacity.
   */
  @ApiProperty({ type: [EventAttendeeDto], maxItems: MAX_USERS })
  attendees!: EventAttendeeDto[];

  /** The waiting list in queue order (the first entry is next in line). */
  @ApiProperty({ type: [EventAttendeeDto], maxItems: MAX_USERS })
  waitlist!: EventAttendeeDto[];
}

export class EventPageDto {
  /** At most `limit` events. */
  @ApiProperty({ type: [EventResponseDto], maxItems: 100 })
  items!: EventResponseDto[];
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 100_000_000,
    example: 42,
    description:
      "Matching events over all pages, counted up to the server's limit (LIST_TOTAL_LIMIT, " +
      'default 10000): exact when `totalRelation` is `eq`, the limit itself when it is `gte`.',
  })
  total!: number;
  @ApiProperty({
    enum: TOTAL_RELATIONS,
    enumName: 'TotalRelation',
    description:
      '`eq`: `total` is the number of matching events; `gte`: more events match than the ' +
      'server counts, and `total` is that limit.',
    example: 'eq',
  })
  totalRelation!: TotalRelation;
  /** @example 20 */
  limit!: number;
  /** The offset asked for; 0 on a cursor page. @example 0 */
  offset!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    pattern: CURSOR_PATTERN.source,
    maxLength: 2044,
    description:
      'Give it as `cursor` (same filters and sort) for the items after this page; null when ' +
      'none follow. Opaque: its content may change between versions.',
  })
  nextCursor!: string | null;
}
