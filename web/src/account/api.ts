import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AccountSession as AccountSessionContract,
  ApiToken as ApiTokenContract,
} from '../../../src/accounts/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api, setCsrfToken } from '../ui/api-client';
import type { Items } from '../ui/api-types';
import { wsPath } from '../workspaces/api';

export type AccountSession = Wire<AccountSessionContract>;
export type TokenScope = ApiTokenContract['scopes'][number];
export type ApiToken = Wire<ApiTokenContract>;

export function useSessions() {
  return useQuery({
    queryKey: ['account', 'sessions'],
    queryFn: ({ signal }) => api<Items<AccountSession>>('/api/v1/account/sessions', { signal }),
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (session: AccountSession) =>
      api<void>(`/api/v1/account/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['account', 'sessions'] }),
  });
}

/** Ends every session and API token of the account, this one included. */
export function useSignOutEverywhere() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/v1/auth/logout-everywhere', { method: 'POST' }),
    onSuccess: () => {
      setCsrfToken(null);
      queryClient.clear();
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api<void>('/api/v1/account/password', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['account', 'sessions'] }),
  });
}

export function useRegenerateRecoveryCodes() {
  return useMutation({
    mutationFn: (body: { code: string }) =>
      api<{ recoveryCodes: string[] }>('/api/v1/account/mfa/recovery-codes', { method: 'POST', body }),
  });
}

export function useTokens(slug: string | null) {
  return useQuery({
    queryKey: ['tokens', slug],
    queryFn: ({ signal }) => api<Items<ApiToken>>(`${wsPath(slug ?? '')}/tokens`, { signal }),
    enabled: slug !== null,
  });
}

export function useCreateToken(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      key,
      ...body
    }: {
      name: string;
      scopes: TokenScope[];
      expiresInDays: number;
      key: string;
    }) =>
      api<{ token: ApiToken; secret: string }>(`${wsPath(slug)}/tokens`, {
        method: 'POST',
        body,
        idempotencyKey: key,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tokens', slug] }),
  });
}

export function useRevokeToken(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: ApiToken) =>
      api<void>(`${wsPath(slug)}/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tokens', slug] }),
  });
}
