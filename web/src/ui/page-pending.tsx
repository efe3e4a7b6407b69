import type { ReactNode } from 'react';
import { isApiError } from './api-client';
import { ErrorState } from './error-display';
import { ListSkeleton } from './loading';
import { Page } from './page-layout';

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
