import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../ui/api-client';
import type { Items, PartyRef } from '../ui/api-types';
import { wsPath } from '../workspaces/api';

export type RaciRole = 'A' | 'R' | 'C' | 'I';
export type ChangeOp = 'add' | 'remove';
export type ProposalStatus = 'proposed' | 'approved' | 'rejected' | 'withdrawn';
export type GapRule = 'NO_ACCOUNTABLE' | 'NO_RESPONSIBLE' | 'PROVIDER_ACCOUNTABLE_FOR_BUSINESS_DECISION';

export interface Service {
  id: string;
  key: string;
  name: string;
  description: string;
  status: 'active' | 'retired';
  version: number;
  carriesBusinessDecisions: boolean;
  decisionTypeKeys: string[];
  /** Only in the map's answer: the names of the decision types the service carries. */
  businessDecisionNames?: string[];
}

export interface Assignment {
  serviceId: string;
  partyId: string;
  /** Null: the whole party holds the role. */
  membershipId: string | null;
  personName: string | null;
  role: RaciRole;
}

export interface AssignmentChange extends Assignment {
  op: ChangeOp;
}

export interface Gap {
  serviceId: string;
  serviceName: string;
  rule: GapRule;
  severity: 'gap' | 'warning';
  message: string;
}

export interface ResponsibilityMap {
  version: { number: number; createdAt: string; summary: string; isCurrent: boolean };
  services: Service[];
  parties: PartyRef[];
  assignments: Assignment[];
  gaps: Gap[];
  abilities: { view?: boolean; propose?: boolean; manageServices?: boolean; decideProposal?: boolean };
}

export interface MapVersion {
  number: number;
  createdAt: string;
  summary: string;
  approvedBy: string | null;
  proposalId: string | null;
}

export interface VersionDiff {
  from: number;
  to: number;
  added: Assignment[];
  removed: Assignment[];
}

export interface Proposal {
  id: string;
  number: number;
  title: string;
  rationale: string;
  status: ProposalStatus;
  createdAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  proposedByMembershipId: string;
  proposedBy?: string | null;
  decidedBy?: string | null;
}

export interface ProposalSummary extends Proposal {
  changeCount: number;
}

export interface ProposalDetail {
  proposal: Proposal;
  changes: AssignmentChange[];
  abilities: { approve?: boolean; reject?: boolean; withdraw?: boolean };
}

export interface ServiceFields {
  name: string;
  description: string;
  carriesBusinessDecisions: boolean;
  decisionTypeKeys: string[];
}

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
  changes: Array<Omit<AssignmentChange, 'personName'>>;
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
