import type { QueryClient } from '@tanstack/react-query';
import { type ParsedLocation, redirect } from '@tanstack/react-router';
import { meQueryOptions } from '../auth/api';
import { authProblemOf } from '../ui/api-client';
import type { Me } from '../ui/api-types';

interface GuardInput {
  context: { queryClient: QueryClient };
  location: ParsedLocation;
}

/** The signed-in account, or null when there is no session. Other failures propagate to the error page. */
async function loadMe(queryClient: QueryClient): Promise<Me | null> {
  try {
    // fetchQuery, not ensureQueryData: after a sign-in step invalidates `me`, the guard must see the new state.
    return await queryClient.fetchQuery(meQueryOptions);
  } catch (error) {
    if (authProblemOf(error) === 'UNAUTHENTICATED') return null;
    throw error;
  }
}

/** For the workspace app: a session whose MFA step is done. */
export async function requireFullSession({ context, location }: GuardInput): Promise<{ me: Me }> {
  const me = await loadMe(context.queryClient);
  const next = location.href === '/' ? undefined : location.href;
  if (!me) throw redirect({ to: '/login', search: next ? { next } : {} });
  if (me.session.mfaState === 'pending') throw redirect({ to: '/mfa', search: next ? { next } : {} });
  if (me.session.mfaState === 'enrolment_required') {
    throw redirect({ to: '/mfa/enrol', search: next ? { next } : {} });
  }
  return { me };
}

/** For the MFA code step: a session that still has to give a code. */
export async function requirePendingMfa({ context }: GuardInput): Promise<void> {
  const me = await loadMe(context.queryClient);
  if (!me) throw redirect({ to: '/login', search: {} });
  if (me.session.mfaState === 'enrolment_required') throw redirect({ to: '/mfa/enrol', search: {} });
  if (me.session.mfaState !== 'pending') throw redirect({ to: '/' });
}

/** For MFA enrolment: any session that is not waiting for a code (enrolment is also offered in My account). */
export async function requireEnrollableSession({ context }: GuardInput): Promise<void> {
  const me = await loadMe(context.queryClient);
  if (!me) throw redirect({ to: '/login', search: {} });
  if (me.session.mfaState === 'pending') throw redirect({ to: '/mfa', search: {} });
  // Already enrolled: restarting would replace a working authenticator, so send them to their account.
  if (me.account.mfaEnrolled) throw redirect({ to: '/account' });
}
