import { type MantineSpacing, Skeleton, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Items } from './api-types';
import { ErrorState } from './error-display';

interface SideListProps<T> {
  query: UseQueryResult<Items<T>>;
  /** Names the placeholder for screen readers ("Loading attachments"). */
  loadingLabel: string;
  /** Names the list for screen readers. */
  label: string;
  /** The dimmed line shown when there are none. */
  empty: ReactNode;
  /** The space under the empty line or the list. */
  mb?: MantineSpacing;
  /** One item as a list item (an <li>). */
  renderItem: (item: T) => ReactNode;
}

/** A side card's short list as it loads: two placeholder lines, the error with a retry, a line when empty, the items. */
export function SideList<T>({ query, loadingLabel, label, empty, mb, renderItem }: SideListProps<T>) {
  const items = query.data?.items ?? [];
  return (
    <>
      {query.isPending && (
        <Stack gap={6} aria-busy="true" aria-label={loadingLabel}>
          <Skeleton h={18} />
          <Skeleton h={18} />
        </Stack>
      )}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed" mb={mb}>
          {empty}
        </Text>
      )}
      {items.length > 0 && (
        <Stack component="ul" gap={8} p={0} m={0} mb={mb} style={{ listStyle: 'none' }} aria-label={label}>
          {items.map(renderItem)}
        </Stack>
      )}
    </>
  );
}
