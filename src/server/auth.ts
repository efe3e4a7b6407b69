import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '../crypto/secrets.ts';
import type { Database } from '../db/client.ts';
import { readingDatabase } from '../db/scope.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import type { AccountContext, RequestMeta, WorkspaceContext } from './context.ts';
import { AppError, Forbidden, NotFound, Unauthenticated } from './errors.ts';
import type { IdentityResolvers, ResolvedSession, TokenScope } from './identity.ts';
import type { RouteAction } from './route-action.ts';

export const SESSION_COOKIE = 'tandem_session';

/**
 * Every route declares who may reach it:
 * - public: anyone;
 * - signed-in: a session in any MFA state (MFA steps, /me, sign-out);
 * - account: a session that has passed MFA where it is required;
 * - workspace: a member of the workspace in the URL (session or API token); `action` names the policy.
 */
export type RouteAccess = 'public' | 'signed-in' | 'account' | 'workspace';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** The policy action the route needs, typed from the areas' policies (route-action.ts). */
    action?: RouteAction;
    /** Create routes that honour Idempotency-Key. */
    idempotent?: boolean;
    /** The handler reads a body its schema does not declare (the intake webhooks check their own). */
    ownBody?: boolean;
    /** A GET that writes (a download's audit event): its transactions are not read only (db/scope.ts). */
    writes?: boolean;
  }
  interface FastifyRequest {
    meta: RequestMeta;
    session: ResolvedSession | null;
    tokenScopes: TokenScope[] | null;
    actor: WorkspaceActor | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Sec-Fetch-Site values of a request made by our own page (or typed by the person, `none`). */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

/**
 * Security: a cookie-authenticated write must come from our own origin (TANDEM_PUBLIC_URL), as
 * the browser reports it, in addition to the CSRF token: a token that leaked to another site is
 * still refused there. Clients that send neither header (non-browsers) rely on the token alone.
 */
function crossSiteRefusal(request: FastifyRequest, publicOrigin: string): AppError | null {
  const origin = request.headers.origin;
  const fetchSite = request.headers['sec-fetch-site'];
  const foreignOrigin = origin !== undefined && origin !== publicOrigin;
  const foreignSite = typeof fetchSite === 'string' && !OWN_FETCH_SITES.has(fetchSite);
  if (!foreignOrigin && !foreignSite) return null;
  return new AppError(
    403,
    'CROSS_ORIGIN_REFUSED',
    `Changes are accepted only from Tandem's own pages at ${publicOrigin}; this request came from ${
      foreignOrigin ? `another origin (${origin})` : `another site (Sec-Fetch-Site: ${fetchSite})`
    }.`,
  );
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme, value] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && value ? value.trim() : null;
}

function mfaRefusal(session: ResolvedSession) {
  return session.mfaState === 'enrolment_required'
    ? new Unauthenticated('Set up two-step sign-in before continuing.', 'MFA_ENROLMENT_REQUIRED')
    : new Unauthenticated('Enter the code from your authenticator app to continue.', 'MFA_REQUIRED');
}

/**
 * `identity` resolves who is calling (ports, so the server imports no area); `publicUrl` is
 * TANDEM_PUBLIC_URL: the only origin cookie-authenticated writes may come from.
 */
export function registerAuth(
  app: FastifyInstance,
  db: Database,
  identity: IdentityResolvers,
  publicUrl: string,
) {
  const { resolveApiToken, resolveSession } = identity;
  const publicOrigin = new URL(publicUrl).origin;
  app.decorateRequest('meta', null as unknown as RequestMeta);
  app.decorateRequest('session', null);
  app.decorateRequest('tokenScopes', null);
  app.decorateRequest('actor', null);

  app.addHook('onRequest', async (request) => {
    request.meta = {
      ip: request.ip ?? null,
      requestId: String(request.id),
      userAgent: request.headers['user-agent'] ?? null,
    };
  });

  // onRequest: who is calling is settled before the body is even read (401 comes before 400).
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config.access;
    if (!access) {
      // Deny by default: a route that forgot to declare its access is unreachable.
      if (request.routeOptions.url === undefined) return; // 404 handler
      throw new Forbidden('This route declares no access rule.', 'ROUTE_WITHOUT_POLICY');
    }
    if (access === 'public') return;

    const bearer = bearerToken(request);
    if (bearer) {
      if (access !== 'workspace')
        throw new Unauthenticated('API tokens work only on workspace routes; sign in instead.');
      const resolved = await resolveApiToken(db, bearer);
      if (!resolved)
        throw new Unauthenticated('The API token is unknown, expired or revoked.', 'INVALID_TOKEN');
      const slug = (request.params as { workspace?: string }).workspace;
      // Security: a token of another workspace learns nothing about this one.
      if (resolved.actor.workspaceSlug !== slug) throw new NotFound('No such workspace.');
      const needed: TokenScope = SAFE_METHODS.has(request.method) ? 'read' : 'write';
      if (!resolved.scopes.includes(needed)) {
        throw new Forbidden(`This API token lacks the "${needed}" scope.`, 'TOKEN_SCOPE_REQUIRED');
      }
      request.actor = resolved.actor;
      request.tokenScopes = resolved.scopes;
      return;
    }

    const cookie = request.cookies[SESSION_COOKIE];
    const slug = access === 'workspace' ? (request.params as { workspace?: string }).workspace : undefined;
    const session = cookie ? await resolveSession(db, cookie, slug) : null;
    if (!session) {
      if (cookie) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw new Unauthenticated();
    }
    request.session = session;
    // Security: cookie-authenticated writes must prove they come from our own page.
    if (!SAFE_METHODS.has(request.method)) {
      const crossSite = crossSiteRefusal(request, publicOrigin);
      if (crossSite) throw crossSite;
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, session.session.csrfToken)) {
        throw new AppError(
          403,
          'CSRF_TOKEN_INVALID',
          'Missing or wrong X-CSRF-Token header; reload the page and try again.',
        );
      }
    }
    if (access === 'signed-in') return;
    if (!session.mfaSatisfied) throw mfaRefusal(session);
    if (access === 'account') return;

    // Security: not a member (or deactivated) answers exactly like a workspace that does not exist.
    if (!slug || !session.workspaceActor) throw new NotFound('No such workspace.');
    request.actor = session.workspaceActor;
  });
}

const readsOnly = (request: FastifyRequest) =>
  (request.method === 'GET' || request.method === 'HEAD') && request.routeOptions.config.writes !== true;

export function workspaceContext(db: Database, request: FastifyRequest): WorkspaceContext {
  if (!request.actor) throw new Error('workspace route without a resolved actor');
  return {
    db: readsOnly(request) ? readingDatabase(db) : db,
    actor: request.actor,
    meta: request.meta,
    mailer: request.server.mailer ?? undefined,
    jobs: request.server.jobs,
  };
}

export function accountContext(db: Database, request: FastifyRequest): AccountContext {
  if (!request.session) throw new Error('account route without a session');
  return {
    db,
    accountId: request.session.account.id,
    isAdmin: request.session.account.isAdmin,
    meta: request.meta,
  };
}
