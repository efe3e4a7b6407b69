import { useQuery } from '@tanstack/react-query';
import type {
  LeadHome as LeadHomeView,
  Readiness as ReadinessView,
} from '../../../src/readiness/contract.ts';
import type { HeadlineMeasuresResponse } from '../../../src/reviews/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type Readiness = Wire<ReadinessView>;
export type ReadinessCheck = Readiness['checks'][number];
export type ReadinessStatus = ReadinessCheck['status'];
export type LeadHome = Wire<LeadHomeView>;

export function useReadiness(slug: string) {
  return useQuery({
    queryKey: ['readiness', slug],
    queryFn: ({ signal }) => api<Readiness>(`${wsPath(slug)}/readiness`, { signal }),
    staleTime: 30_000,
  });
}

/** The leads' home summary: the checklist in brief, SLA at risk, risks and obligations due. */
export function useLeadHome(slug: string) {
  return useQuery({
    queryKey: ['readiness', slug, 'home'],
    queryFn: ({ signal }) => api<LeadHome>(`${wsPath(slug)}/home`, { signal }),
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
}

export type HeadlineMeasures = Wire<HeadlineMeasuresResponse>;
export type HeadlineSeries = HeadlineMeasures['series'][number];

export const STATUS_LABEL: Record<ReadinessStatus, string> = {
  met: 'Met',
  partly: 'Partly met',
  not_met: 'Not met',
};
export const STATUS_COLOR: Record<ReadinessStatus, string> = {
  met: 'teal',
  partly: 'yellow',
  not_met: 'red',
};
