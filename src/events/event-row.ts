import { AuthUser } from '../auth/auth-user';
import { EventResponseDto } from './dto/event-response.dto';
import { EventStatus } from './dto/list-events-query.dto';
import { sql } from '../database/sql';

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
  /** 0 or 1 */
  is_attending: number;
}

/**
 * Selected by every event query, from `events e JOIN users o`; `viewerId` decides `is_attending`.
 */
export const EVENT_ROW_COLUMNS = (viewerId: number) =>
  sql`e.id AS id, e.name AS name, e.description AS description, e.location AS location,
    e.starts_at AS starts_at, e.ends_at AS ends_at, e.capacity AS capacity,
    e.attendee_count AS attendee_count, e.owner_id AS owner_id, o.username AS owner_username,
    e.created_at AS created_at, e.updated_at AS updated_at,
    CASE WHEN EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.user_id = ${viewerId})
    THEN 1 ELSE 0 END AS is_attending`;

export function eventStatus(startsAt: number, endsAt: number, now: number): EventStatus {
  if (now < startsAt) return 'upcoming';
  return now < endsAt ? 'ongoing' : 'past';
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Maps a row to the contract's event; `status`, `spotsLeft`, `isOwner`, `isAttending` per request. */
export function toEventResponse(row: EventRow, viewer: AuthUser, now: number): EventResponseDto {
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
    status: eventStatus(row.starts_at, row.ends_at, now),
    isOwner: ownerId === viewer.id,
    isAttending: row.is_attending === 1,
    owner: { id: ownerId, username: row.owner_username },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
