import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SESSION_MAX_MS } from '../accounts/sessions.ts';
import { SESSION_COOKIE } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { NotFound } from '../server/errors.ts';
import { Redirect, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import { OidcClients } from './clients.ts';
import {
  DomainRuleBodySchema,
  DomainRuleListResponseSchema,
  DomainRuleParamsSchema,
  DomainRuleResponseSchema,
  SSO_ERROR_PAGE,
  SsoCallbackQuerySchema,
  SsoOverviewResponseSchema,
  SsoProviderParamsSchema,
  SsoProvidersResponseSchema,
  SsoStartQuerySchema,
} from './contract.ts';
import { addDomainRule, listDomainRules, removeDomainRule } from './domain-rules.ts';
import { readSsoOverview, SSO_EVENTS_KEPT, type SsoOutcome } from './events.ts';
import { assertCanSso, ssoAbilities } from './policy.ts';
import { presentDomainRule } from './presenter.ts';
import { finishSignIn, SsoRefused, startSignIn } from './service.ts';

/** The sealed sign-in attempt: only sent back to the callback path. */
const FLOW_COOKIE = 'tandem_sso';
const PREFIX = '/api/v1/auth/sso';

export const ssoRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const clients = new OidcClients(deps.config.oidcProviders);
  const secure = deps.config.publicUrl.startsWith('https://');
  const tags = ['auth'];
  const providerOf = (id: string) => {
    const provider = clients.find(id);
    if (!provider) throw new NotFound('No such sign-in provider.');
    return provider;
  };
  const refusalPage = (error: SsoRefused) => {
    const params = new URLSearchParams({ sso_error: error.code, sso_message: error.message.slice(0, 300) });
    return `${SSO_ERROR_PAGE}?${params}`;
  };
  const callbackUrl = (id: string) => `${deps.config.publicUrl}${PREFIX}/${id}/callback`;

  app.get(
    '/auth/sso/providers',
    {
      config: { access: 'public' },
      schema: { tags, response: { 200: SsoProvidersResponseSchema } },
    },
    async () => ({
      providers: clients.providers.map((p) => ({
        id: p.id,
        name: p.name,
        startUrl: `${PREFIX}/${p.id}/start`,
      })),
    }),
  );

  app.get(
    '/auth/sso/:provider/start',
    {
      config: { access: 'public' },
      schema: {
        tags,
        params: SsoProviderParamsSchema,
        querystring: SsoStartQuerySchema,
        response: { 302: Redirect },
      },
    },
    async (request, reply) => {
      const provider = providerOf(request.params.provider);
      let started: Awaited<ReturnType<typeof startSignIn>>;
      try {
        started = await startSignIn(
          db,
          clients,
          deps.secretKey,
          provider,
          callbackUrl(provider.id),
          request.query.returnTo,
        );
      } catch (error) {
        if (!(error instanceof SsoRefused)) throw error;
        return reply.redirect(refusalPage(error), 302);
      }
      const { url, sealedFlow } = started;
      // Lax: the browser sends it on the provider's top-level redirect back to us.
      reply.setCookie(FLOW_COOKIE, sealedFlow, {
        path: `${PREFIX}/${provider.id}/callback`,
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: 600,
      });
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/auth/sso/:provider/callback',
    {
      config: { access: 'public' },
      schema: {
        tags,
        params: SsoProviderParamsSchema,
        querystring: SsoCallbackQuerySchema,
        response: { 302: Redirect },
      },
    },
    async (request, reply) => {
      const provider = providerOf(request.params.provider);
      const cookiePath = `${PREFIX}/${provider.id}/callback`;
      const sealed = request.cookies[FLOW_COOKIE];
      // One attempt per flow: a replayed callback finds no flow.
      reply.clearCookie(FLOW_COOKIE, { path: cookiePath });
      const query = new URL(request.url, deps.config.publicUrl).search;
      try {
        const { signedIn, returnTo } = await finishSignIn(
          db,
          clients,
          deps.secretKey,
          request.meta,
          provider,
          {
            callback: new URL(`${callbackUrl(provider.id)}${query}`),
            afterSignOut: `${deps.config.publicUrl}/login`,
          },
          sealed,
        );
        reply.setCookie(SESSION_COOKIE, signedIn.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure,
          maxAge: Math.floor(SESSION_MAX_MS / 1000),
        });
        return reply.redirect(returnTo, 302);
      } catch (error) {
        if (!(error instanceof SsoRefused)) throw error;
        request.log.warn({ code: error.code, provider: provider.id }, 'single sign-on refused');
        return reply.redirect(refusalPage(error), 302);
      }
    },
  );

  // Each configured provider's status and secret rotation, and the sign-in events of this workspace.
  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/sso', {
    action: 'sso.viewSignIns',
    params: WorkspaceParamsSchema,
    response: SsoOverviewResponseSchema,
    run: async (ctx) => {
      assertCanSso(ctx.actor, 'viewSignIns');
      const instanceWide = ctx.actor.isAdmin;
      const { statuses, events } = await readSsoOverview(
        db,
        clients.providers,
        ctx.actor.workspaceId,
        instanceWide,
      );
      const variable = deps.config.oidcProvidersFrom;
      return {
        providers: clients.providers.map((p) => {
          const status = statuses.get(p.id)!;
          return {
            id: p.id,
            name: p.name,
            issuer: p.issuer,
            clientId: p.clientId,
            signOutAtProvider: p.signOutAtProvider ?? false,
            ...status,
            clientSecret: {
              configured: Boolean(p.clientSecret),
              variable,
              rotation:
                `Create the new secret at the identity provider, put it in the clientSecret of the provider "${p.id}" ` +
                `in ${variable}, then restart Tandem: the variable is read only at start. Sessions already open ` +
                'are not affected. Then revoke the old secret at the provider.',
            },
          };
        }),
        events: events.map((e) => ({
          id: e.id,
          provider: e.provider,
          at: e.at,
          outcome: e.outcome as SsoOutcome,
          code: e.code,
          reason: e.reason,
          email: e.email,
        })),
        instanceWide,
        eventsKept: SSO_EVENTS_KEPT,
      };
    },
  });

  // Domains whose people may join the workspace as requesters by single sign-on (the internal lead's rule).
  read('/w/:workspace/sso-domains', {
    action: 'sso.manageDomains',
    params: WorkspaceParamsSchema,
    response: DomainRuleListResponseSchema,
    run: async (ctx) => {
      const rules = await listDomainRules(ctx);
      return { items: rules.map(presentDomainRule), abilities: ssoAbilities(ctx.actor) };
    },
  });
  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/sso-domains', {
    action: 'sso.manageDomains',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: DomainRuleBodySchema,
    status: 201,
    response: DomainRuleResponseSchema,
    run: async (ctx, _p, body) => {
      const rule = await addDomainRule(ctx, body.domain);
      return { rule: presentDomainRule(rule) };
    },
  });
  write('DELETE', '/w/:workspace/sso-domains/:id', {
    action: 'sso.manageDomains',
    params: DomainRuleParamsSchema,
    status: 204,
    run: (ctx, p) => removeDomainRule(ctx, p.id),
  });
};
