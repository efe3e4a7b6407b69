import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../ui/api-client';
import type { PartyKind } from '../ui/api-types';
import { wsPath } from '../workspaces/api';

export const BACKLOG_STATUSES = ['proposed', 'planned', 'in_progress', 'done', 'dropped'] as const;
export type BacklogStatus = (typeof BACKLOG_STATUSES)[number];
export type BacklogPriority = 'high' | 'medium' | 'low';
export type BacklogSource = 'post_incident_review' | 'problem' | 'service_review' | 'proposal' | 'risk';

export const STATUS_LABELS: Record<BacklogStatus, string> = {
  proposed: 'Proposed',
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};
export const PRIORITY_LABELS: Record<BacklogPriority, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};
export const PRIORITY_COLORS: Record<BacklogPriority, string> = {
  high: 'red',
  medium: 'orange',
  low: 'gray',
};
export const SOURCE_LABELS: Record<BacklogSource, string> = {
  post_incident_review: 'Post-incident review',
  problem: 'Problem',
  service_review: 'Service review',
  proposal: 'Proposal',
  risk: 'Risk treatment',
};

export interface BacklogItem {
  id: string;
  key: string;
  number: number;
  title: string;
  why: string;
  owner: { partyId: string; name: string; kind: PartyKind };
  priority: BacklogPriority;
  status: BacklogStatus;
  targetQuarter: string | null;
  rank: number;
  source: { kind: BacklogSource; id: string | null; label: string | null; link: string | null };
  createdAt: string;
  updatedAt: string;
  version: number;
  abilities: { update: boolean; prioritise: boolean };
}

const base = (slug: string) => `${wsPath(slug)}/backlog`;

export function useBacklog(slug: string) {
  return useQuery({
    queryKey: ['backlog', slug, 'list'],
    queryFn: ({ signal }) => api<{ items: BacklogItem[] }>(base(slug), { signal }),
  });
}

export interface NewBacklogItem {
  title: string;
  why: string;
  ownerPartyId: string;
  priority: BacklogPriority;
  targetQuarter: string | null;
  source: BacklogSource;
  sourceLabel?: string | null;
}

export function useCreateBacklogItem(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, ...body }: NewBacklogItem & { key: string }) =>
      api<{ item: BacklogItem }>(base(slug), { method: 'POST', body, idempotencyKey: key }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['backlog', slug] }),
  });
}

export function useMoveBacklogItem(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      item,
      status,
      position,
    }: {
      item: BacklogItem;
      status: BacklogStatus;
      position: number | undefined;
    }) =>
      api<{ item: BacklogItem }>(`${base(slug)}/${item.key}/move`, {
        method: 'POST',
        body: { version: item.version, status, position },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['backlog', slug] }),
  });
}

/** Quarters from this one, for the target-quarter picker (2027-Q1 …). */
export function upcomingQuarters(count = 8, from = new Date()): string[] {
  const quarters: string[] = [];
  let year = from.getFullYear();
  let q = Math.floor(from.getMonth() / 3) + 1;
  for (let i = 0; i < count; i++) {
    quarters.push(`${year}-Q${q}`);
    q += 1;
    if (q > 4) {
      q = 1;
      year += 1;
    }
  }
  return quarters;
}

export function useUpdateBacklogItem(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      item,
      changes,
    }: {
      item: BacklogItem;
      changes: Partial<Pick<BacklogItem, 'title' | 'why' | 'priority' | 'targetQuarter'>> & {
        ownerPartyId?: string;
      };
    }) =>
      api<{ item: BacklogItem }>(`${base(slug)}/${item.key}`, {
        method: 'PATCH',
        body: { version: item.version, ...changes },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['backlog', slug] }),
  });
}
