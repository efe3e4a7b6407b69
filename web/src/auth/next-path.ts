import { useRouter } from '@tanstack/react-router';
import type { Session } from '../ui/api-types';

/** Security: only same-origin paths may be used as a post-sign-in destination (no open redirect). */
export function safeNextPath(next: unknown): string | undefined {
  if (typeof next !== 'string' || !next.startsWith('/')) return undefined;
  if (next.startsWith('//') || next.startsWith('/\\')) return undefined;
  if (next.startsWith('/login') || next.startsWith('/mfa') || next.startsWith('/invite/')) return undefined;
  return next;
}

/** The sign-in page also shows why a single sign-on attempt was refused (sso/routes.ts). */
export function validateLoginSearch(search: Record<string, unknown>): {
  next?: string;
  sso_error?: string;
  sso_message?: string;
} {
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 300) : undefined);
  const error = text(search.sso_error);
  const message = text(search.sso_message);
  return {
    ...validateNextSearch(search),
    ...(error && { sso_error: error }),
    ...(message && { sso_message: message }),
  };
}

export function validateNextSearch(search: Record<string, unknown>): { next?: string } {
  const next = safeNextPath(search.next);
  return next ? { next } : {};
}

/** Where to go once a sign-in step succeeded: the next MFA step, or the page asked for, or home. */
export function useContinueAfterSignIn() {
  const router = useRouter();
  return (session: Session, next?: string) => {
    if (session.mfaState === 'pending') {
      void router.navigate({ to: '/mfa', search: next ? { next } : {} });
    } else if (session.mfaState === 'enrolment_required') {
      void router.navigate({ to: '/mfa/enrol', search: next ? { next } : {} });
    } else {
      router.history.push(safeNextPath(next) ?? '/');
    }
  };
}
