import { Injectable } from '@nestjs/common';
import type { EventRole } from '../access/event-access';
import { Queries } from '../database/database';
import { sql } from '../database/sql';
import { EVENT_ROW_COLUMNS, EventRow } from '../events/event-row';
import { FROM_EVENTS } from '../events/events.repository';
import type { RegistrationStatus } from '../events/registrations.repository';

export interface OwnedHostRow {
  eventId: number;
  userId: number;
  username: string;
  role: EventRole;
  /** epoch ms */
  addedAt: number;
}

export interface HeldRegistrationRow {
  eventId: number;
  name: string;
  /** epoch ms */
  startsAt: number;
  endsAt: number;
  cancelledAt: number | null;
  /** 0 or 1 */
  published: number;
  status: RegistrationStatus;
  /** epoch ms */
  registeredAt: number;
  /** JSON */
  answers: string | null;
  checkedInAt: number | null;
  declineReason: string | null;
}

/**
 * The reads of a user's export, each one query however many rows (never one per event), on the
 * snapshot the caller gives so the parts agree. Tickets' codes and hashes are not read: a code
 * is a credential at the door.
 */
@Injectable()
export class AccountExportRepository {
  /** The events the user owns, as the owner sees them, in creation order. */
  ownedEvents(db: Queries, owner: { id: number; isAdmin: boolean }): Promise<EventRow[]> {
    return db.all<EventRow>(
      sql`SELECT ${EVENT_ROW_COLUMNS(owner)} ${FROM_EVENTS}
          WHERE e.owner_id = ${owner.id} ORDER BY e.id ASC`,
    );
  }

  /** The hosts of the user's events (not the owner), in the order added. */
  hostsOfOwned(db: Queries, ownerId: number): Promise<OwnedHostRow[]> {
    return db.all<OwnedHostRow>(
      sql`SELECT h.event_id AS "eventId", u.id AS "userId", u.username AS username, h.role AS role,
            h.added_at AS "addedAt"
          FROM event_hosts h JOIN users u ON u.id = h.user_id
          WHERE h.event_id IN (SELECT id FROM events WHERE owner_id = ${ownerId})
          ORDER BY h.event_id ASC, h.id ASC`,
    );
  }

  /** The user's registration rows of every status, in event order. */
  registrations(db: Queries, userId: number): Promise<HeldRegistrationRow[]> {
    return db.all<HeldRegistrationRow>(
      sql`SELECT e.id AS "eventId", e.name AS name, e.starts_at AS "startsAt",
            e.ends_at AS "endsAt", e.cancelled_at AS "cancelledAt", e.published AS published,
            r.status AS status, r.created_at AS "registeredAt", r.answers AS answers,
            r.checked_in_at AS "checkedInAt", r.decline_reason AS "declineReason"
          FROM registrations r JOIN events e ON e.id = r.event_id
          WHERE r.user_id = ${userId} ORDER BY r.event_id ASC`,
    );
  }

  /** When the user's calendar feed was made (its token's hash is not read). */
  async feedCreatedAt(db: Queries, userId: number): Promise<number | undefined> {
    const row = await db.one<{ createdAt: number }>(
      sql`SELECT created_at AS "createdAt" FROM calendar_feeds WHERE user_id = ${userId}`,
    );
    return row?.createdAt;
  }
}
