import { ApiProperty, PickType } from '@nestjs/swagger';
import { MAX_LISTED_SESSIONS, SessionResponseDto } from '../../auth/dto/session-response.dto';
import { ApiText, ApiTimestamp } from '../../common/openapi/schema';
import { AttendeeDto } from '../../events/dto/attendee-response.dto';
import { EventResponseDto } from '../../events/dto/event-response.dto';
import { EVENT_STATUSES, EventStatus } from '../../events/dto/list-events-query.dto';
import { HostDto } from '../../hosts/dto/host.dto';
import { UserResponseDto } from '../../users/dto/user-response.dto';
import { WebhookDto } from '../../webhooks/dto/webhook.dto';

/** Ids are 32-bit: no list of an account's rows is longer. */
const MAX_ROWS = 2_147_483_647;

/** An event the user owns, with its hosts (the owner first) and, like every event, its questions. */
export class ExportedEventDto extends EventResponseDto {
  @ApiProperty({ type: [HostDto], maxItems: MAX_ROWS })
  hosts!: HostDto[];
}

/** The event a registration is for, as the export names it. */
export class ExportedEventRefDto {
  /** @example 12 */
  id!: number;
  @ApiText(200, { example: 'Node.js meetup' })
  name!: string;
  @ApiTimestamp()
  startsAt!: string;
  @ApiTimestamp()
  endsAt!: string;
  @ApiProperty({ enum: EVENT_STATUSES, description: 'At the time of the export' })
  status!: EventStatus;
}

/**
 * One of the user's registration rows, of any status, as the hosts' attendee list shows it
 * (`registeredAt`: when they registered, joined the line or sent the request).
 */
export class ExportedRegistrationDto extends PickType(AttendeeDto, [
  'status',
  'registeredAt',
  'answers',
  'checkedInAt',
] as const) {
  event!: ExportedEventRefDto;
  /** The hosts' reason, when they declined a request with one. */
  @ApiText(500, { nullable: true, example: null })
  declineReason!: string | null;
}

/** That a calendar feed exists; its secret address is never exported. */
export class ExportedCalendarFeedDto {
  @ApiTimestamp()
  createdAt!: string;
}

/** Everything the server keeps about the calling user, without a password hash, secret or token. */
export class AccountExportDto {
  user!: UserResponseDto;
  /** The events they own, in creation order. */
  @ApiProperty({ type: [ExportedEventDto], maxItems: MAX_ROWS })
  events!: ExportedEventDto[];
  /** Their registrations, waiting-list places and requests, in event order. */
  @ApiProperty({ type: [ExportedRegistrationDto], maxItems: MAX_ROWS })
  registrations!: ExportedRegistrationDto[];
  /** Their live sessions, newest first (as `GET /users/me/sessions`). */
  @ApiProperty({ type: [SessionResponseDto], maxItems: MAX_LISTED_SESSIONS })
  sessions!: SessionResponseDto[];
  /** Their webhooks, without secrets (as `GET /webhooks`). */
  @ApiProperty({ type: [WebhookDto], maxItems: 1000 })
  webhooks!: WebhookDto[];
  @ApiProperty({ type: ExportedCalendarFeedDto, nullable: true })
  calendarFeed!: ExportedCalendarFeedDto | null;
}
