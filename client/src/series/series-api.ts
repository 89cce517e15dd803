import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { $api } from '../api/client';

/** Query options of one series with its occurrences (`GET /series/:id`). */
export const seriesQuery = (id: number) =>
  $api.queryOptions('get', '/api/v1/series/{id}', { params: { path: { id } } });

/**
 * A series change touches many events: every event detail, attendee list, list page and series
 * is stale afterwards (TanStack Query refetches the ones on screen).
 */
function invalidateAll(queryClient: QueryClient): Promise<void> {
  return Promise.all(
    [
      '/api/v1/events',
      '/api/v1/events/{id}',
      '/api/v1/events/{id}/attendees',
      '/api/v1/series/{id}',
    ].map((path) => queryClient.invalidateQueries({ queryKey: ['get', path] })),
  ).then(() => undefined);
}

/** Creating a series adds its occurrences to the lists. */
export function useCreateSeries() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/series', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/events'] }),
  });
}

/** Changes to every upcoming occurrence at once, and deleting the whole series. */
export function useSeriesMutations() {
  const queryClient = useQueryClient();
  const onSettled = () => invalidateAll(queryClient);
  return {
    update: $api.useMutation('patch', '/api/v1/series/{id}', { onSettled }),
    cancel: $api.useMutation('post', '/api/v1/series/{id}/cancellation', { onSettled }),
    // Deleted: its queries would only 404 now; the events' lists and details are refreshed.
    remove: $api.useMutation('delete', '/api/v1/series/{id}', {
      onSuccess: () => {
        queryClient.removeQueries({ queryKey: ['get', '/api/v1/series/{id}'] });
        return invalidateAll(queryClient);
      },
    }),
  };
}
