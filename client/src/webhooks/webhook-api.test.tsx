import { QueryClient, QueryClientProvider, type QueryKey } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  deliveriesQuery,
  PENDING_REFRESH_MS,
  useWebhookMutations,
  webhooksQuery,
} from './webhook-api';

const keys = {
  list: webhooksQuery.queryKey,
  log1: deliveriesQuery(1).queryKey,
  log2: deliveriesQuery(2).queryKey,
} satisfies Record<string, QueryKey>;

let queryClient: QueryClient;

function render() {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  return renderHook(() => useWebhookMutations(), { wrapper }).result;
}

const invalidated = (key: QueryKey) => queryClient.getQueryState(key)?.isInvalidated;

beforeEach(() => {
  queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  for (const key of Object.values(keys)) queryClient.setQueryData(key, { items: [] });
  vi.stubGlobal('fetch', () => Promise.resolve(new Response(null, { status: 202 })));
});

describe('webhook mutations', () => {
  it('a retry refreshes that webhook’s log only', async () => {
    const result = render();
    await act(() =>
      result.current.retry.mutateAsync({ params: { path: { id: 1, deliveryId: 9 } } }),
    );
    expect(invalidated(keys.log1)).toBe(true);
    expect(invalidated(keys.log2)).toBe(false);
    expect(invalidated(keys.list)).toBe(false);
  });

  it('turning one off refreshes the list; deleting one drops its log', async () => {
    const result = render();
    await act(() =>
      result.current.update.mutateAsync({ params: { path: { id: 1 } }, body: { active: false } }),
    );
    expect(invalidated(keys.list)).toBe(true);
    await act(() => result.current.remove.mutateAsync({ params: { path: { id: 1 } } }));
    expect(queryClient.getQueryState(keys.log1)).toBeUndefined();
    expect(queryClient.getQueryState(keys.log2)).toBeDefined();
  });
});

describe('the delivery log', () => {
  const interval = (statuses: string[]) => {
    const { refetchInterval } = deliveriesQuery(1);
    const items = statuses.map((status) => ({ status }));
    return refetchInterval({ state: { data: { items } } } as never);
  };

  it('is asked again while a delivery is pending, and not once all are settled', () => {
    expect(interval(['succeeded', 'pending'])).toBe(PENDING_REFRESH_MS);
    expect(interval(['succeeded', 'failed'])).toBe(false);
    expect(interval([])).toBe(false);
  });
});
