import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DeclareIncidentBody,
  IncidentBanner,
  IncidentDetail as IncidentDetailView,
  IncidentList,
  IncidentPage,
  IncidentReviewView,
} from '../../../src/incidents/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import type { Member } from '../members/api';
import { api } from '../ui/api-client';
import type { Page } from '../ui/api-types';
import { wsPath } from '../workspaces/api';

export type IncidentDetail = Wire<IncidentDetailView>;
export type IncidentResponse = Wire<IncidentPage>;
export type IncidentListItem = Wire<IncidentList['items'][number]>;
export type IncidentSummary = IncidentListItem;
export type IncidentStatus = IncidentDetail['status'];
export type UpdateVisibility = IncidentUpdate['visibility'];
export type PersonRef = IncidentDetail['subscribers'][number];
export type IncidentUpdate = IncidentDetail['updates'][number];
export type TimelineEvent = IncidentDetail['timeline'][number];
export type IncidentReview = Wire<IncidentReviewView>;
export type IncidentAbilities = IncidentDetail['abilities'];
export type BannerItem = Wire<IncidentBanner>['items'][number];

const base = (slug: string) => `${wsPath(slug)}/incidents`;
const incidentPath = (slug: string, key: string) => `${base(slug)}/${encodeURIComponent(key)}`;

export function useIncidents(slug: string, status?: IncidentStatus) {
  return useQuery({
    queryKey: ['incidents', slug, 'list', status ?? 'all'],
    queryFn: ({ signal }) => api<Wire<IncidentList>>(base(slug), { signal, query: { status } }),
  });
}

export const incidentQueryOptions = (slug: string, key: string) =>
  queryOptions({
    queryKey: ['incidents', slug, 'detail', key.toUpperCase()],
    queryFn: ({ signal }) => api<IncidentResponse>(incidentPath(slug, key), { signal }),
  });

export function useIncident(slug: string, key: string) {
  // While open, the page keeps itself current: updates from others and an update falling due.
  return useQuery({
    ...incidentQueryOptions(slug, key),
    refetchInterval: (query) => (query.state.data?.incident.status === 'open' ? 30_000 : false),
  });
}

/** The portal's banner: open incidents and their latest public update, refreshed every minute. */
export function useIncidentBanner(slug: string) {
  return useQuery({
    queryKey: ['incidents', slug, 'banner'],
    queryFn: ({ signal }) => api<{ items: BannerItem[] }>(`${base(slug)}/banner`, { signal }),
    refetchInterval: 60_000,
  });
}

/** Active staff of every party, for the commander and communications pickers. */
export function useStaffMembers(slug: string, enabled = true) {
  return useQuery({
    queryKey: ['members', slug, { status: 'active', picker: 'incident' }],
    queryFn: ({ signal }) =>
      api<Page<Member>>(`${wsPath(slug)}/members`, { signal, query: { status: 'active', limit: 200 } }),
    select: (page) =>
      page.items.filter((m) => m.party !== null && m.role !== 'viewer' && m.role !== 'requester'),
    enabled,
    staleTime: 60_000,
  });
}

function useRefresh(slug: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['incidents', slug] }),
      queryClient.invalidateQueries({ queryKey: ['backlog', slug] }),
    ]);
}

export type DeclareInput = DeclareIncidentBody;

export function useDeclareIncident(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ key, ...body }: DeclareInput & { key: string }) =>
      api<IncidentResponse>(base(slug), { method: 'POST', body, idempotencyKey: key }),
    onSuccess: refresh,
  });
}

/** Every change to one incident: a sub-path, a method and a body; the incident is reloaded after. */
export function useIncidentChange(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({
      path,
      method = 'POST',
      body,
      idempotencyKey,
    }: {
      path: string;
      method?: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
      body?: unknown;
      idempotencyKey?: string;
    }) => api<unknown>(`${incidentPath(slug, key)}${path}`, { method, body, idempotencyKey }),
    onSettled: refresh,
  });
}

export function useSubscribeFromBanner(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({
      key,
      subscribe,
      membershipId,
    }: {
      key: string;
      subscribe: boolean;
      membershipId: string;
    }) =>
      subscribe
        ? api(`${incidentPath(slug, key)}/subscribers`, { method: 'POST', body: {} })
        : api(`${incidentPath(slug, key)}/subscribers/${membershipId}`, { method: 'DELETE' }),
    onSettled: refresh,
  });
}
