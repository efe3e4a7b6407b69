import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BacklogItem } from '../backlog/api';
import type { Member } from '../members/api';
import { api } from '../ui/api-client';
import type { Page } from '../ui/api-types';
import { wsPath } from '../workspaces/api';

export type IncidentStatus = 'open' | 'resolved';
export type UpdateVisibility = 'public' | 'staff';
export interface PersonRef {
  membershipId: string;
  name: string | null;
}

export interface IncidentSummary {
  id: string;
  key: string;
  number: number;
  title: string;
  impact: string;
  status: IncidentStatus;
  declaredAt: string;
  commander: PersonRef | null;
  communicationsLead: PersonRef | null;
  updateCadenceMinutes: number;
  nextUpdateDueAt: string | null;
  updateOverdue: boolean;
  resolvedAt: string | null;
  resolution: string | null;
  version: number;
}

export interface IncidentListItem extends IncidentSummary {
  ticketCount: number;
  lastUpdateAt: string | null;
}

export interface IncidentUpdate {
  id: string;
  body: string;
  visibility: UpdateVisibility;
  author: PersonRef | null;
  createdAt: string;
}

export interface TimelineEvent {
  id: string;
  kind: string;
  at: string;
  actor: PersonRef | null;
  text: string;
}

export interface IncidentReview {
  whatHappened: string;
  impact: string;
  timeline: string;
  causes: string;
  wentWell: string;
  status: 'draft' | 'completed';
  completedAt: string | null;
  completedBy: PersonRef | null;
  updatedAt: string;
  version: number;
}

export interface IncidentAbilities {
  postUpdate: boolean;
  linkTickets: boolean;
  changeRoles: boolean;
  resolve: boolean;
  subscribeOthers: boolean;
  writeReview: boolean;
  completeReview: boolean;
}

export interface IncidentDetail extends IncidentSummary {
  declaredBy: PersonRef | null;
  resolvedBy: PersonRef | null;
  decisionId: string | null;
  tickets: Array<{ key: string; subject: string; status: string; priority: string; linkedAt: string }>;
  updates: IncidentUpdate[];
  subscribers: PersonRef[];
  subscribed: boolean;
  timeline: TimelineEvent[];
  review: IncidentReview | null;
  abilities: IncidentAbilities;
}

export interface IncidentResponse {
  incident: IncidentDetail;
  actions: BacklogItem[];
}

export interface BannerItem {
  key: string;
  title: string;
  declaredAt: string;
  latestUpdate: { body: string; createdAt: string } | null;
  subscribed: boolean;
}

const base = (slug: string) => `${wsPath(slug)}/incidents`;
const incidentPath = (slug: string, key: string) => `${base(slug)}/${encodeURIComponent(key)}`;

export function useIncidents(slug: string, status?: IncidentStatus) {
  return useQuery({
    queryKey: ['incidents', slug, 'list', status ?? 'all'],
    queryFn: ({ signal }) =>
      api<{ items: IncidentListItem[]; abilities: { declare: boolean }; declareRightHolder: string }>(
        base(slug),
        {
          signal,
          query: { status },
        },
      ),
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

export interface DeclareInput {
  title: string;
  impact: string;
  ticketKeys: string[];
  commanderMembershipId?: string | undefined;
  communicationsLeadMembershipId?: string | undefined;
  updateCadenceMinutes: number;
  rationale: string;
}

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
