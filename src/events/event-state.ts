import { raw, Sql, sql } from '../database/sql';
import { EventStatus } from './dto/list-events-query.dto';
import { EventCancelledError, EventDraftError, EventStartedError } from './events.errors';

/**
 * The event-state rule, once: what `status` an event has and whether it is open (takes
 * registrations, waiting-list changes and promotions), in TypeScript for the guards and services
 * and as SQL for the statements that must re-check it atomically and for the list filters.
 */
export interface EventState {
  /** epoch ms */
  startsAt: number;
  /** epoch ms */
  endsAt: number;
  /** epoch ms, null while not cancelled */
  cancelledAt: number | null;
  published: boolean;
}

/** `cancelled` whatever the clock says, then `draft` while unpublished, else by the clock. */
export function eventStatus(state: EventState, now: number): EventStatus {
  if (state.cancelledAt !== null) return 'cancelled';
  if (!state.published) return 'draft';
  if (now < state.startsAt) return 'upcoming';
  return now < state.endsAt ? 'ongoing' : 'past';
}

/**
 * 409 unless the event is open: not cancelled (`EVENT_CANCELLED` first), published
 * (`EVENT_DRAFT`), not started (`EVENT_STARTED`), in the contract's order.
 */
export function assertOpen(state: Omit<EventState, 'endsAt'>, now: number): void {
  if (state.cancelledAt !== null) throw new EventCancelledError();
  if (!state.published) throw new EventDraftError();
  if (state.startsAt <= now) throw new EventStartedError();
}

/** Columns of the events table, qualified by `alias` when the statement names one. */
const columns = (alias?: string) => {
  const column = (name: string) => raw(alias ? `${alias}.${name}` : name);
  return {
    startsAt: column('starts_at'),
    endsAt: column('ends_at'),
    cancelledAt: column('cancelled_at'),
    published: column('published'),
  };
};

/** SQL: the event is open at `now` (see `assertOpen`). */
export function openSql(now: number, alias?: string): Sql {
  const c = columns(alias);
  return sql`${c.startsAt} > ${now} AND ${c.cancelledAt} IS NULL AND ${c.published}`;
}

/** SQL: the event has `status` at `now` (see `eventStatus`). */
export function statusSql(status: EventStatus, now: number, alias?: string): Sql {
  const c = columns(alias);
  const live = sql`${c.cancelledAt} IS NULL AND ${c.published}`;
  switch (status) {
    case 'cancelled':
      return sql`${c.cancelledAt} IS NOT NULL`;
    case 'draft':
      return sql`${c.cancelledAt} IS NULL AND NOT ${c.published}`;
    case 'upcoming':
      return sql`${live} AND ${c.startsAt} > ${now}`;
    case 'ongoing':
      return sql`${live} AND ${c.startsAt} <= ${now} AND ${c.endsAt} > ${now}`;
    case 'past':
      return sql`${live} AND ${c.endsAt} <= ${now}`;
  }
}
