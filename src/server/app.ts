import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  LogController,
  type RouteOptions,
} from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessEvidenceRoutes } from '../access/evidence-routes.ts';
import { accessRoutes } from '../access/routes.ts';
import { resolveApiToken } from '../accounts/api-tokens.ts';
import { accountRoutes } from '../accounts/routes.ts';
import { resolveSession } from '../accounts/sessions.ts';
import { alertRoutes } from '../alerts/routes.ts';
import { auditRoutes } from '../audit/routes.ts';
import { backlogRoutes } from '../backlog/routes.ts';
import { catalogueRoutes } from '../catalogue/routes.ts';
import { changePlanningRoutes } from '../changes/planning-routes.ts';
import { changeRoutes } from '../changes/routes.ts';
import { decisionRoutes } from '../decisions/routes.ts';
import { engagementRoutes } from '../engagements/routes.ts';
import { exitRoutes } from '../exit/routes.ts';
import { handoverRoutes } from '../handovers/routes.ts';
import { importRoutes } from '../imports/routes.ts';
import { incidentRoutes } from '../incidents/routes.ts';
import { sealMail } from '../jobs/mail.ts';
import type { Jobs } from '../jobs/queue.ts';
import { articleAttachmentRoutes } from '../knowledge/attachment-routes.ts';
import { knowledgeRoutes } from '../knowledge/routes.ts';
import { macroRoutes } from '../macros/routes.ts';
import { mailRoutes } from '../mail/routes.ts';
import { invitationRoutes } from '../members/invitation-routes.ts';
import { memberRoutes } from '../members/routes.ts';
import { notificationRoutes } from '../notifications/routes.ts';
import { obligationEvidenceRoutes } from '../obligations/evidence-routes.ts';
import { obligationRoutes } from '../obligations/routes.ts';
import { offboardingRoutes } from '../offboarding/routes.ts';
import { webDistDir } from '../paths.ts';
import { problemRoutes } from '../problems/routes.ts';
import { readinessPackSection } from '../readiness/pack-section.ts';
import { readinessRoutes } from '../readiness/routes.ts';
import { replyRoutes } from '../replies/routes.ts';
import { responsibilityRoutes } from '../responsibility/routes.ts';
import { reviewRoutesWith } from '../reviews/routes.ts';
import { riskRoutes } from '../risks/routes.ts';
import { simulationRoutes } from '../simulation/routes.ts';
import { slaRoutes } from '../sla/routes.ts';
import { ssoRoutes } from '../sso/routes.ts';
import { systemRoutes } from '../systems/routes.ts';
import { templateRoutes } from '../templates/routes.ts';
import { attachmentRoutes } from '../tickets/attachment-routes.ts';
import { ticketRoutes } from '../tickets/routes.ts';
import { workspaceSetupRoutes } from '../workspace-setup/routes.ts';
import { workspaceRoutes } from '../workspaces/routes.ts';
import { registerAuth } from './auth.ts';
import type { AppDeps, Mailer } from './context.ts';
import { clientErrorHandler, frameworkErrors, registerErrorHandler } from './error-handler.ts';
import { AppError } from './errors.ts';
import { healthRoutes } from './health-routes.ts';
import { registerIdempotency } from './idempotency.ts';
import { completeOpenApiDocument } from './openapi.ts';
import { registerRateLimits } from './rate-limit.ts';
import { logRequest } from './request-log.ts';
import { refuseUndeclaredSuccess } from './response-check.ts';
import { assertSecretKeyMatches } from './secret-key.ts';
import { registerTextGuard } from './text-guard.ts';
import { installPlainMessages } from './zod-messages.ts';

// Declared in context.ts so areas can take the app's dependencies without importing the app.
export type { AppDeps };

export type RouteEntry = {
  method: string;
  url: string;
  access: string | undefined;
  action: string | undefined;
  /** Status codes with a declared response schema (read by the contract test). */
  responses: string[];
  /** Left out of the OpenAPI document (the web app's files, the docs UI). */
  hidden: boolean;
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared access rule (read by the deny-by-default test). */
    routeTable: RouteEntry[];
    mailer: Mailer | null;
    jobs: Jobs;
  }
}

const API_DOCS_PREFIX = '/api/docs';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Every area's routes, in one readable list (no autoload). */
const AREAS = [
  accountRoutes,
  workspaceRoutes,
  workspaceSetupRoutes,
  memberRoutes,
  invitationRoutes,
  auditRoutes,
  responsibilityRoutes,
  decisionRoutes,
  catalogueRoutes,
  ticketRoutes,
  attachmentRoutes,
  replyRoutes,
  macroRoutes,
  templateRoutes,
  slaRoutes,
  incidentRoutes,
  backlogRoutes,
  notificationRoutes,
  problemRoutes,
  systemRoutes,
  handoverRoutes,
  knowledgeRoutes,
  articleAttachmentRoutes,
  // Governance: risks and recurring obligations.
  riskRoutes,
  obligationRoutes,
  obligationEvidenceRoutes,
  // Governance: changes and the change calendar.
  changeRoutes,
  changePlanningRoutes,
  // Governance: privileged access.
  accessRoutes,
  accessEvidenceRoutes,
  // Governance: the exit plan.
  exitRoutes,
  // Governance: the engagement with each provider and offboarding a person.
  engagementRoutes,
  offboardingRoutes,
  // Leaders' view: the readiness checklist and the leads' home summary.
  readinessRoutes,
  // Leaders' view: measures over time and the service review (its readiness section: reviewRoutesWith).
  reviewRoutesWith(readinessPackSection),
  // The demo's simulated history: how far it is built (the leads' home shows it while it builds).
  simulationRoutes,
  // Intake: monitoring alerts, single sign-on, imports from other desks, e-mail.
  alertRoutes,
  ssoRoutes,
  importRoutes,
  mailRoutes,
] as const;

