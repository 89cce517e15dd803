import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { sql } from '../database/sql';
import { storable } from '../events/event-filter';

/** The calendar-feed rows (the events a feed shows are read through the events module). */
@Injectable()
export class CalendarRepository {
  constructor(private readonly db: Database) {}

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
