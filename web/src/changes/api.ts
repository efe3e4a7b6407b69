import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CalendarResponse,
  ChangeDetail,
  ChangeListResponse,
  FeedListResponse,
  FeedView,
  FreezeListResponse,
  SuccessRateResponse,
  TemplateListResponse,
} from '../../../src/changes/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type Change = Wire<ChangeDetail>;
export type ChangeList = Wire<ChangeListResponse>;
export type ChangeListItem = ChangeList['items'][number];
export type Calendar = Wire<CalendarResponse>;
export type CalendarChange = Calendar['changes'][number];
export type Freeze = Calendar['freezes'][number];
export type Feed = Wire<FeedView>;
export type Templates = Wire<TemplateListResponse>;
export type ChangeType = Change['type'];
export type ChangeStatus = Change['status'];

const base = (slug: string) => `${wsPath(slug)}/changes`;
export const changePath = (slug: string, key: string) => `${base(slug)}/${encodeURIComponent(key)}`;

export function useChanges(slug: string, status?: string) {
  return useQuery({
    queryKey: ['changes', slug, 'list', status ?? 'all'],
    queryFn: ({ signal }) =>
      api<ChangeList>(base(slug), { signal, query: { status: status || undefined, limit: 100 } }),
  });
}

export const changeQueryOptions = (slug: string, key: string) =>
  queryOptions({
    queryKey: ['changes', slug, 'detail', key.toUpperCase()],
    queryFn: ({ signal }) => api<{ change: Change }>(changePath(slug, key), { signal }),
  });

export const useChange = (slug: string, key: string) => useQuery(changeQueryOptions(slug, key));

export function useCalendar(
  slug: string,
  query: {
    from: string;
    to: string;
    partyId?: string | undefined;
    serviceId?: string | undefined;
    systemId?: string | undefined;
  },
) {
  return useQuery({
    queryKey: ['changes', slug, 'calendar', query],
    queryFn: ({ signal }) => api<Calendar>(`${base(slug)}/calendar`, { signal, query }),
    placeholderData: (previous) => previous,
  });
}

export function useFreezes(slug: string) {
  return useQuery({
    queryKey: ['changes', slug, 'freezes'],
    queryFn: ({ signal }) => api<Wire<FreezeListResponse>>(`${wsPath(slug)}/change-freezes`, { signal }),
  });
}

export function useTemplates(slug: string) {
  return useQuery({
    queryKey: ['changes', slug, 'templates'],
    queryFn: ({ signal }) => api<Templates>(`${wsPath(slug)}/change-templates`, { signal }),
  });
}

export function useFeeds(slug: string) {
  return useQuery({
    queryKey: ['changes', slug, 'feeds'],
    queryFn: ({ signal }) => api<Wire<FeedListResponse>>(`${wsPath(slug)}/change-feeds`, { signal }),
  });
}

export function useSuccessRate(slug: string, from: string, to: string) {
  return useQuery({
    queryKey: ['changes', slug, 'success-rate', from, to],
    queryFn: ({ signal }) =>
      api<Wire<SuccessRateResponse>>(`${base(slug)}/success-rate`, { signal, query: { from, to } }),
  });
}

export interface ChangeWrite {
  path: string;
  method?: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  idempotencyKey?: string;
}

/** Any write in the change area: a path under the workspace, a method and a body; everything reloads after. */
export function useChangeWrite(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, method = 'POST', body, idempotencyKey }: ChangeWrite) =>
      api<unknown>(`${wsPath(slug)}${path}`, { method, body, idempotencyKey }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['changes', slug] }),
        queryClient.invalidateQueries({ queryKey: ['decisions', slug] }),
      ]),
  });
}

export const STATUS_LABELS: Record<ChangeStatus, string> = {
  draft: 'Draft',
  submitted: 'Awaiting approval',
  approved: 'Approved',
  rejected: 'Rejected',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  implemented: 'Implemented',
  failed: 'Failed',
  backed_out: 'Backed out',
  reviewed: 'Closed',
};
export const STATUS_COLORS: Record<ChangeStatus, string> = {
  draft: 'gray',
  submitted: 'yellow',
  approved: 'teal',
  rejected: 'red',
  scheduled: 'blue',
  in_progress: 'violet',
  implemented: 'green',
  failed: 'red',
  backed_out: 'orange',
  reviewed: 'dark',
};
export const RISK_COLORS = { low: 'green', medium: 'yellow', high: 'orange', very_high: 'red' } as const;
export const RISK_LABELS = { low: 'Low', medium: 'Medium', high: 'High', very_high: 'Very high' } as const;
export const TYPE_LABELS: Record<ChangeType, string> = {
  standard: 'Standard',
  normal: 'Normal',
  emergency: 'Emergency',
};
