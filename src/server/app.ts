import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { accountRoutes } from '../accounts/routes.ts';
import { alertRoutes } from '../alerts/routes.ts';
import { auditRoutes } from '../audit/routes.ts';
import { backlogRoutes } from '../backlog/routes.ts';
import { catalogueRoutes } from '../catalogue/routes.ts';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { decisionRoutes } from '../decisions/routes.ts';
import { handoverRoutes } from '../handovers/routes.ts';
import { incidentRoutes } from '../incidents/routes.ts';
import { sealMail } from '../jobs/mail.ts';
import type { Jobs } from '../jobs/queue.ts';
import { articleAttachmentRoutes } from '../knowledge/attachment-routes.ts';
import { knowledgeRoutes } from '../knowledge/routes.ts';
import { invitationRoutes } from '../members/invitation-routes.ts';
import { memberRoutes } from '../members/routes.ts';
import { notificationRoutes } from '../notifications/routes.ts';
import { webDistDir } from '../paths.ts';
import { problemRoutes } from '../problems/routes.ts';
import { responsibilityRoutes } from '../responsibility/routes.ts';
import { slaRoutes } from '../sla/routes.ts';
import { ssoRoutes } from '../sso/routes.ts';
import { systemRoutes } from '../systems/routes.ts';
import { attachmentRoutes } from '../tickets/attachment-routes.ts';
import { ticketRoutes } from '../tickets/routes.ts';
import { workspaceRoutes } from '../workspaces/routes.ts';
import { registerAuth } from './auth.ts';
import type { Mailer } from './context.ts';
import { clientErrorHandler, frameworkErrors, registerErrorHandler } from './error-handler.ts';
import { healthRoutes } from './health-routes.ts';
import { registerIdempotency } from './idempotency.ts';
import { registerRateLimits } from './rate-limit.ts';
import { assertSecretKeyMatches, type SecretKeySource } from './secret-key.ts';
import { registerTextGuard } from './text-guard.ts';

export type AppDeps = {
  config: Config;
  database: DatabaseHandle;
  secretKey: Buffer;
  /** Where the key came from, for the refusal message (default: TANDEM_SECRET_KEY). */
  secretKeySource?: SecretKeySource | undefined;
  logger?: Logger | undefined;
  /** The durable job queue; without it (and without SMTP) nothing is e-mailed. */
  jobs?: Jobs | undefined;
};

export type RouteEntry = {
  method: string;
  url: string;
  access: string | undefined;
  action: string | undefined;
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared access rule (read by the deny-by-default test). */
    routeTable: RouteEntry[];
    mailer: Mailer | null;
    jobs: Jobs | null;
  }
}

const API_DOCS_PREFIX = '/api/docs';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Every area's routes, in one readable list (no autoload). */
const AREAS = [
  accountRoutes,
  workspaceRoutes,
  memberRoutes,
  invitationRoutes,
  auditRoutes,
  responsibilityRoutes,
  decisionRoutes,
  catalogueRoutes,
  ticketRoutes,
  attachmentRoutes,
  slaRoutes,
  incidentRoutes,
  backlogRoutes,
  notificationRoutes,
  problemRoutes,
  systemRoutes,
  handoverRoutes,
  knowledgeRoutes,
  articleAttachmentRoutes,
  alertRoutes,
  ssoRoutes,
] as const;

/** Wraps a plugin whose routes (the web app's files) are public by nature. */
function publicScope(plugin: (scope: FastifyInstance) => Promise<void>) {
  return async (scope: FastifyInstance) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: route.config?.access ?? 'public' };
    });
    await plugin(scope);
  };
}

/** The built single-page app: its files, and index.html for every other non-API GET path. */
async function webApp(scope: FastifyInstance) {
  await scope.register(fastifyStatic, { root: webDistDir, wildcard: false, index: false });
  scope.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route GET ${request.url}` } });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  // An instance with another key than the database's would report ready, then fail at two-step sign-in.
  await assertSecretKeyMatches(deps.database.db, deps.secretKey, deps.secretKeySource ?? 'env');
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger | undefined,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { maxParamLength: 300 },
    // Errors before routing and before parsing, in the one documented error shape.
    frameworkErrors,
    clientErrorHandler,
  });
  // Kept by reference: plugins' own onRoute hooks may still set the config after ours runs.
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    // swagger-ui's routes ignore an encapsulating onRoute hook, so its prefix is marked here.
    if (route.url.startsWith(API_DOCS_PREFIX) && !route.config?.access)
      route.config = { ...route.config, access: 'public' };
    routes.push(route);
  });
  app.decorate('routeTable', {
    getter: () =>
      routes.flatMap((route) =>
        (Array.isArray(route.method) ? route.method : [route.method]).map((method) => ({
          method,
          url: route.url,
          access: route.config?.access,
          action: route.config?.action,
        })),
      ),
  });
  const { jobs } = deps;
  const mailer: Mailer | null =
    jobs && config.mail
      ? { send: (tx, message) => jobs.enqueue(tx, 'mail.send', sealMail(deps.secretKey, message)) }
      : null;
  app.decorate('mailer', mailer);
  app.decorate('jobs', jobs ?? null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine injects style tags at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.publicUrl.startsWith('https://'),
  });
  await app.register(cookie);
  registerErrorHandler(app);
  // Before authentication: a flood of guessed tokens or passwords is refused before any lookup.
  await registerRateLimits(app, config.rateLimits);
  // Before auth: the workspace slug in the URL is text too.
  registerTextGuard(app);
  registerAuth(app, deps.database.db, config.publicUrl);
  registerIdempotency(app, deps.database.db, deps.secretKey);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Tandem API', version: '1', description: 'Co-managed IT workspace. See docs/api.md.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list' },
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(healthRoutes(deps));
  for (const area of AREAS) await app.register(area(deps), { prefix: '/api/v1' });

  if (existsSync(webDistDir)) await app.register(publicScope(webApp));
  return app;
}
