import { useQueryClient } from '@tanstack/react-query';
import { $api } from '../api/client';
import { forgetEvent, invalidateEvent } from './event-queries';

/**
 * The changes a person makes to one event. Each one, succeeded or refused (a 409 says the event
 * moved on), invalidates the event, its attendees and the lists instead of reloading by hand.
 */
export function useEventMutations(id: number) {
  const queryClient = useQueryClient();
  const onSettled = () => invalidateEvent(queryClient, id);
  return {
    register: $api.useMutation('post', '/api/v1/events/{id}/registration', { onSettled }),
    unregister: $api.useMutation('delete', '/api/v1/events/{id}/registration', { onSettled }),
    joinWaitlist: $api.useMutation('post', '/api/v1/events/{id}/waitlist', { onSettled }),
    leaveWaitlist: $api.useMutation('delete', '/api/v1/events/{id}/waitlist', { onSettled }),
    cancel: $api.useMutation('post', '/api/v1/events/{id}/cancellation', { onSettled }),
    update: $api.useMutation('patch', '/api/v1/events/{id}', { onSettled }),
    publish: $api.useMutation('post', '/api/v1/events/{id}/publication', { onSettled }),
    remove: $api.useMutation('delete', '/api/v1/events/{id}', {
      onSuccess: () => forgetEvent(queryClient, id),
    }),
  };
}

/** Creating an event adds to the lists. */
export function useCreateEvent() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/events', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/events'] }),
  });
}
