import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Decider as DeciderContract,
  DecisionAbilities as DecisionAbilitiesContract,
  DecisionComment as DecisionCommentContract,
  Decision as DecisionContract,
  DecisionDetail as DecisionDetailContract,
  DecisionListItem as DecisionListItemContract,
  DecisionStatus as DecisionStatusContract,
  DecisionType as DecisionTypeContract,
  DelegationBodySchema,
  ProposeBodySchema,
} from '../../../src/decisions/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import type { Items, Page } from '../ui/api-types';
import { filteredCursorPages } from '../ui/cursor-pages';
import { wsPath } from '../workspaces/api';

export type DecisionStatus = DecisionStatusContract;
export type Decider = DeciderContract;
export type DecisionType = Wire<DecisionTypeContract>;
export type DecisionOption = Decision['options'][number];
export type DecisionLink = Decision['links'][number];
export type DecisionAbilities = DecisionAbilitiesContract;
/** A decision as the list and the detail page send it (the detail adds who decided). */
export type Decision = Wire<DecisionContract> &
  Partial<Pick<DecisionDetail['decision'], 'proposedBy' | 'decidedBy'>>;
export type DecisionListItem = Wire<DecisionListItemContract>;
export type DecisionComment = Wire<DecisionCommentContract>;
export type DecisionDetail = Wire<DecisionDetailContract>;

export interface DecisionFilters {
  status?: DecisionStatus;
  typeKey?: string;
  q?: string;
  awaitingMe?: boolean;
}

export const STATUS_LABELS: Record<DecisionStatus, string> = {
  proposed: 'Awaiting decision',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

export const STATUS_COLORS: Record<DecisionStatus, string> = {
  proposed: 'blue',
  approved: 'teal',
  rejected: 'red',
  withdrawn: 'gray',
};

const base = (slug: string) => `${wsPath(slug)}/decisions`;

export const decisionTypesQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['decision-types', slug],
    queryFn: ({ signal }) => api<Items<DecisionType>>(`${wsPath(slug)}/decision-types`, { signal }),
    staleTime: 60_000,
  });

export function useDecisionTypes(slug: string, enabled = true) {
  return useQuery({ ...decisionTypesQueryOptions(slug), enabled });
}

export const decisionsQueryOptions = (slug: string, filters: DecisionFilters, limit = 50) =>
  infiniteQueryOptions({
    queryKey: ['decisions', slug, 'list', filters, limit],
    queryFn: ({ pageParam, signal }) =>
      api<Page<DecisionListItem>>(base(slug), {
        signal,
        query: { ...filters, awaitingMe: filters.awaitingMe ? 'true' : undefined, limit, cursor: pageParam },
      }),
    ...filteredCursorPages,
  });

export function useDecisions(slug: string, filters: DecisionFilters, limit = 50) {
  return useInfiniteQuery(decisionsQueryOptions(slug, filters, limit));
}

export function useDecision(slug: string, number: number) {
  return useQuery({
    queryKey: ['decisions', slug, 'detail', number],
    queryFn: ({ signal }) => api<DecisionDetail>(`${base(slug)}/${number}`, { signal }),
  });
}

function useRefreshDecisions(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['decisions', slug] });
}

export type NewDecision = z.input<typeof ProposeBodySchema>;

export function useProposeDecision(slug: string) {
  const refresh = useRefreshDecisions(slug);
  return useMutation({
    mutationFn: ({ key, ...body }: NewDecision & { key: string }) =>
      api<{ decision: Decision }>(base(slug), { method: 'POST', body, idempotencyKey: key }),
    onSuccess: refresh,
  });
}

export type DecisionAction = 'approve' | 'reject' | 'withdraw';

export function useDecide(slug: string, number: number) {
  const refresh = useRefreshDecisions(slug);
  return useMutation({
    mutationFn: ({ action, rationale }: { action: DecisionAction; rationale: string }) =>
      api<{ decision: Decision }>(`${base(slug)}/${number}/${action}`, {
        method: 'POST',
        body: { rationale },
      }),
    onSettled: refresh,
  });
}

export function useAddComment(slug: string, number: number) {
  const refresh = useRefreshDecisions(slug);
  return useMutation({
    mutationFn: ({ body, key }: { body: string; key: string }) =>
      api<{ comment: DecisionComment }>(`${base(slug)}/${number}/comments`, {
        method: 'POST',
        body: { body },
        idempotencyKey: key,
      }),
    onSettled: refresh,
  });
}

export type DeciderChange = Omit<z.input<typeof DelegationBodySchema>, 'version'>;

export function useChangeDecider(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ type, change }: { type: DecisionType; change: DeciderChange }) =>
      api<{ decisionType: DecisionType }>(`${wsPath(slug)}/decision-types/${type.id}`, {
        method: 'PATCH',
        body: { version: type.version, ...change },
      }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['decision-types', slug] }),
        queryClient.invalidateQueries({ queryKey: ['decisions', slug] }),
      ]),
  });
}

export const exportCsvUrl = (slug: string) => `${base(slug)}/export.csv`;

/** Links are shown only when they are web addresses: no javascript:, data: or file: links. */
export function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
