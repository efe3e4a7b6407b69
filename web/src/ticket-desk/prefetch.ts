import { catalogueQueryOptions } from '../portal/api';
import { mapQueryOptions } from '../responsibility/api';
import { ticketSlaQueryOptions } from '../sla/api';
import { ticketQueryOptions } from '../tickets/api';
import { isTicketKey } from '../tickets/labels';
import { partiesQueryOptions } from '../workspaces/api';
import { type PrefetchContext, staffMembership } from '../workspaces/prefetch';

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
