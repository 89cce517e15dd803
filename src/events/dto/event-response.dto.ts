import { ApiProperty } from '@nestjs/swagger';
import { EVENT_STATUSES, EventStatus } from './list-events-query.dto';

export class EventOwnerDto {
  /** @example 3 */
  id!: number;
  /** @example "foobar" */
  username!: string;
}

export class EventResponseDto {
  /** @example 17 */
  id!: number;
  /** @example "Rust meetup" */
  name!: string;
  /** @example "Talks and pizza" */
  description!: string | null;
  /** @example "Berlin" */
  location!: string | null;
  /** UTC, millisecond precision. @example "2027-03-01T18:00:00.000Z" */
  startsAt!: string;
  /** @example "2027-03-01T21:00:00.000Z" */
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
  /** @example true */
  isAttending!: boolean;
  owner!: EventOwnerDto;
  /** @example "2026-11-23T10:00:00.000Z" */
  createdAt!: string;
  /** @example "2026-11-23T10:00:00.000Z" */
  updatedAt!: string;
}

export class EventAttendeeDto {
  /** @example 5 */
  id!: number;
  /** @example "johndoe" */
  username!: string;
}

export class EventDetailResponseDto extends EventResponseDto {
  /** In registration order. */
  attendees!: EventAttendeeDto[];
}

export class EventPageDto {
  items!: EventResponseDto[];
  /** Matching events over all pages. @example 42 */
  total!: number;
  /** @example 20 */
  limit!: number;
  /** @example 0 */
  offset!: number;
}
