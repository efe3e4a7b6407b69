import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OffboardingPreview, OffboardingResponse } from '../../../src/offboarding/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type Preview = Wire<OffboardingPreview>;
export type Offboarding = Wire<OffboardingResponse>['offboarding'];
export type OffboardingSummary = Pick<
  Offboarding,
  'id' | 'key' | 'person' | 'status' | 'startedAt' | 'completedAt'
>;

const base = (slug: string) => `${wsPath(slug)}/offboardings`;

export function useOffboardingPreview(slug: string, membershipId: string | null) {
  return useQuery({
    queryKey: ['offboarding-preview', slug, membershipId],
    queryFn: ({ signal }) =>
      api<{ preview: Preview }>(`${base(slug)}/preview`, { signal, query: { membershipId: membershipId! } }),
    enabled: membershipId !== null,
    staleTime: 0,
    gcTime: 0,
  });
}

export const offboardingsQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['offboardings', slug],
    queryFn: ({ signal }) => api<{ offboardings: OffboardingSummary[] }>(base(slug), { signal }),
  });

export const offboardingQueryOptions = (slug: string, id: string) =>
  queryOptions({
    queryKey: ['offboardings', slug, id],
    queryFn: ({ signal }) => api<{ offboarding: Offboarding }>(`${base(slug)}/${id}`, { signal }),
  });

export function useOffboard(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ membershipId, idempotencyKey }: { membershipId: string; idempotencyKey: string }) =>
      api<{ offboarding: Offboarding }>(base(slug), {
        method: 'POST',
        body: { membershipId },
        idempotencyKey,
      }),
    // The members list refreshes when the dialog closes (offboard-dialog.tsx): refreshed now, the
    // deactivated person's row (and this dialog with it) would vanish before the outcome is read.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['offboardings', slug] }),
  });
}

export function useCompleteTask(slug: string, offboardingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, evidence }: { taskId: string; evidence: string }) =>
      api<{ offboarding: Offboarding }>(`${base(slug)}/${offboardingId}/tasks/${taskId}/complete`, {
        method: 'POST',
        body: { evidence },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['offboardings', slug] }),
  });
}
