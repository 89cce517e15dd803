import type { EventSummary } from '../api/client';

/** The caller's role on an event, as the API reports it in `myRole`. */
export type EventRole = NonNullable<EventSummary['myRole']>;
export type HostRole = Exclude<EventRole, 'owner'>;

/** What the web app offers beyond reading an event. */
export type EventAction =
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
 * Mirrors the server's permission table (PERMISSIONS in src/access/event-access.ts; a unit test
 * compares the two). It only decides which controls to show: the server stays the authority and
 * answers 403 NOT_EVENT_HOST to a role that may not act. Admins get `myRole: null`, so they see
 * an event as a guest does here, although the API would let them act.
 */
export const PERMISSIONS: Record<EventAction, readonly EventRole[]> = {
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

/** Whether the caller's role on the event allows `action`. */
export function can(event: Pick<EventSummary, 'myRole'>, action: EventAction): boolean {
  return event.myRole !== null && PERMISSIONS[action].includes(event.myRole);
}

export const ROLE_LABEL: Record<EventRole, string> = {
  owner: 'Owner',
  cohost: 'Co-host',
  checker: 'Checker',
};
