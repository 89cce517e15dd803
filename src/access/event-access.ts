import { EventNotFoundError, NotEventHostError, NotEventOwnerError } from './access.errors';

/** Who someone is to an event: its owner (its creator), a host with a role, or nobody. */
export const HOST_ROLES = ['cohost', 'checker'] as const;
export type HostRole = (typeof HOST_ROLES)[number];
export type EventRole = 'owner' | HostRole;

/** What can be done to an event beyond reading it when published. */
export type EventAction =
  | 'see'
  | 'edit'
  | 'cancel'
  | 'publish'
  | 'delete'
  | 'listHosts'
  | 'manageHosts'
  | 'readAttendees'
  | 'exportAttendees'
  | 'approve'
  | 'checkIn';

/**
 * The permission table: every rule of who may do what to an event, in one place. A cohost may
 * do everything the owner may except delete the event and manage hosts; a checker reads the
 * attendee list (not its export) and checks people in. `see` is what a draft needs (a published
 * event is seen by everyone). Admins pass as owners.
 */
export const PERMISSIONS: Record<EventAction, readonly EventRole[]> = {
  see: ['owner', 'cohost', 'checker'],
  edit: ['owner', 'cohost'],
  cancel: ['owner', 'cohost'],
  publish: ['owner', 'cohost'],
  delete: ['owner'],
  listHosts: ['owner', 'cohost', 'checker'],
  manageHosts: ['owner'],
  readAttendees: ['owner', 'cohost', 'checker'],
  exportAttendees: ['owner', 'cohost'],
  approve: ['owner', 'cohost'],
  checkIn: ['owner', 'cohost', 'checker'],
};

/** What the one check needs: the caller's role on the event, whether admin, whether published. */
export interface EventAccess {
  role: EventRole | null;
  isAdmin: boolean;
  published: boolean;
}

/** Whether the caller may do `action` (admins as owners). */
export function may(access: EventAccess, action: EventAction): boolean {
  const role = access.isAdmin ? 'owner' : access.role;
  return role !== null && PERMISSIONS[action].includes(role);
}

/**
 * The one check, first in every guard and service method that acts on an event: a draft the
 * caller may not see does not exist (404); someone with no role gets 403 `NOT_EVENT_OWNER` (as
 * before roles existed); a host whose role does not allow the action gets 403 `NOT_EVENT_HOST`.
 * Reading (`action` undefined) only needs the event to be visible.
 */
export function requireAccess(access: EventAccess, action?: EventAction): void {
  if (!access.published && !may(access, 'see')) throw new EventNotFoundError();
  if (action === undefined || may(access, action)) return;
  if (access.role === null) throw new NotEventOwnerError();
  throw new NotEventHostError();
}
