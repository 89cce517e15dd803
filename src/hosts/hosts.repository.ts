import { Injectable } from '@nestjs/common';
import type { EventRole, HostRole } from '../access/event-access';
import { Database } from '../database/database';
import { sql } from '../database/sql';

export interface HostRow {
  userId: number;
  username: string;
  role: EventRole;
  /** epoch ms */
  addedAt: number;
}

/** The `event_hosts` rows of an event (its owner stays `events.owner_id`). */
@Injectable()
export class HostsRepository {
  constructor(private readonly db: Database) {}

  /** The owner (added when the event was created), then the hosts in the order added. */
  list(eventId: number): Promise<HostRow[]> {
    return this.db.all<HostRow>(
      sql`SELECT o.id AS "userId", o.username AS username, 'owner' AS role,
            e.created_at AS "addedAt", 0 AS position
          FROM events e JOIN users o ON o.id = e.owner_id WHERE e.id = ${eventId}
          UNION ALL
          SELECT u.id, u.username, h.role, h.added_at, h.id FROM event_hosts h
            JOIN users u ON u.id = h.user_id WHERE h.event_id = ${eventId}
          ORDER BY position ASC`,
    );
  }

  /** Adds the host, or changes their role (keeping when they were added); answers when added. */
  async put(eventId: number, userId: number, role: HostRole, now: number): Promise<number> {
    const row = await this.db.one<{ addedAt: number }>(
      sql`INSERT INTO event_hosts (event_id, user_id, role, added_at)
          VALUES (${eventId}, ${userId}, ${role}, ${now})
          ON CONFLICT (event_id, user_id) DO UPDATE SET role = excluded.role
          RETURNING added_at AS "addedAt"`,
    );
    return row!.addedAt;
  }

  async remove(eventId: number, userId: number): Promise<void> {
    await this.db.run(
      sql`DELETE FROM event_hosts WHERE event_id = ${eventId} AND user_id = ${userId}`,
    );
  }
}
