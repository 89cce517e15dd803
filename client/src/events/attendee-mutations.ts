import { useQueryClient } from '@tanstack/react-query';
import { $api } from '../api/client';
import { invalidateEvent } from './event-queries';

/**
 * The hosts' changes to who comes: approve or decline a request, check a ticket in or undo it.
 * Each one, done or refused, invalidates the event, its attendee list and the lists.
 */
export function useAttendeeMutations(id: number) {
  const queryClient = useQueryClient();
  const onSettled = () => invalidateEvent(queryClient, id);
  return {
    approve: $api.useMutation('post', '/api/v1/events/{id}/registrations/{userId}/approval', {
      onSettled,
    }),
    decline: $api.useMutation('post', '/api/v1/events/{id}/registrations/{userId}/decline', {
      onSettled,
    }),
    checkIn: $api.useMutation('post', '/api/v1/events/{id}/check-ins', { onSettled }),
    undoCheckIn: $api.useMutation('delete', '/api/v1/events/{id}/check-ins/{userId}', {
      onSettled,
    }),
  };
}
