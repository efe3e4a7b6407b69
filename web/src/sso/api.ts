import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Wire } from '../../../src/server/http.ts';
import type {
  DomainRuleListResponse,
  DomainRuleResponse,
  SsoOverviewResponse,
} from '../../../src/sso/contract.ts';
import { api } from '../ui/api-client';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { wsPath } from '../workspaces/api';

export type DomainRuleList = Wire<DomainRuleListResponse>;
export type DomainRule = DomainRuleList['items'][number];

export function useDomainRules(slug: string) {
  return useQuery({
    queryKey: ['sso-domains', slug],
    queryFn: ({ signal }) => api<DomainRuleList>(`${wsPath(slug)}/sso-domains`, { signal }),
  });
}

export function useAddDomainRule(slug: string) {
  const queryClient = useQueryClient();
  const key = useIdempotencyKey();
  return useMutation({
    mutationFn: (body: { domain: string }) =>
      api<Wire<DomainRuleResponse>>(`${wsPath(slug)}/sso-domains`, {
        method: 'POST',
        body,
        idempotencyKey: key(body),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sso-domains', slug] }),
  });
}

export function useRemoveDomainRule(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`${wsPath(slug)}/sso-domains/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sso-domains', slug] }),
  });
}

export type SsoOverview = Wire<SsoOverviewResponse>;
export type SsoProvider = SsoOverview['providers'][number];
export type SsoEvent = SsoOverview['events'][number];

export function useSsoOverview(slug: string) {
  return useQuery({
    queryKey: ['sso-overview', slug],
    queryFn: ({ signal }) => api<SsoOverview>(`${wsPath(slug)}/sso`, { signal }),
  });
}
