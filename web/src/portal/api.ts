import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Wire } from '../../../src/server/http.ts';
import type { TicketExpectations as TicketExpectationsView } from '../../../src/sla/contract.ts';
import type { CatalogueItem } from '../tickets/types';
import { api } from '../ui/api-client';
import type { Items } from '../ui/api-types';
import { wsPath } from '../workspaces/api';

export const catalogueQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['catalogue', slug],
    queryFn: ({ signal }) => api<Items<CatalogueItem>>(`${wsPath(slug)}/catalogue`, { signal }),
    staleTime: 60_000,
  });

/** The active catalogue, sorted by service then name (as the server sends it). */
export function useCatalogue(slug: string, enabled = true) {
  return useQuery({ ...catalogueQueryOptions(slug), enabled });
}

export interface ServiceGroup {
  serviceId: string;
  serviceName: string;
  items: CatalogueItem[];
}

/** Items grouped by their service, keeping the server's order. */
export function groupByService(items: CatalogueItem[]): ServiceGroup[] {
  const groups = new Map<string, ServiceGroup>();
  for (const item of items) {
    let group = groups.get(item.serviceId);
    if (!group) {
      group = { serviceId: item.serviceId, serviceName: item.serviceName ?? 'Other', items: [] };
      groups.set(item.serviceId, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

/** A Select's options for choosing a catalogue item: the items grouped under their service. */
export const catalogueOptions = (items: CatalogueItem[]) =>
  groupByService(items).map((g) => ({
    group: g.serviceName,
    items: g.items.map((i) => ({ value: i.id, label: i.name })),
  }));

/** Whether an item matches every word typed, in its name, description or service. */
export function matchesSearch(item: CatalogueItem, q: string): boolean {
  const haystack = `${item.name} ${item.description} ${item.serviceName ?? ''}`.toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

export type TicketExpectations = Wire<TicketExpectationsView>;
export type Expectation = TicketExpectations['items'][number];

/** When the requester can expect a reply and a resolution (due times only, from the SLA clocks). */
export function useTicketExpectations(slug: string, key: string) {
  return useQuery({
    queryKey: ['tickets', slug, 'expectations', key.toUpperCase()],
    queryFn: ({ signal }) =>
      api<TicketExpectations>(`${wsPath(slug)}/tickets/${encodeURIComponent(key)}/expectations`, { signal }),
    // A priority change moves the times; poll like the request itself.
    refetchInterval: 60_000,
  });
}
