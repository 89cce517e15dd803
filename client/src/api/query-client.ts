import { QueryClient } from '@tanstack/react-query';
import { asApiError } from './client';

/** Retry what may pass a moment later (network, 5xx, 429), never a 4xx answer. */
function retryable(failures: number, error: unknown): boolean {
  const { status } = asApiError(error);
  return failures < 2 && (status === 0 || status === 429 || status >= 500);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: retryable, staleTime: 10_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
