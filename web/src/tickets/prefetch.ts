import { type PrefetchContext, staffMembership } from '../workspaces/prefetch';
import { ticketsQueryOptions } from './api';
import { type StaffQueue, type TicketsSearch, toListQuery } from './tickets-search';

/** The queue's first page, with the same query the page asks for (see `Desk` in tickets-page.tsx). */
export function prefetchQueue({ queryClient, me }: PrefetchContext, slug: string, search: TicketsSearch) {
  const membership = staffMembership(me, slug);
  // Requesters see the portal's notice; a search shows search results, not the queue.
  if (!membership || search.q) return;
  const internal = membership.party?.kind === 'internal';
  const queue: StaffQueue = search.queue === 'all' && !internal ? 'mine' : (search.queue ?? 'mine');
  void queryClient.prefetchInfiniteQuery(ticketsQueryOptions(slug, toListQuery({ ...search, queue })));
}
