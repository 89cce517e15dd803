import { join, Sql, sql } from '../database/sql';
import { EventAction, PERMISSIONS } from './event-access';

/**
 * The permission table as SQL over an event aliased `e`, for the statements that must decide in
 * the database what `requireAccess` decides in TypeScript (lists, counts, feeds): both read
 * `PERMISSIONS`, so a rule changes in one place.
 */

/** The viewer's role on `e`: 'owner', their host row's role, or NULL. */
export const roleOf = (viewerId: number): Sql =>
  sql`CASE WHEN e.owner_id = ${viewerId} THEN 'owner' ELSE (SELECT h.role FROM event_hosts h
    WHERE h.event_id = e.id AND h.user_id = ${viewerId}) END`;

/** The viewer may do `action` to `e` by their role (admins are decided by the caller). */
export function mayDo(action: EventAction, viewerId: number): Sql {
  const roles = PERMISSIONS[action];
  const hostRoles = roles.filter((role) => role !== 'owner');
  const owner = roles.includes('owner') ? sql`e.owner_id = ${viewerId}` : sql`1 = 0`;
  if (hostRoles.length === 0) return sql`(${owner})`;
  return sql`(${owner} OR EXISTS (SELECT 1 FROM event_hosts h WHERE h.event_id = e.id
    AND h.user_id = ${viewerId} AND h.role IN (${join(
      hostRoles.map((role) => sql`${role}`),
      ', ',
    )})))`;
}

/** The viewer owns or hosts `e`, whatever the role. */
export const hostedBy = (viewerId: number): Sql =>
  sql`(e.owner_id = ${viewerId} OR EXISTS (SELECT 1 FROM event_hosts h WHERE h.event_id = e.id
    AND h.user_id = ${viewerId}))`;

/**
 * The events the viewer may see at all: every published one, and the drafts they may `see`
 * (admins see every draft). Every read of events takes it, so a draft is absent everywhere else.
 */
export function visibleTo(viewer: { id: number; isAdmin: boolean }): Sql | undefined {
  if (viewer.isAdmin) return undefined;
  return sql`(e.published OR ${mayDo('see', viewer.id)})`;
}
