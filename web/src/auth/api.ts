import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { Enrolment as EnrolmentContract, SignedOut } from '../../../src/accounts/contract.ts';
import type { InvitationPreview } from '../../../src/members/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api, setCsrfToken } from '../ui/api-client';
import type { Me, Session, SignInAnswer } from '../ui/api-types';

// Sign-in steps answer 401 for a wrong password or code: show it on the form, do not redirect.
const quiet = { redirectOnAuthProblem: false } as const;

export const meQueryOptions = queryOptions({
  queryKey: ['me'],
  queryFn: async ({ signal }) => {
    const me = await api<Me>('/api/v1/me', { signal, ...quiet });
    setCsrfToken(me.csrfToken);
    return me;
  },
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQueryOptions);
}

/** After any sign-in step: forget the previous person's data and take the new CSRF token. */
function useSignedIn() {
  const queryClient = useQueryClient();
  return (answer: { csrfToken?: string }) => {
    if (answer.csrfToken) setCsrfToken(answer.csrfToken);
    queryClient.clear();
  };
}

export function useLogin() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      api<SignInAnswer>('/api/v1/auth/login', { method: 'POST', body, ...quiet }),
    onSuccess: signedIn,
  });
}

export type MfaVerifyBody = { code: string } | { recoveryCode: string };

export function useVerifyMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MfaVerifyBody) =>
      api<{ session: Session }>('/api/v1/auth/mfa/verify', { method: 'POST', body, ...quiet }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me'] }),
  });
}

export type Enrolment = EnrolmentContract;

export function useConfirmEnrolment() {
  return useMutation({
    mutationFn: (body: { code: string }) =>
      api<{ recoveryCodes: string[]; session: Session }>('/api/v1/auth/mfa/enrolment/confirm', {
        method: 'POST',
        body,
        ...quiet,
      }),
    // The me query is refreshed when the person leaves the recovery codes screen, not now:
    // a refetch would move the guards before the codes have been read.
  });
}

export type Invitation = Wire<InvitationPreview>;

export function useInvitation(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) =>
      api<{ invitation: Invitation }>(`/api/v1/invitations/${encodeURIComponent(token)}`, {
        signal,
        ...quiet,
      }),
    retry: false,
  });
}

export function useAcceptInvitation(token: string) {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (body: { name?: string; password: string }) =>
      api<SignInAnswer>(`/api/v1/invitations/${encodeURIComponent(token)}/accept`, {
        method: 'POST',
        body,
        ...quiet,
      }),
    onSuccess: signedIn,
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<Wire<SignedOut>>('/api/v1/auth/logout', { method: 'POST', ...quiet }),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
    },
  });
}

/**
 * Signs out, then leaves for the identity provider's sign-out when the session came from single sign-on
 * with a provider whose session ends too (it sends the browser back to the sign-in page), else for the
 * sign-in page at once.
 */
export function useSignOut() {
  const logout = useLogout();
  const navigate = useNavigate();
  return {
    signOut: () =>
      logout.mutate(undefined, {
        onSettled: (answer) => {
          if (answer?.providerSignOutUrl) window.location.assign(answer.providerSignOutUrl);
          else void navigate({ to: '/login', search: {} });
        },
      }),
  };
}
