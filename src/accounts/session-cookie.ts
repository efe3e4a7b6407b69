import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { SESSION_MAX_MS, type SignedInSession } from './sessions.ts';

/** Shared by sign-in and invitation acceptance: both end with a fresh session cookie. */
export const sessionCookieOptions = (deps: Pick<AppDeps, 'config'>) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: deps.config.publicUrl.startsWith('https://'),
  maxAge: Math.floor(SESSION_MAX_MS / 1000),
});

/** Sets the cookie and returns the sign-in answer (SignInAnswerSchema in accounts/contract.ts). */
export function setSessionCookie(
  deps: Pick<AppDeps, 'config'>,
  reply: FastifyReply,
  signedIn: SignedInSession,
) {
  reply.setCookie(SESSION_COOKIE, signedIn.token, sessionCookieOptions(deps));
  return {
    session: { mfaState: signedIn.mfaState, expiresAt: signedIn.session.expiresAt },
    csrfToken: signedIn.session.csrfToken,
  };
}
