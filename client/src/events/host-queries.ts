import { useQueryClient } from '@tanstack/react-query';
import { $api } from '../api/client';
import { forgetEvent, invalidateEvent } from './event-queries';

/** The event's owner and hosts, the owner first (any host may read it). */
export const hostsQuery = (id: number) =>
  $api.queryOptions('get', '/api/v1/events/{id}/hosts', { params: { path: { id } } });

/**
 * Adding, re-roling and removing hosts (the owner) refreshes the host list, the event and the
 * lists (`host=me` of the people concerned, badges). Leaving drops the event from the cache: the
 * person may no longer see a draft, and the page moves away.
 */
export function useHostMutations(id: number) {
  const queryClient = useQueryClient();
  const hostsKey = hostsQuery(id).queryKey;
  const onSettled = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: hostsKey }),
      invalidateEvent(queryClient, id),
    ]);
  return {
    put: $api.useMutation('put', '/api/v1/events/{id}/hosts/{userId}', { onSettled }),
    remove: $api.useMutation('delete', '/api/v1/events/{id}/hosts/{userId}', { onSettled }),
    leave: $api.useMutation('delete', '/api/v1/events/{id}/hosts/{userId}', {
      onSuccess: () => {
        queryClient.removeQueries({ queryKey: hostsKey });
        return forgetEvent(queryClient, id);
      },
    }),
  };
}
