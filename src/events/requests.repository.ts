import { Injectable } from '@nestjs/common';
import { Queries } from '../database/database';
import { sql } from '../database/sql';
import { openSql } from './event-state';

/**
 * The statements of requests (events that require approval): `pending_count` moves with them in
 * a conditional UPDATE of the event's row first, like the spots and the line, so a request, its
 * withdrawal, its decision and a change of the questions queue on that row. Approving takes the
 * spot with `RegistrationsRepository.takeSpot`, the one capacity rule.
 */
@Injectable()
export class RequestsRepository {
  /** Counts a new request, only while the event is open. */
  async addPending(tx: Queries, eventId: number, now: number): Promise<boolean> {
    const changed = await tx.run(
      sql`UPDATE events SET pending_count = pending_count + 1
          WHERE id = ${eventId} AND ${openSql(now)}`,
    );
    return changed === 1;
  }

  /** Uncounts a request that is withdrawn or decided, only while the event is open. */
  async releasePending(tx: Queries, eventId: number, now: number): Promise<boolean> {
    const changed = await tx.run(
      sql`UPDATE events SET pending_count = pending_count - 1
          WHERE id = ${eventId} AND ${openSql(now)} AND pending_count > 0`,
    );
    return changed === 1;
  }

  /** The pending request becomes an attendee (its ticket, made with the request, now counts). */
  async approve(tx: Queries, eventId: number, userId: number): Promise<boolean> {
    const changed = await tx.run(
      sql`UPDATE registrations SET status = 'attending'
          WHERE event_id = ${eventId} AND user_id = ${userId} AND status = 'pending'`,
    );
    return changed === 1;
  }

  /** The pending request is declined: kept with its reason, its ticket voided. */
  async decline(
    tx: Queries,
    eventId: number,
    userId: number,
    reason: string | null,
  ): Promise<boolean> {
    const changed = await tx.run(
      sql`UPDATE registrations SET status = 'declined', decline_reason = ${reason},
            ticket_code = NULL, ticket_hash = NULL
          WHERE event_id = ${eventId} AND user_id = ${userId} AND status = 'pending'`,
    );
    return changed === 1;
  }
}
