import { Sql, sql } from '../database/sql';
import { EventCancelledError, EventDraftError } from '../events/events.errors';
import { CheckInClosedError } from './tickets.errors';

/** Check-in opens this long before the start (people arrive early; doors open). */
export const CHECK_IN_LEAD_MS = 24 * 60 * 60 * 1000;

export interface CheckInState {
  /** epoch ms */
  startsAt: number;
  /** epoch ms */
  endsAt: number;
  cancelledAt: number | null;
  published: boolean;
}

/**
 * The check-in rule, once: never on a cancelled event (409 `EVENT_CANCELLED`, first) or a draft
 * (`EVENT_DRAFT`), and only in the window `startsAt - 24 h <= now < endsAt` (`CHECK_IN_CLOSED`):
 * its start inclusive, its end exclusive like the event's own (`past` from `endsAt` on).
 */
export function assertCheckInOpen(state: CheckInState, now: number): void {
  if (state.cancelledAt !== null) throw new EventCancelledError();
  if (!state.published) throw new EventDraftError();
  if (now < state.startsAt - CHECK_IN_LEAD_MS || now >= state.endsAt) {
    throw new CheckInClosedError();
  }
}

/** SQL over the events table aliased `e`: the same rule, for the statement that checks in. */
export const checkInOpenSql = (now: number): Sql =>
  sql`e.cancelled_at IS NULL AND e.published AND e.starts_at <= ${now + CHECK_IN_LEAD_MS}
    AND e.ends_at > ${now}`;
