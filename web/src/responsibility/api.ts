import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as C from '../../../src/responsibility/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import type { Items } from '../ui/api-types';
import { wsPath } from '../workspaces/api';

export type RaciRole = C.RaciRole;
export type ChangeOp = C.AssignmentChange['op'];
export type ProposalStatus = C.ProposalStatus;
export type GapRule = C.Gap['rule'];
/** A service: from the services routes, or from the map (which adds the decision names, no createdAt). */
export type Service = Omit<Wire<C.Service>, 'createdAt'> &
  Partial<Pick<C.MapService, 'businessDecisionNames'>>;
export type Assignment = C.Assignment;
export type AssignmentChange = C.AssignmentChange;
export type Gap = C.Gap;
export type ResponsibilityMap = Wire<C.ResponsibilityMap>;
export type MapVersion = Wire<C.MapVersion>;
export type VersionDiff = C.VersionDiff;
/** A proposal: the list adds who proposed and how many changes, the detail who proposed and decided. */
export type Proposal = Wire<C.Proposal> &
  Partial<Pick<C.ProposalDetail['proposal'], 'proposedBy' | 'decidedBy'>>;
export type ProposalSummary = Wire<C.ProposalSummary>;
export type ProposalDetail = Wire<C.ProposalDetail>;

export type ServiceFields = Required<z.input<typeof C.ServiceBodySchema>>;

const base = (slug: string) => `${wsPath(slug)}/responsibility`;

export const mapQueryOptions = (slug: string, version?: number) =>
  queryOptions({
    queryKey: ['responsibility', slug, 'map', version ?? 'current'],
    queryFn: ({ signal }) => api<ResponsibilityMap>(`${base(slug)}/map`, { signal, query: { version } }),
    // Switching versions keeps the last map on screen until the next one arrives.
    placeholderData: keepPreviousData,
  });

export function useResponsibilityMap(slug: string, version?: number, enabled = true) {
  return useQuery({ ...mapQueryOptions(slug, version), enabled });
}

export function useMapVersions(slug: string) {
  return useQuery({
    queryKey: ['responsibility', slug, 'versions'],
    queryFn: ({ signal }) => api<Items<MapVersion>>(`${base(slug)}/versions`, { signal }),
  });
}

export function useVersionDiff(slug: string, from: number | undefined, to: number | undefined) {
  return useQuery({
    queryKey: ['responsibility', slug, 'diff', from, to],
    queryFn: ({ signal }) => api<VersionDiff>(`${base(slug)}/versions/diff`, { signal, query: { from, to } }),
    enabled: from !== undefined && to !== undefined && from !== to,
    placeholderData: keepPreviousData,
  });
}

export function useProposals(slug: string, status?: ProposalStatus) {
  return useQuery({
    queryKey: ['responsibility', slug, 'proposals', status ?? 'all'],
    queryFn: ({ signal }) =>
      api<Items<ProposalSummary>>(`${base(slug)}/proposals`, { signal, query: { status } }),
    placeholderData: keepPreviousData,
  });
}

export function useProposal(slug: string, number: number) {
  return useQuery({
    queryKey: ['responsibility', slug, 'proposal', number],
    queryFn: ({ signal }) => api<ProposalDetail>(`${base(slug)}/proposals/${number}`, { signal }),
  });
}

/** After any change: the map, its versions and the proposals may all have moved. */
function useRefreshResponsibility(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['responsibility', slug] });
}

export interface ProposalInput {
  title: string;
  rationale: string;
  changes?: Array<Omit<AssignmentChange, 'personName'>>;
  /** Service priorities to set when the internal lead approves. */
  priorityChanges?: Array<{ serviceId: string; businessPriority: number | null }>;
}

/** The business's service priorities, 1 critical … 4 low. */
export const PRIORITY_LABELS: Record<number, string> = { 1: 'Critical', 2: 'High', 3: 'Medium', 4: 'Low' };

/** Sets a service's business priority (the internal lead only; a provider proposes instead). */
export function useSetServicePriority(slug: string) {
  const refresh = useRefreshResponsibility(slug);
  return useMutation({
    mutationFn: ({ service, businessPriority }: { service: Service; businessPriority: number | null }) =>
      api<{ service: Service }>(`${wsPath(slug)}/services/${service.id}/priority`, {
        method: 'PUT',
        body: { version: service.version, businessPriority },
      }),
    onSettled: refresh,
  });
}

export function useCreateProposal(slug: string) {
  const refresh = useRefreshResponsibility(slug);
  return useMutation({
    mutationFn: ({ key, ...body }: ProposalInput & { key: string }) =>
      api<{ proposal: Proposal }>(`${base(slug)}/proposals`, { method: 'POST', body, idempotencyKey: key }),
    onSuccess: refresh,
  });
}

export type ProposalAction = 'approve' | 'reject' | 'withdraw';

export function useDecideProposal(slug: string, number: number) {
  const refresh = useRefreshResponsibility(slug);
  return useMutation({
    mutationFn: ({ action, note }: { action: ProposalAction; note?: string }) =>
      api<{ proposal: Proposal; version?: { number: number; createdAt: string } }>(
        `${base(slug)}/proposals/${number}/${action}`,
        { method: 'POST', body: action === 'withdraw' ? undefined : note ? { note } : {} },
      ),
    onSettled: refresh,
  });
}

export function useCreateService(slug: string) {
  const refresh = useRefreshResponsibility(slug);
  return useMutation({
    mutationFn: ({ key, ...body }: ServiceFields & { key: string }) =>
      api<{ service: Service }>(`${wsPath(slug)}/services`, { method: 'POST', body, idempotencyKey: key }),
    onSuccess: refresh,
  });
}

export function useUpdateService(slug: string) {
  const refresh = useRefreshResponsibility(slug);
  return useMutation({
    mutationFn: ({ service, fields }: { service: Service; fields: Partial<ServiceFields> }) =>
      api<{ service: Service }>(`${wsPath(slug)}/services/${service.id}`, {
        method: 'PATCH',
        body: { version: service.version, ...fields },
      }),
    onSettled: refresh,
  });
}

export function useSetServiceStatus(slug: string) {
  const refresh = useRefreshResponsibility(slug);
  return useMutation({
    mutationFn: ({ service, active }: { service: Service; active: boolean }) =>
      api<{ service: Service }>(`${wsPath(slug)}/services/${service.id}/${active ? 'reinstate' : 'retire'}`, {
        method: 'POST',
      }),
    onSettled: refresh,
  });
}

/** Export links are plain downloads: the browser sends the session cookie with them. */
export function exportUrl(slug: string, format: 'csv' | 'md' | 'html', version?: number): string {
  const query = version === undefined ? '' : `?version=${version}`;
  return `${base(slug)}/map/export/${format}${query}`;
}
