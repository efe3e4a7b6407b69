import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ControlEvidenceResponse,
  ControlsResponse,
  EvidenceLibraryResponse,
  ObligationDetail,
  ObligationListResponse,
  ObligationResponse,
  OccurrenceListResponse,
  OccurrenceResponse,
  OccurrenceView,
} from '../../../src/obligations/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api, uploadFile } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type ObligationList = Wire<ObligationListResponse>;
export type Obligation = ObligationList['items'][number];
export type ObligationFull = Wire<ObligationDetail>;
export type Occurrence = Wire<OccurrenceView>;
export type OccurrenceDetail = Wire<OccurrenceResponse>;
export type EvidenceLibrary = Wire<EvidenceLibraryResponse>;
export type ControlEvidence = Wire<ControlEvidenceResponse>;

export const VIEW_LABELS: Record<Occurrence['view'], string> = {
  upcoming: 'Upcoming',
  due: 'Due soon',
  overdue: 'Overdue',
  submitted: 'Awaiting review',
  accepted: 'Accepted',
  rejected: 'Rejected, to redo',
};
export const VIEW_COLORS: Record<Occurrence['view'], string> = {
  upcoming: 'gray',
  due: 'blue',
  overdue: 'red',
  submitted: 'violet',
  accepted: 'teal',
  rejected: 'orange',
};

const base = (slug: string) => `${wsPath(slug)}/obligations`;

export const obligationsQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['obligations', slug, 'list'],
    queryFn: ({ signal }) => api<ObligationList>(base(slug), { signal }),
  });

export function useAttention(slug: string) {
  return useQuery({
    queryKey: ['obligations', slug, 'attention'],
    queryFn: ({ signal }) => api<Wire<OccurrenceListResponse>>(`${base(slug)}/occurrences`, { signal }),
  });
}

export function useObligation(slug: string, key: string) {
  return useQuery({
    queryKey: ['obligations', slug, 'one', key],
    queryFn: ({ signal }) =>
      api<Wire<ObligationResponse>>(`${base(slug)}/${encodeURIComponent(key)}`, { signal }),
  });
}

export function useOccurrence(slug: string, id: string) {
  return useQuery({
    queryKey: ['obligations', slug, 'occurrence', id],
    queryFn: ({ signal }) => api<OccurrenceDetail>(`${base(slug)}/occurrences/${id}`, { signal }),
  });
}

export function useControls(slug: string) {
  return useQuery({
    queryKey: ['obligation-controls', slug],
    queryFn: ({ signal }) => api<Wire<ControlsResponse>>(`${base(slug)}/controls`, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useEvidenceLibrary(slug: string) {
  return useQuery({
    queryKey: ['obligations', slug, 'evidence'],
    queryFn: ({ signal }) => api<EvidenceLibrary>(`${base(slug)}/evidence`, { signal }),
  });
}

export function useControlEvidence(slug: string, ref: string | null) {
  return useQuery({
    queryKey: ['obligations', slug, 'evidence', ref],
    queryFn: ({ signal }) =>
      api<ControlEvidence>(`${base(slug)}/evidence/${encodeURIComponent(ref ?? '')}`, { signal }),
    enabled: ref !== null,
  });
}

function useRefresh(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['obligations', slug] });
}

export type NewObligation = {
  title: string;
  description: string;
  controls: string[];
  serviceId: string;
  accountableMembershipId: string;
  rrule: string;
  dueTime: string;
  graceHours: number;
  checklist: string[];
  requiredFiles: string[];
  figure: { name: string; unit: string } | null;
  attestation: string;
};

export function useCreateObligation(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: NewObligation; idempotencyKey: string }) =>
      api<Wire<ObligationResponse>>(base(slug), { method: 'POST', body, idempotencyKey }),
    onSuccess: refresh,
  });
}

/**
 * One mutation per occurrence action. Each answers with the occurrence as it now is; that answer
 * replaces the cached one at once, so the next action sends the new version.
 */
export function useOccurrenceAction(slug: string, id: string) {
  const queryClient = useQueryClient();
  const refresh = useRefresh(slug);
  const key = ['obligations', slug, 'occurrence', id];
  const store = (data: OccurrenceDetail) => {
    queryClient.setQueryData(key, data);
    return refresh();
  };
  const path = `${base(slug)}/occurrences/${id}`;
  return {
    evidence: useMutation({
      mutationFn: (body: { version: number; checkedItems?: string[]; figureValue?: number | null }) =>
        api<OccurrenceDetail>(`${path}/evidence`, { method: 'PATCH', body }),
      onSuccess: store,
    }),
    upload: useMutation({
      mutationFn: ({ file, requirement }: { file: File; requirement: string }) =>
        uploadFile<unknown>(`${path}/files`, file, { requirement, filename: file.name }),
      onSuccess: refresh,
    }),
    submit: useMutation({
      mutationFn: (body: { version: number; attest: boolean }) =>
        api<OccurrenceDetail>(`${path}/submit`, { method: 'POST', body }),
      onSuccess: store,
    }),
    accept: useMutation({
      mutationFn: (body: { version: number }) =>
        api<OccurrenceDetail>(`${path}/accept`, { method: 'POST', body }),
      onSuccess: store,
    }),
    reject: useMutation({
      mutationFn: (body: { version: number; reason: string }) =>
        api<OccurrenceDetail>(`${path}/reject`, { method: 'POST', body }),
      onSuccess: store,
    }),
  };
}

export const fileUrl = (slug: string, occurrenceId: string, fileId: string) =>
  `${base(slug)}/occurrences/${occurrenceId}/files/${fileId}`;
