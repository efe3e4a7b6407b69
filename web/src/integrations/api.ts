import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AlertRuleInput,
  CreateIntegrationBody,
  IntegrationCredentialResponse,
  IntegrationDetailResponse,
  IntegrationListResponse,
  IntegrationResponse,
  UpdateIntegrationBody,
} from '../../../src/alerts/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { wsPath } from '../workspaces/api';

export type IntegrationList = Wire<IntegrationListResponse>;
export type IntegrationDetail = Wire<IntegrationDetailResponse>;
export type Integration = IntegrationList['integrations'][number];
export type CredentialAnswer = Wire<IntegrationCredentialResponse>;

export const KIND_LABELS: Record<Integration['kind'], string> = {
  alertmanager: 'Prometheus Alertmanager',
  signed_webhook: 'Signed webhook (other monitoring or RMM tools)',
};

export function useIntegrations(slug: string) {
  return useQuery({
    queryKey: ['integrations', slug],
    queryFn: ({ signal }) => api<IntegrationList>(`${wsPath(slug)}/integrations`, { signal }),
  });
}

export function useIntegration(slug: string, id: string) {
  return useQuery({
    queryKey: ['integrations', slug, id],
    queryFn: ({ signal }) => api<IntegrationDetail>(`${wsPath(slug)}/integrations/${id}`, { signal }),
    refetchInterval: 10_000,
  });
}

export type NewIntegration = Required<Omit<CreateIntegrationBody, 'rules'>>;
export type AlertRule = AlertRuleInput;
export type IntegrationChanges = UpdateIntegrationBody;

export function useCreateIntegration(slug: string) {
  const queryClient = useQueryClient();
  const key = useIdempotencyKey();
  return useMutation({
    mutationFn: (body: NewIntegration) =>
      api<CredentialAnswer>(`${wsPath(slug)}/integrations`, {
        method: 'POST',
        body,
        idempotencyKey: key(body),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['integrations', slug] }),
  });
}

export function useRotateCredential(slug: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<CredentialAnswer>(`${wsPath(slug)}/integrations/${id}/rotate`, { method: 'POST', body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['integrations', slug] }),
  });
}

export function useUpdateIntegration(slug: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: IntegrationChanges) =>
      api<Wire<IntegrationResponse>>(`${wsPath(slug)}/integrations/${id}`, { method: 'PATCH', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['integrations', slug] }),
  });
}
