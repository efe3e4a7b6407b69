import { Center, Loader, Skeleton, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { isApiError } from './api-client';
import { ErrorState } from './error-display';
import { Page } from './page-layout';

/** Placeholder rows while a list loads. */
export function ListSkeleton({ rows = 4, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <Stack gap="xs" aria-busy="true" aria-label={label}>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders never reorder
        <Skeleton key={index} height={44} radius="sm" />
      ))}
    </Stack>
  );
}

export function FullPageLoader({ label = 'Loading Tandem' }: { label?: string }) {
  return (
    <Center h="100dvh" aria-busy="true">
      <Loader aria-label={label} />
    </Center>
  );
}

/**
 * A page while its record loads, or after the load failed: placeholder rows, then the error with a
 * retry (or `notFound`, for a record that is not there). Used as
 * `if (!found.isSuccess) return <PagePending query={found} … />`, which leaves `found.data` loaded below.
 */
export function PagePending({
  query,
  title,
  label,
  rows,
  description,
  crumbs,
  notFound,
}: {
  query: { isPending: boolean; error: unknown; refetch: () => unknown };
  title: string;
  /** What is loading, for screen readers ("Loading the risk"). */
  label: string;
  rows?: number;
  description?: ReactNode;
  /** Shown above the state, as on the loaded page (the way back to the list). */
  crumbs?: ReactNode;
  notFound?: ReactNode;
}) {
  const missing = notFound !== undefined && isApiError(query.error) && query.error.status === 404;
  return (
    <Page title={title} description={description}>
      {crumbs}
      {query.isPending ? (
        <ListSkeleton rows={rows} label={label} />
      ) : missing ? (
        notFound
      ) : (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      )}
    </Page>
  );
}
