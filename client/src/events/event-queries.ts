import type { QueryClient } from '@tanstack/react-query';
import { $api, type EventQuery, type RegistrationStatus } from '../api/client';

/** Query options of one event's detail (attendees and waiting list included). */
export const eventQuery = (id: number) =>
  $api.queryOptions('get', '/api/v1/events/{id}', { params: { path: { id } } });

/** Query options of one page of the event list. */
export const eventListQuery = (query: EventQuery) =>
  $api.queryOptions('get', '/api/v1/events', { params: { query } });

/** The hosts' attendee list (attendees, waiting list, requests), or only the rows of `status`. */
export const attendeesQuery = (id: number, status?: RegistrationStatus) =>
  $api.queryOptions('get', '/api/v1/events/{id}/attendees', {
    params: status ? { path: { id }, query: { status } } : { path: { id } },
  });

/** The caller's ticket for the event (404 TICKET_NOT_FOUND when not attending). */
export const ticketQuery = (id: number) =>
  $api.queryOptions('get', '/api/v1/events/{id}/ticket', { params: { path: { id } } });

/**
 * After anything that changes an event or who attends it: its detail, its attendee list and every
 * list page are stale (counts, badges, "spots left"); TanStack Query refetches the ones on screen.
 */
export function invalidateEvent(queryClient: QueryClient, id: number): Promise<void> {
  const path = { params: { path: { id } } };
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/events/{id}', path] }),
    queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/events/{id}/attendees', path] }),
    queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/events/{id}/ticket', path] }),
    queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/events'] }),
    // An occurrence's spots and status show on its series' page too.
    queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/series/{id}'] }),
  ]).then(() => undefined);
}

/** A deleted event: drop its detail (a refetch would only 404) and refresh the lists. */
export function forgetEvent(queryClient: QueryClient, id: number): Promise<void> {
  const path = { params: { path: { id } } };
  queryClient.removeQueries({ queryKey: ['get', '/api/v1/events/{id}', path] });
  queryClient.removeQueries({ queryKey: ['get', '/api/v1/events/{id}/attendees', path] });
  return queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/events'] });
}
