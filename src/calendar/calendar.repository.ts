import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { sql } from '../database/sql';
import { visibleTo } from '../access/access.sql';
import { storable } from '../events/event-filter';
import { EventCategory } from '../events/event-attributes';
import type { RegistrationStatus } from '../events/registrations.repository';

/** An event as a calendar shows it, with the viewer's relation to it. */
export interface CalendarEntry {
  id: number;
  name: string;
  description: string | null;
  location: string | null;
  starts_at: number;
  ends_at: number;
  category: EventCategory;
  version: number;
  cancelled_at: number | null;
  updated_at: number;
  /** the viewer's place (attending or waiting), if any: a request holds none */
  status: RegistrationStatus | null;
}

const ENTRY_COLUMNS = sql`e.id AS id, e.name AS name, e.description AS description,
  e.location AS location, e.starts_at AS starts_at, e.ends_at AS ends_at, e.category AS category,
  e.version AS version, e.cancelled_at AS cancelled_at, e.updated_at AS updated_at,
  r.status AS status`;

@Injectable()
export class CalendarRepository {
  constructor(private readonly db: Database) {}

  /** The event as the viewer may see it: a draft they may not see is no entry (a 404). */
  async entry(
    eventId: number,
    viewer: { id: number; isAdmin: boolean },
  ): Promise<CalendarEntry | undefined> {
    if (!storable(eventId)) return undefined;
    const visible = visibleTo(viewer);
    return this.db.one<CalendarEntry>(
      sql`SELECT ${ENTRY_COLUMNS} FROM events e
          LEFT JOIN registrations r ON r.event_id = e.id AND r.user_id = ${viewer.id}
            AND r.status IN ('attending', 'waiting')
          WHERE e.id = ${eventId}${visible ? sql` AND ${visible}` : sql``}`,
    );
  }

  /**
   * The events the user attends, waits for or organises that ended at `endedAfter` or later: two
   * index lookups (registrations by user, events by owner), never a scan of all events.
   */
  feedEntries(userId: number, endedAfter: number): Promise<CalendarEntry[]> {
    return this.db.all<CalendarEntry>(
      sql`SELECT ${ENTRY_COLUMNS} FROM events e
          LEFT JOIN registrations r ON r.event_id = e.id AND r.user_id = ${userId}
            AND r.status IN ('attending', 'waiting')
          WHERE e.id IN (SELECT event_id FROM registrations WHERE user_id = ${userId}
                           AND status IN ('attending', 'waiting')
                         UNION SELECT id FROM events WHERE owner_id = ${userId})
            AND e.ends_at >= ${endedAfter} AND ${visibleTo({ id: userId, isAdmin: false })!}
          ORDER BY e.starts_at ASC, e.id ASC`,
    );
  }

  /** Sets the user's feed token hash (a new address; the old one stops working). */
  async saveFeed(userId: number, tokenHash: string, now: number): Promise<void> {
    await this.db.run(
      sql`INSERT INTO calendar_feeds (user_id, token_hash, created_at)
          VALUES (${userId}, ${tokenHash}, ${now})
          ON CONFLICT (user_id) DO UPDATE
            SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
    );
  }

  async deleteFeed(userId: number): Promise<void> {
    await this.db.run(sql`DELETE FROM calendar_feeds WHERE user_id = ${userId}`);
  }

  async feedHash(userId: number): Promise<string | undefined> {
    if (!storable(userId)) return undefined;
    const row = await this.db.one<{ token_hash: string }>(
      sql`SELECT token_hash FROM calendar_feeds WHERE user_id = ${userId}`,
    );
    return row?.token_hash;
  }
}
