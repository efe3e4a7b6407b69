import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { MapService } from '../../../src/responsibility/contract.ts';
import type { Member } from '../members/api';
import { api, isApiError } from '../ui/api-client';
import type { Items, Page } from '../ui/api-types';
import { filteredCursorPages } from '../ui/cursor-pages';
import { wsPath } from '../workspaces/api';
import type {
  CommentVisibility,
  Level,
  NewTicket,
  SearchHit,
  Ticket,
  TicketComment,
  TicketDetail,
  TicketListQuery,
  TicketPage,
  TicketStatus,
  TicketSummary,
} from './types';

/** How often the queue and an open ticket ask for changes (conditional GET, see docs/architecture.md). */
export const LIVE_POLL_MS = 10_000;

const base = (slug: string) => `${wsPath(slug)}/tickets`;
const ticketPath = (slug: string, key: string) => `${base(slug)}/${encodeURIComponent(key)}`;

export const ticketsQueryOptions = (slug: string, query: TicketListQuery, limit = 25) =>
  infiniteQueryOptions({
    queryKey: ['tickets', slug, 'list', query, limit],
    queryFn: async ({ pageParam, signal }) => {
      const sent = Date.now();
      const page = await api<TicketPage>(base(slug), {
        signal,
        query: { ...query, limit, cursor: pageParam },
      });
      // The server's clock minus ours, taken mid-flight: SLA countdowns use server time.
      return { ...page, serverOffsetMs: Date.parse(page.serverTime) - (sent + Date.now()) / 2 };
    },
    ...filteredCursorPages,
    // Others' changes show without a reload: polled while the tab is visible, answered 304 when unchanged.
    refetchInterval: LIVE_POLL_MS,
  });

export function useTickets(slug: string, query: TicketListQuery, limit = 25) {
  return useInfiniteQuery(ticketsQueryOptions(slug, query, limit));
}

export function useTicketSearch(slug: string, q: string) {
  return useQuery({
    queryKey: ['tickets', slug, 'search', q],
    queryFn: ({ signal }) =>
      api<Items<SearchHit>>(`${base(slug)}/search`, { signal, query: { q, limit: 30 } }),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

export const ticketQueryOptions = (slug: string, key: string) =>
  queryOptions({
    queryKey: ['tickets', slug, 'detail', key.toUpperCase()],
    queryFn: ({ signal }) => api<TicketDetail>(ticketPath(slug, key), { signal }),
    refetchInterval: LIVE_POLL_MS,
  });

export function useTicket(slug: string, key: string) {
  return useQuery(ticketQueryOptions(slug, key));
}

function useRefreshTickets(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['tickets', slug] });
}

export function useCreateTicket(slug: string) {
  const refresh = useRefreshTickets(slug);
  return useMutation({
    mutationFn: ({ key, ...body }: NewTicket & { key: string }) =>
      api<{ ticket: TicketSummary; routingReason: string }>(base(slug), {
        method: 'POST',
        body,
        idempotencyKey: key,
      }),
    onSuccess: refresh,
  });
}

export interface TicketChange {
  status?: TicketStatus;
  impact?: Level;
  urgency?: Level;
  assigneeMembershipId?: string | null;
}

/**
 * A change sends the version the page read. A STALE_VERSION refusal leaves the page as it was, so the
 * person sees what they tried and reloads on purpose; any other outcome refreshes the ticket.
 */
export function useUpdateTicket(slug: string) {
  const refresh = useRefreshTickets(slug);
  return useMutation({
    mutationFn: ({ ticket, change }: { ticket: Ticket; change: TicketChange }) =>
      api<{ ticket: TicketSummary }>(ticketPath(slug, ticket.key), {
        method: 'PATCH',
        body: { version: ticket.version, ...change },
      }),
    onSuccess: refresh,
    onError: (error) => {
      if (!isApiError(error, 'STALE_VERSION')) void refresh();
    },
  });
}

export function useHandOff(slug: string) {
  const refresh = useRefreshTickets(slug);
  return useMutation({
    mutationFn: ({
      ticket,
      toPartyId,
      reason,
    }: {
      ticket: Ticket;
      toPartyId: string | null;
      reason: string;
    }) =>
      api<{ ticket: TicketSummary }>(`${ticketPath(slug, ticket.key)}/handoff`, {
        method: 'POST',
        body: { version: ticket.version, toPartyId, reason },
      }),
    onSuccess: refresh,
  });
}

export function useAddTicketComment(slug: string, key: string) {
  const refresh = useRefreshTickets(slug);
  return useMutation({
    mutationFn: ({ body, visibility, idem }: { body: string; visibility: CommentVisibility; idem: string }) =>
      api<{ comment: TicketComment }>(`${ticketPath(slug, key)}/comments`, {
        method: 'POST',
        body: { body, visibility },
        idempotencyKey: idem,
      }),
    onSettled: refresh,
  });
}

export function useRateTicket(slug: string, key: string) {
  const refresh = useRefreshTickets(slug);
  return useMutation({
    mutationFn: (body: { rating: number; comment?: string }) =>
      api<{ rating: number; comment: string | null }>(`${ticketPath(slug, key)}/rating`, {
        method: 'POST',
        body,
      }),
    onSettled: refresh,
  });
}

export function useLogTime(slug: string, key: string) {
  const refresh = useRefreshTickets(slug);
  return useMutation({
    mutationFn: ({ idem, ...body }: { minutes: number; note?: string; spentOn?: string; idem: string }) =>
      api<{ entry: { id: string; minutes: number } }>(`${ticketPath(slug, key)}/time`, {
        method: 'POST',
        body,
        idempotencyKey: idem,
      }),
    onSuccess: refresh,
  });
}

/**
 * Active leads and agents of the parties (up to 200): the people a ticket can be assigned to.
 * Filtering happens here because the members route filters by one role at a time.
 */
/** Active members matching a search, for "on behalf of" when staff raise a ticket for someone. */
export function useMemberSearch(slug: string, q: string) {
  return useQuery({
    queryKey: ['members', slug, { status: 'active', q, picker: 'requester' }],
    queryFn: ({ signal }) =>
      api<Page<Member>>(`${wsPath(slug)}/members`, {
        signal,
        query: { status: 'active', q: q.trim() || undefined, limit: 20 },
      }),
    placeholderData: keepPreviousData,
  });
}

export type ServiceRef = Pick<MapService, 'id' | 'name' | 'status'>;

/**
 * The workspace's services, read from the current responsibility map. It shares the map page's cache
 * entry, so a service added there shows here too.
 */
export function useServices(slug: string, enabled = true) {
  return useQuery({
    queryKey: ['responsibility', slug, 'map', 'current'],
    queryFn: ({ signal }) =>
      api<{ services: ServiceRef[] }>(`${wsPath(slug)}/responsibility/map`, { signal }),
    select: (map) => map.services.filter((s) => s.status === 'active'),
    enabled,
    staleTime: 60_000,
  });
}
