import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BacklogItemView, BacklogList, NewBacklogItemBody } from '../../../src/backlog/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type BacklogItem = Wire<BacklogItemView>;
export type BacklogStatus = BacklogItem['status'];
export type BacklogPriority = BacklogItem['priority'];
export type BacklogSource = BacklogItem['source']['kind'];
export const BACKLOG_STATUSES = [
  'proposed',
  'planned',
  'in_progress',
  'done',
  'dropped',
] as const satisfies readonly BacklogStatus[];

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
  post_change_review: 'Post-implementation review of a change',
  problem: 'Problem',
  service_review: 'Service review',
  proposal: 'Proposal',
  risk: 'Risk treatment',
};

const base = (slug: string) => `${wsPath(slug)}/backlog`;

export function useBacklog(slug: string) {
  return useQuery({
    queryKey: ['backlog', slug, 'list'],
    queryFn: ({ signal }) => api<Wire<BacklogList>>(base(slug), { signal }),
  });
}

export type NewBacklogItem = NewBacklogItemBody;

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
