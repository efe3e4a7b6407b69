import type { QueryClient } from '@tanstack/react-query';
import { decisionsQueryOptions } from '../decisions/api';
import { catalogueQueryOptions } from '../portal/api';
import { mapQueryOptions } from '../responsibility/api';
import { ticketSlaQueryOptions } from '../sla/api';
import { ticketQueryOptions, ticketsQueryOptions } from '../tickets/api';
import { isTicketKey } from '../tickets/labels';
import { type StaffQueue, type TicketsSearch, toListQuery } from '../tickets/tickets-search';
import type { Me } from '../ui/api-types';
import { partiesQueryOptions } from '../workspaces/api';

/**
 * Route loaders start a page's data as soon as the session is known, beside the page's code, instead
 * of each query waiting for the workspace and then the page to render (one round trip and one render
 * each). They never wait for the data (the page shows its own loading state) and they ignore failures:
 * the page's own query reports them.
 */
interface PrefetchContext {
  queryClient: QueryClient;
  me: Me;
}

/** Whether the signed-in person works the desk in this workspace (staff of a party, not a requester). */
function staffMembership(me: Me, slug: string) {
  const membership = me.memberships.find((m) => m.workspace.slug === slug);
  return membership?.party && membership.role !== 'requester' ? membership : undefined;
}

/** A staff member's home: decisions awaiting them, the map's health and the parties. */
export function prefetchWorkspaceHome({ queryClient, me }: PrefetchContext, slug: string) {
  if (!staffMembership(me, slug)) return;
  // The same query as the home's "Awaiting your decision" card (its five newest).
  void queryClient.prefetchInfiniteQuery(decisionsQueryOptions(slug, { awaitingMe: true }, 5));
  void queryClient.prefetchQuery(mapQueryOptions(slug));
  void queryClient.prefetchQuery(partiesQueryOptions(slug));
}

/** The queue's first page, with the same query the page asks for (see `Desk` in tickets/tickets-page.tsx). */
export function prefetchQueue({ queryClient, me }: PrefetchContext, slug: string, search: TicketsSearch) {
  const membership = staffMembership(me, slug);
  // Requesters see the portal's notice; a search shows search results, not the queue.
  if (!membership || search.q) return;
  const internal = membership.party?.kind === 'internal';
  const queue: StaffQueue = search.queue === 'all' && !internal ? 'mine' : (search.queue ?? 'mine');
  void queryClient.prefetchInfiniteQuery(ticketsQueryOptions(slug, toListQuery({ ...search, queue })));
}

/** What the staff ticket page shows first: the ticket, its clocks and the parties' names. */
export function prefetchTicketPage({ queryClient, me }: PrefetchContext, slug: string, key: string) {
  // A requester gets the portal's view of the ticket, which asks for other data.
  if (!staffMembership(me, slug) || !isTicketKey(key)) return;
  void queryClient.prefetchQuery(ticketQueryOptions(slug, key));
  void queryClient.prefetchQuery(partiesQueryOptions(slug));
  void queryClient.prefetchQuery(ticketSlaQueryOptions(slug, key));
}

/** The staff's new ticket form waits for the catalogue before offering its items. */
export function prefetchNewTicketPage({ queryClient, me }: PrefetchContext, slug: string) {
  if (!staffMembership(me, slug)) return;
  void queryClient.prefetchQuery(catalogueQueryOptions(slug));
  void queryClient.prefetchQuery(mapQueryOptions(slug));
}
