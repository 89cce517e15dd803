import { AuthUser } from '../auth/current-user.decorator';
import { EventResponseDto } from './dto/event-response.dto';
import { EventStatus } from './dto/list-events-query.dto';

/** An event as the list and detail queries select it (snake_case aliases work on both drivers). */
export interface EventRow {
  id: number | string;
  name: string;
  description: string | null;
  location: string | null;
  starts_at: number | string;
  ends_at: number | string;
  capacity: number | string | null;
  attendee_count: number | string;
  owner_id: number | string;
  owner_username: string;
  created_at: number | string;
  updated_at: number | string;
  is_attending: boolean | number | string;
}

/**
 * Selected by every event query, from `events e JOIN users o`; its one `?` is the viewer's id,
 * which decides `is_attending` (0 or 1 on both drivers).
 */
export const EVENT_ROW_COLUMNS =
  'e.id AS id, e.name AS name, e.description AS description, e.location AS location, ' +
  'e.starts_at AS starts_at, e.ends_at AS ends_at, e.capacity AS capacity, ' +
  'e.attendee_count AS attendee_count, e.owner_id AS owner_id, o.username AS owner_username, ' +
  'e.created_at AS created_at, e.updated_at AS updated_at, ' +
  'CASE WHEN EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.user_id = ?) ' +
  'THEN 1 ELSE 0 END AS is_attending';

export function eventStatus(startsAt: number, endsAt: number, now: number): EventStatus {
  if (now < startsAt) return 'upcoming';
  return now < endsAt ? 'ongoing' : 'past';
}

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

/** Maps a row to the contract's event; `status`, `spotsLeft`, `isOwner`, `isAttending` per request. */
export function toEventResponse(row: EventRow, viewer: AuthUser, now: number): EventResponseDto {
  const capacity = row.capacity === null ? null : Number(row.capacity);
  const attendeeCount = Number(row.attendee_count);
  const ownerId = Number(row.owner_id);
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    location: row.location,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    capacity,
    attendeeCount,
    spotsLeft: capacity === null ? null : Math.max(capacity - attendeeCount, 0),
    status: eventStatus(Number(row.starts_at), Number(row.ends_at), now),
    isOwner: ownerId === viewer.id,
    isAttending: Number(row.is_attending) === 1,
    owner: { id: ownerId, username: row.owner_username },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
