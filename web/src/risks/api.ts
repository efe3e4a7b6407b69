import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  RiskCategoriesResponse,
  RiskDetail,
  RiskListResponse,
  RiskResponse,
  RiskSummary,
} from '../../../src/risks/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type RiskList = Wire<RiskListResponse>;
export type Risk = Wire<RiskSummary>;
export type RiskFull = Wire<RiskDetail>;
export type RiskCategories = Wire<RiskCategoriesResponse>;
export type RiskLevel = Risk['residual']['level'];
export type HeatCell = RiskList['heatMap']['residual'][number][number];

export const LEVEL_COLORS: Record<RiskLevel, string> = {
  low: 'green',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};
export const LEVEL_LABELS: Record<RiskLevel, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};
export const TREATMENT_LABELS: Record<Risk['treatment'], string> = {
  mitigate: 'Mitigate',
  accept: 'Accept',
  transfer: 'Transfer',
  avoid: 'Avoid',
};
export const LIKELIHOOD_LABELS = ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'] as const;
export const IMPACT_LABELS = ['Negligible', 'Minor', 'Moderate', 'Major', 'Severe'] as const;

export const risksQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['risks', slug],
    queryFn: ({ signal }) => api<RiskList>(`${wsPath(slug)}/risks`, { signal }),
  });

export const riskQueryOptions = (slug: string, key: string) =>
  queryOptions({
    queryKey: ['risks', slug, key],
    queryFn: ({ signal }) =>
      api<Wire<RiskResponse>>(`${wsPath(slug)}/risks/${encodeURIComponent(key)}`, { signal }),
  });

export function useRiskCategories(slug: string) {
  return useQuery({
    queryKey: ['risk-categories', slug],
    queryFn: ({ signal }) => api<RiskCategories>(`${wsPath(slug)}/risks/categories`, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

function useRefresh(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['risks', slug] });
}

export type NewRisk = {
  title: string;
  description: string;
  csfCategory: string | null;
  ceControl: string | null;
  customCategory: string | null;
  inherentLikelihood: number;
  inherentImpact: number;
  residualLikelihood: number;
  residualImpact: number;
  treatment: Risk['treatment'];
  treatmentPartyId: string | null;
  ownerMembershipId: string;
  reviewOn: string | null;
  source?: { kind: NonNullable<RiskSummary['source']>['kind']; key: string };
};

export function useCreateRisk(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: NewRisk; idempotencyKey: string }) =>
      api<Wire<RiskResponse>>(`${wsPath(slug)}/risks`, { method: 'POST', body, idempotencyKey }),
    onSuccess: refresh,
  });
}

export function useAcceptRisk(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (body: { version: number; expiresAt: string; rationale: string }) =>
      api<Wire<RiskResponse>>(`${wsPath(slug)}/risks/${key}/accept`, { method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useUpdateRisk(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (body: Record<string, unknown> & { version: number }) =>
      api<Wire<RiskResponse>>(`${wsPath(slug)}/risks/${key}`, { method: 'PATCH', body }),
    onSuccess: refresh,
  });
}

export function useAddRiskAction(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({
      body,
      idempotencyKey,
    }: {
      body: { title: string; why: string; ownerPartyId: string };
      idempotencyKey: string;
    }) =>
      api<Wire<RiskResponse>>(`${wsPath(slug)}/risks/${key}/actions`, {
        method: 'POST',
        body,
        idempotencyKey,
      }),
    onSuccess: refresh,
  });
}

/** Links a change record (CHG-4) to the risk as a treatment action. */
export function useLinkRiskChange(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ change, idempotencyKey }: { change: string; idempotencyKey: string }) =>
      api<Wire<RiskResponse>>(`${wsPath(slug)}/risks/${key}/changes`, {
        method: 'POST',
        body: { change },
        idempotencyKey,
      }),
    onSuccess: refresh,
  });
}

export function useUnlinkRiskChange(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (change: string) =>
      api<void>(`${wsPath(slug)}/risks/${key}/changes/${encodeURIComponent(change)}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
}
