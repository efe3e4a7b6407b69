import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ProblemDetail as ProblemDetailView,
  ProblemList,
  ProblemMeasures,
  ProblemView,
  ProposalView,
  RecurrenceRunView,
} from '../../../src/problems/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import type { Items } from '../ui/api-types';
import { wsPath } from '../workspaces/api';

export type Problem = Wire<ProblemView> & { ticketCount?: number };
export type ProblemStatus = Problem['status'];
export type WorkaroundKind = Problem['workaroundKind'];
export type ProblemDetail = Wire<ProblemDetailView>;
export type LinkedTicket = ProblemDetail['tickets'][number];
export type Measure = NonNullable<ProblemDetail['measure']>;
export type Proposal = Wire<ProposalView>;
export type RecurrenceRun = Wire<RecurrenceRunView>;

export const PROBLEM_STATUS_LABELS: Record<ProblemStatus, string> = {
  open: 'Open',
  investigating: 'Investigating',
  known_error: 'Known error',
  resolved: 'Resolved',
  closed: 'Closed',
};
export const WORKAROUND_LABELS: Record<WorkaroundKind, string> = {
  none: 'No workaround',
  temporary: 'Temporary workaround',
  accepted: 'Accepted workaround',
};

export type ProblemChange = Partial<
  Pick<
    Problem,
    | 'title'
    | 'description'
    | 'rootCause'
    | 'workaround'
    | 'workaroundKind'
    | 'workaroundExpiresOn'
    | 'knownError'
    | 'resolution'
    | 'status'
  >
>;

const base = (slug: string) => `${wsPath(slug)}/problems`;

export function useProblems(slug: string) {
  return useQuery({
    queryKey: ['problems', slug, 'list'],
    queryFn: ({ signal }) => api<Wire<ProblemList>>(base(slug), { signal }),
  });
}

export function useProblem(slug: string, key: string) {
  return useQuery({
    queryKey: ['problems', slug, 'detail', key],
    queryFn: ({ signal }) => api<ProblemDetail>(`${base(slug)}/${encodeURIComponent(key)}`, { signal }),
  });
}

export function useMeasures(slug: string) {
  return useQuery({
    queryKey: ['problems', slug, 'measures'],
    queryFn: ({ signal }) => api<Wire<ProblemMeasures>>(`${base(slug)}/measures`, { signal }),
  });
}

export function useProposals(slug: string) {
  return useQuery({
    queryKey: ['problems', slug, 'proposals'],
    queryFn: ({ signal }) => api<Items<Proposal>>(`${wsPath(slug)}/recurrence/proposals`, { signal }),
  });
}

export function useRuns(slug: string, polling: boolean) {
  return useQuery({
    queryKey: ['problems', slug, 'runs'],
    queryFn: ({ signal }) => api<Items<RecurrenceRun>>(`${wsPath(slug)}/recurrence/runs`, { signal }),
    refetchInterval: polling ? 1500 : false,
  });
}

function useRefresh(slug: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['problems', slug] });
}

export function useRunDetection(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: () => api<{ queued: boolean }>(`${wsPath(slug)}/recurrence/runs`, { method: 'POST' }),
    onSuccess: refresh,
  });
}

export function useCreateProblem(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (body: ProblemChange & { title: string; serviceId?: string | null; tickets?: string[] }) =>
      api<{ problem: Problem }>(base(slug), { method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useAcceptProposal(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ id, ...body }: ProblemChange & { id: string }) =>
      api<{ problem: Problem }>(`${wsPath(slug)}/recurrence/proposals/${id}/accept`, {
        method: 'POST',
        body,
      }),
    onSuccess: refresh,
  });
}

export function useDismissProposal(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api(`${wsPath(slug)}/recurrence/proposals/${id}/dismiss`, { method: 'POST', body: { reason } }),
    onSuccess: refresh,
  });
}

export function useUpdateProblem(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ problem, change }: { problem: Problem; change: ProblemChange }) =>
      api<{ problem: Problem }>(`${base(slug)}/${problem.key}`, {
        method: 'PATCH',
        body: { version: problem.version, ...change },
      }),
    onSuccess: refresh,
  });
}

export function useLinkTicket(slug: string, problemKey: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (ticket: string) =>
      api(`${base(slug)}/${problemKey}/tickets`, { method: 'POST', body: { ticket } }),
    onSuccess: refresh,
  });
}

export function useUnlinkTicket(slug: string, problemKey: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (ticket: string) =>
      api(`${base(slug)}/${problemKey}/tickets/${ticket}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
}
