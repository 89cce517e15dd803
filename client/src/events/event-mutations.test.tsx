import { QueryClient, QueryClientProvider, type QueryKey } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useEventMutations } from './event-mutations';
import { attendeesQuery, eventListQuery, eventQuery } from './event-queries';

const keys = {
  event: eventQuery(1).queryKey,
  otherEvent: eventQuery(2).queryKey,
  attendees: attendeesQuery(1).queryKey,
  list: eventListQuery({ sort: 'startsAt', limit: 10, offset: 0 }).queryKey,
  mine: eventListQuery({ owner: 'me', limit: 10, offset: 0 }).queryKey,
} satisfies Record<string, QueryKey>;

let queryClient: QueryClient;
let answer: () => Response;

function render() {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  return renderHook(() => useEventMutations(1), { wrapper }).result;
}

const invalidated = (key: QueryKey) => queryClient.getQueryState(key)?.isInvalidated;

beforeEach(() => {
  queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // Cached data with no observer: invalidation marks it stale and fetches nothing.
  for (const key of Object.values(keys)) queryClient.setQueryData(key, { cached: true });
  answer = () => new Response(JSON.stringify({ id: 1 }), { status: 201 });
  vi.stubGlobal('fetch', () => Promise.resolve(answer()));
});

describe('event mutations', () => {
  it('a registration invalidates the event, its attendees and every list, not other events', async () => {
    const result = render();
    await act(() => result.current.register.mutateAsync({ params: { path: { id: 1 } } }));
    expect(invalidated(keys.event)).toBe(true);
    expect(invalidated(keys.attendees)).toBe(true);
    expect(invalidated(keys.list)).toBe(true);
    expect(invalidated(keys.mine)).toBe(true);
    expect(invalidated(keys.otherEvent)).toBe(false);
  });

  it('a refused change (409) invalidates too: the event moved on', async () => {
    answer = () =>
      new Response(
        JSON.stringify({
          type: 'about:blank',
          title: 'Full',
          status: 409,
          code: 'EVENT_FULL',
          detail: 'Full',
        }),
        { status: 409, headers: { 'content-type': 'application/problem+json' } },
      );
    const result = render();
    await act(async () => {
      await expect(
        result.current.joinWaitlist.mutateAsync({ params: { path: { id: 1 } } }),
      ).rejects.toMatchObject({ code: 'EVENT_FULL', status: 409 });
    });
    expect(invalidated(keys.event)).toBe(true);
    expect(invalidated(keys.list)).toBe(true);
  });

  it('an edit sent with If-Match invalidates the event and the lists', async () => {
    let ifMatch: string | null = null;
    vi.stubGlobal('fetch', (request: Request) => {
      ifMatch = request.headers.get('if-match');
      return Promise.resolve(new Response(JSON.stringify({ id: 1 }), { status: 200 }));
    });
    const result = render();
    await act(() =>
      result.current.update.mutateAsync({
        params: { path: { id: 1 }, header: { 'If-Match': '"3"' } },
        body: { name: 'Renamed' },
      }),
    );
    expect(ifMatch).toBe('"3"');
    expect(invalidated(keys.event)).toBe(true);
    expect(invalidated(keys.list)).toBe(true);
  });

  it('a deletion forgets the event and invalidates the lists', async () => {
    answer = () => new Response(null, { status: 204 });
    const result = render();
    await act(() => result.current.remove.mutateAsync({ params: { path: { id: 1 } } }));
    expect(queryClient.getQueryState(keys.event)).toBeUndefined();
    expect(queryClient.getQueryState(keys.attendees)).toBeUndefined();
    expect(invalidated(keys.list)).toBe(true);
    expect(invalidated(keys.otherEvent)).toBe(false);
  });
});
