import { ErrorState } from './error-display';
import { ListSkeleton } from './loading';

/**
 * A list's load before it has data: placeholder rows while pending, the error with a retry after a
 * failure, nothing once loaded (the caller shows the list or its empty state). A file of its own, not
 * in loading.tsx, which the portal's first load carries.
 */
export function QueryStatus({
  query,
  rows,
  label,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  rows?: number;
  label?: string;
}) {
  if (query.isPending) return <ListSkeleton rows={rows} label={label} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return null;
}
