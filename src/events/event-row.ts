import { AuthUser } from '../auth/auth-user';
import { EventResponseDto } from './dto/event-response.dto';
import { sql } from '../database/sql';
import { eventStatus } from './event-state';
import { EventCategory } from './event-attributes';
import { EventRole } from '../access/event-access';
import { mayDo, roleOf } from '../access/access.sql';
import { parseQuestions } from '../questions/questions';
import type { RegistrationStatus } from './registrations.repository';

/** An event as the list and detail queries select it (snake_case aliases work on both drivers). */
export interface EventRow {
  id: number;
  name: string;
  description: string | null;
  location: string | null;
  starts_at: number;
  ends_at: number;
  capacity: number | null;
  attendee_count: number;
  owner_id: number;
  owner_username: string;
  created_at: number;
  updated_at: number;
  category: EventCategory;
  time_zone: string;
  version: number;
  cancelled_at: number | null;
  cancellation_reason: string | null;
  waitlist_count: number;
  /** 0 or 1 */
  published: number;
  /** the series this event is an occurrence of, null for a single event */
  series_id: number | null;
  my_role: EventRole | null;
  /** the JSON list of questions */
  questions: string;
  /** 0 or 1 */
  requires_approval: number;
  /** the viewer's registration row, if any */
  my_status: RegistrationStatus | null;
  /** null unless the viewer may read the attendee list */
  pending_count: number | null;
  /** null unless the viewer may read the attendee list */
  checked_in_count: number | null;
  /** the viewer's place in line, 0 when not waiting */
  waitlist_position: number;
}

/**
 * Selected by every event query, from `events e JOIN users o`; the viewer decides `my_status`,
 * `waitlist_position` (the waiting rows up to and including the viewer's, in id order: a
 * position is computed, never stored) and whether the host counts are read at all.
 */
export const EVENT_ROW_COLUMNS = (viewer: { id: number; isAdmin: boolean }) => {
  const viewerId = viewer.id;
  const host = viewer.isAdmin ? sql`1 = 1` : mayDo('readAttendees', viewerId);
  return sql`e.id AS id, e.name AS name, e.description AS description, e.location AS location,
    e.starts_at AS starts_at, e.ends_at AS ends_at, e.capacity AS capacity,
    e.attendee_count AS attendee_count, e.owner_id AS owner_id, o.username AS owner_username,
    e.created_at AS created_at, e.updated_at AS updated_at, e.category AS category,
    e.time_zone AS time_zone, e.version AS version, e.cancelled_at AS cancelled_at,
    e.cancellation_reason AS cancellation_reason, e.waitlist_count AS waitlist_count,
    e.published AS published, e.series_id AS series_id, ${roleOf(viewerId)} AS my_role,
    e.questions AS questions, e.requires_approval AS requires_approval,
    (SELECT r.status FROM registrations r WHERE r.event_id = e.id AND r.user_id = ${viewerId})
      AS my_status,
    (SELECT COUNT(*) FROM registrations me JOIN registrations w ON w.event_id = me.event_id
      AND w.status = 'waiting' AND w.id <= me.id
      WHERE me.event_id = e.id AND me.user_id = ${viewerId} AND me.status = 'waiting')
    AS waitlist_position,
    CASE WHEN ${host} THEN e.pending_count END AS pending_count,
    CASE WHEN ${host} THEN (SELECT COUNT(*) FROM registrations c
      WHERE c.event_id = e.id AND c.checked_in_at IS NOT NULL) END AS checked_in_count`;
};

/** The API's name of a registration row's status (`waiting` is `waitlisted`). */
export const apiStatus = (status: RegistrationStatus) =>
  status === 'waiting' ? 'waitlisted' : status;

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/**
 * Maps a row to the contract's event; `status`, `spotsLeft`, `isOwner`, `isAttending`,
 * `isWaitlisted` and `waitlistPosition` per request.
 */
export function toEventResponse(
  row: EventRow,
  viewer: Pick<AuthUser, 'id'>,
  now: number,
): EventResponseDto {
  const { capacity, attendee_count: attendeeCount, owner_id: ownerId } = row;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    location: row.location,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    capacity,
    attendeeCount,
    spotsLeft: capacity === null ? null : Math.max(capacity - attendeeCount, 0),
    status: eventStatus(
      {
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        cancelledAt: row.cancelled_at,
        published: row.published === 1,
      },
      now,
    ),
    isOwner: ownerId === viewer.id,
    myRole: row.my_role,
    published: row.published === 1,
    isAttending: row.my_status === 'attending',
    registrationStatus: row.my_status === null ? null : apiStatus(row.my_status),
    questions: parseQuestions(row.questions),
    requiresApproval: row.requires_approval === 1,
    pendingCount: row.pending_count,
    checkedInCount: row.checked_in_count,
    category: row.category,
    timeZone: row.time_zone,
    waitlistCount: row.waitlist_count,
    isWaitlisted: row.waitlist_position > 0,
    waitlistPosition: row.waitlist_position > 0 ? row.waitlist_position : null,
    cancelledAt: isoOrNull(row.cancelled_at),
    cancellationReason: row.cancellation_reason,
    version: row.version,
    seriesId: row.series_id,
    owner: { id: ownerId, username: row.owner_username },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
