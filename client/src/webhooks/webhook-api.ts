import { useQueryClient } from '@tanstack/react-query';
import { $api, type Delivery } from '../api/client';

/** The caller's webhooks, without their secrets. */
export const webhooksQuery = $api.queryOptions('get', '/api/v1/webhooks');

/** While a delivery is still to be tried, its log is asked again this often (ms). */
export const PENDING_REFRESH_MS = 2000;

/** The delivery log of one webhook; asked again every 2 s while a delivery is pending. */
export const deliveriesQuery = (id: number) => ({
  ...$api.queryOptions('get', '/api/v1/webhooks/{id}/deliveries', { params: { path: { id } } }),
  refetchInterval: (query: { state: { data?: { items: Delivery[] } } }) =>
    query.state.data?.items.some((delivery) => delivery.status === 'pending')
      ? PENDING_REFRESH_MS
      : false,
});

/**
 * The changes to the caller's webhooks. Each refreshes the list; a retry refreshes that
 * webhook's log. The secrets that create and rotate answer are the caller's to keep: the caller
 * `reset()`s the mutation after taking the secret, and with no cache time the mutation, secret
 * and all, leaves TanStack's mutation cache at once.
 */
export function useWebhookMutations() {
  const queryClient = useQueryClient();
  const onSettled = () => queryClient.invalidateQueries({ queryKey: webhooksQuery.queryKey });
  return {
    create: $api.useMutation('post', '/api/v1/webhooks', { onSettled, gcTime: 0 }),
    update: $api.useMutation('patch', '/api/v1/webhooks/{id}', { onSettled }),
    remove: $api.useMutation('delete', '/api/v1/webhooks/{id}', {
      onSuccess: (_data, { params }) => {
        queryClient.removeQueries({ queryKey: deliveriesQuery(params.path.id).queryKey });
      },
      onSettled,
    }),
    rotate: $api.useMutation('post', '/api/v1/webhooks/{id}/secret', { gcTime: 0 }),
    retry: $api.useMutation('post', '/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry', {
      onSettled: (_data, _error, { params }) =>
        queryClient.invalidateQueries({ queryKey: deliveriesQuery(params.path.id).queryKey }),
    }),
  };
}
