import { Injectable } from '@nestjs/common';
import type { EventRole } from '../access/event-access';
import { Database, Queries } from '../database/database';
import { join, raw, sql } from '../database/sql';
import { COLUMN_NAMES, EventColumns } from '../events/event-columns';
import { storable } from '../events/event-filter';
import { EVENT_ROW_COLUMNS, EventRow } from '../events/event-row';
import { StoredEvent } from '../events/event-columns';
import { FROM_EVENTS, STORED_EVENT_COLUMNS } from '../events/events.repository';
import { MESSAGE_EVENT_COLUMNS, MessageEventRow } from '../events/event-messages';

export interface SeriesRow {
  id: number;
  ownerId: number;
  recurrence: string;
  timeZone: string;
  /** epoch ms */
  createdAt: number;
}

/** What the series guard decides on: the series and the caller's role on it. */
export interface SeriesGuardRow {
  id: number;
  /** `owner` for the series' owner, else the caller's host role on its first occurrence */
  role: EventRole | null;
}

/** The series' first occurrence (earliest start, then lowest id) among those that remain. */
const FIRST_OCCURRENCE = sql`(SELECT f.id FROM events f WHERE f.series_id = s.id
  ORDER BY f.starts_at ASC, f.id ASC LIMIT 1)`;

/** Series rows, and the statements that read or write all occurrences of one series at once. */
@Injectable()
export class SeriesRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Queries, series: Omit<SeriesRow, 'id'>): Promise<number> {
    const row = await tx.one<{ id: number }>(
      sql`INSERT INTO series (owner_id, recurrence, time_zone, created_at)
          VALUES (${series.ownerId}, ${series.recurrence}, ${series.timeZone},
            ${series.createdAt}) RETURNING id`,
    );
    return row!.id;
  }

  /** The occurrences, in one statement (at most 200 rows of 16 values: within both limits). */
  async insertOccurrences(tx: Queries, rows: readonly EventColumns[]): Promise<void> {
    const names = Object.keys(rows[0]!) as (keyof EventColumns)[];
    const values = rows.map(
      (row) =>
        sql`(${join(
          names.map((name) => sql`${row[name]}`),
          ', ',
        )})`,
    );
    await tx.run(
      sql`INSERT INTO events (${raw(names.map((name) => COLUMN_NAMES[name]).join(', '))})
          VALUES ${join(values, ', ')}`,
    );
  }

  find(id: number, db: Queries = this.db): Promise<SeriesRow | undefined> {
    if (!storable(id)) return Promise.resolve(undefined);
    return db.one<SeriesRow>(
      sql`SELECT id, owner_id AS "ownerId", recurrence, time_zone AS "timeZone",
            created_at AS "createdAt" FROM series WHERE id = ${id}`,
    );
  }

  findForGuard(id: number, viewerId: number): Promise<SeriesGuardRow | undefined> {
    if (!storable(id)) return Promise.resolve(undefined);
    return this.db.one<SeriesGuardRow>(
      sql`SELECT s.id AS id, CASE WHEN s.owner_id = ${viewerId} THEN 'owner' ELSE
            (SELECT h.role FROM event_hosts h WHERE h.user_id = ${viewerId}
              AND h.event_id = ${FIRST_OCCURRENCE}) END AS role
          FROM series s WHERE s.id = ${id}`,
    );
  }

  /** Every occurrence as the viewer sees it, in start order (ties by id). */
  occurrences(
    seriesId: number,
    viewer: { id: number; isAdmin: boolean },
    db: Queries = this.db,
  ): Promise<EventRow[]> {
    return db.all<EventRow>(
      sql`SELECT ${EVENT_ROW_COLUMNS(viewer)} ${FROM_EVENTS} WHERE e.series_id = ${seriesId}
          ORDER BY e.starts_at ASC, e.id ASC`,
    );
  }

  /**
   * The occurrences a series change applies to, upcoming (`startsAt > now`) and not cancelled,
   * in start order, their rows locked until the transaction ends (always in this order, so two
   * series changes cannot deadlock).
   */
  lockUpcoming(tx: Queries, seriesId: number, now: number): Promise<StoredEvent[]> {
    return tx.all<StoredEvent>(
      sql`SELECT ${STORED_EVENT_COLUMNS} FROM events WHERE series_id = ${seriesId}
            AND starts_at > ${now} AND cancelled_at IS NULL
          ORDER BY starts_at ASC, id ASC${tx.forUpdate}`,
    );
  }

  /**
   * The series and all its occurrences (their registrations and hosts go with them); answers the
   * occurrences as they were, for the messages that tell of their deletion.
   */
  async delete(
    tx: Queries,
    id: number,
  ): Promise<Array<{ event: MessageEventRow; registered: number[] }>> {
    // Who was attending or waiting, per occurrence: the rows go with the events, and they are told.
    const registrations = await tx.all<{ eventId: number; userId: number }>(
      sql`SELECT r.event_id AS "eventId", r.user_id AS "userId" FROM registrations r
          JOIN events e ON e.id = r.event_id
          WHERE e.series_id = ${id} AND r.status IN ('attending', 'waiting')`,
    );
    const deleted = await tx.all<MessageEventRow>(
      sql`DELETE FROM events WHERE series_id = ${id} RETURNING ${MESSAGE_EVENT_COLUMNS}`,
    );
    await tx.run(sql`DELETE FROM series WHERE id = ${id}`);
    return deleted.map((event) => ({
      event,
      registered: registrations.filter((r) => r.eventId === event.id).map((r) => r.userId),
    }));
  }
}