/**
 * A route that declares no body takes none: a JSON body with anything in it is refused with 400
 * naming what it held, as unknown fields of a declared body are, instead of being ignored. An
 * empty object passes (clients send `{}` with a POST); uploads (raw bytes) and the routes that read
 * their own bodies (`ownBody`) are left to their handlers.
 */
async function refuseUndeclaredBody(request: FastifyRequest) {
  const { schema, config } = request.routeOptions;
  if (schema?.body || config?.ownBody) return;
  const body: unknown = request.body;
  if (body === undefined || body === null || Buffer.isBuffer(body) || typeof body !== 'object') return;
  const names = Array.isArray(body) ? [] : Object.keys(body);
  if (!Array.isArray(body) && names.length === 0) return;
  const paths = names.length > 0 ? names.map((name) => `body.${name}`) : ['body'];
  throw new AppError(
    400,
    'VALIDATION_FAILED',
    `${paths.join(', ')}: this request takes no body.`,
    paths.map((path) => ({ path, message: 'this request takes no body' })),
  );
}

/** Wraps a plugin whose routes (the web app's files) are public by nature. */
function publicScope(plugin: (scope: FastifyInstance) => Promise<void>) {
  return async (scope: FastifyInstance) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: route.config?.access ?? 'public' };
    });
    await plugin(scope);
  };
}

/**
 * The one inline style the explorer draws: the <style> inside Swagger UI's top-bar logo (an inline
 * SVG in swagger-ui-standalone-preset.js). Allowed by its hash, not by 'unsafe-inline'.
 */
export const API_DOCS_LOGO_STYLE = '.logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}';
const API_DOCS_LOGO_STYLE_HASH = `'sha256-${createHash('sha256').update(API_DOCS_LOGO_STYLE).digest('base64')}'`;

/**
 * The API explorer's own policy, set on its routes only (the app keeps helmet's). Its page has no inline
 * script (the initializer is a file) and one inline style, allowed by hash, so it is stricter than the
 * app's: no 'unsafe-inline' at all. The plugin's default would allow any https: stylesheet, an outside
 * image host and upgrade-insecure-requests (which breaks a plain-HTTP install). The browser test in
 * e2e/static-and-docs.spec.ts fails on any violation a new plugin version would bring.
 */
export const API_DOCS_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  `style-src 'self' ${API_DOCS_LOGO_STYLE_HASH}`,
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite names its output in assets/ after a hash of the content: such a file never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const cacheControlFor = (path: string) => (/[\\/]assets[\\/]/.test(path) ? IMMUTABLE : 'no-cache');

/**
 * The built single-page app: its files, and index.html for every other non-API GET path. The build
 * writes brotli and gzip copies beside each file (web/vite.config.ts), sent to clients that accept
 * them; hashed assets are cached for a year, everything else (index.html) is revalidated.
 */
async function webApp(scope: FastifyInstance) {
  await scope.register(fastifyStatic, {
    root: webDistDir,
    wildcard: false,
    index: false,
    preCompressed: true,
    // The .br/.gz copies are sent in place of their file, never as URLs of their own.
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders: (reply, path) => reply.header('cache-control', cacheControlFor(path)),
  });
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
    // Requests are logged by logRequest below: at debug unless asked, so /readyz polls stay quiet.
    logController: new LogController({ disableRequestLogging: true }),
    // Errors before routing and before parsing, in the one documented error shape.
    frameworkErrors,
    clientErrorHandler,
  });
  app.addHook('onResponse', async (request, reply) => logRequest(config.logRequests, request, reply));
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
          responses: Object.keys((route.schema?.response as object | undefined) ?? {}),
          hidden: route.schema?.hide === true,
        })),
      ),
  });
  const { jobs } = deps;
  const mailer: Mailer | null = config.mail
    ? { send: (tx, message) => jobs.enqueue(tx, 'mail.send', sealMail(deps.secretKey, message)) }
    : null;
  app.decorate('mailer', mailer);
  app.decorate('jobs', jobs);
  // Refusals in words a person reads in a form, where a schema gives no message of its own.
  installPlainMessages();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  if (config.env === 'test') app.addHook('onSend', refuseUndeclaredSuccess);
  app.addHook('preValidation', refuseUndeclaredBody);

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
  registerAuth(app, deps.database.db, { resolveSession, resolveApiToken }, config.publicUrl);
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
    transformObject: (document) =>
      'openapiObject' in document ? completeOpenApiDocument(document.openapiObject) : document.swaggerObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: API_DOCS_POLICY,
    uiConfig: { docExpansion: 'list' },
  });
  app.get(
    '/api/openapi.json',
    {
      config: { access: 'public' },
      schema: { hide: true, response: { 200: z.record(z.string(), z.unknown()) } },
    },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );

  await app.register(healthRoutes(deps));
  for (const area of AREAS) await app.register(area(deps), { prefix: '/api/v1' });

  if (existsSync(webDistDir)) await app.register(publicScope(webApp));
  return app;
}
