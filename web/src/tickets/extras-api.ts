import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Wire } from '../../../src/server/http.ts';
import type {
  TicketLink as TicketLinkContract,
  TimeEntry as TimeEntryContract,
} from '../../../src/tickets/contract.ts';
import { api } from '../ui/api-client';
import type { Items } from '../ui/api-types';
import { wsPath } from '../workspaces/api';
import type { TicketWatcher } from './types';

// Time entries, watchers and links of one ticket (docs/api.md, "Service catalogue and tickets").
// Every key sits under ['tickets', slug], so any change on the desk refreshes them too.

const ticketPath = (slug: string, key: string) => `${wsPath(slug)}/tickets/${encodeURIComponent(key)}`;

export type TimeEntry = Wire<TimeEntryContract>;

export function useTimeEntries(slug: string, key: string) {
  return useQuery({
    queryKey: ['tickets', slug, 'time', key.toUpperCase()],
    queryFn: ({ signal }) => api<Items<TimeEntry>>(`${ticketPath(slug, key)}/time`, { signal }),
  });
}

function useRefreshTicket(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['tickets', slug] });
}

export function useAddWatcher(slug: string, key: string) {
  const refresh = useRefreshTicket(slug);
  return useMutation({
    mutationFn: (partyId: string) =>
      api<{ watchers: TicketWatcher[] }>(`${ticketPath(slug, key)}/watchers`, {
        method: 'POST',
        body: { partyId },
      }),
    onSettled: refresh,
  });
}

export function useRemoveWatcher(slug: string, key: string) {
  const refresh = useRefreshTicket(slug);
  return useMutation({
    mutationFn: (partyId: string) =>
      api<void>(`${ticketPath(slug, key)}/watchers/${encodeURIComponent(partyId)}`, { method: 'DELETE' }),
    onSettled: refresh,
  });
}

export const LINK_KINDS = ['relates_to', 'duplicates', 'caused_by'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export type TicketLink = TicketLinkContract;

export function useLinks(slug: string, key: string) {
  return useQuery({
    queryKey: ['tickets', slug, 'links', key.toUpperCase()],
    queryFn: ({ signal }) => api<Items<TicketLink>>(`${ticketPath(slug, key)}/links`, { signal }),
  });
}

export function useAddLink(slug: string, key: string) {
  const refresh = useRefreshTicket(slug);
  return useMutation({
    mutationFn: (body: { ticket: string; kind: LinkKind }) =>
      api<void>(`${ticketPath(slug, key)}/links`, { method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useRemoveLink(slug: string, key: string) {
  const refresh = useRefreshTicket(slug);
  return useMutation({
    mutationFn: (other: string) =>
      api<void>(`${ticketPath(slug, key)}/links/${encodeURIComponent(other)}`, { method: 'DELETE' }),
    onSettled: refresh,
  });
}
