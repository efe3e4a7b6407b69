import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../ui/api-client';

/** Retries only what may succeed on its own: network failures and 5xx, twice. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
          return failureCount < 2;
        },
        staleTime: 10_000,
      },
      mutations: { retry: false },
    },
  });
}
