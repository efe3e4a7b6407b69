import { decisionsQueryOptions } from '../decisions/api';
import { mapQueryOptions } from '../responsibility/api';
import { partiesQueryOptions } from '../workspaces/api';
import { type PrefetchContext, staffMembership } from '../workspaces/prefetch';

/** A staff member's home: decisions awaiting them, the map's health and the parties. */
export function prefetchWorkspaceHome({ queryClient, me }: PrefetchContext, slug: string) {
  if (!staffMembership(me, slug)) return;
  // The same query as the home's "Awaiting your decision" card (its five newest).
  void queryClient.prefetchInfiniteQuery(decisionsQueryOptions(slug, { awaitingMe: true }, 5));
  void queryClient.prefetchQuery(mapQueryOptions(slug));
  void queryClient.prefetchQuery(partiesQueryOptions(slug));
}
