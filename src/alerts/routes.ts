import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IntegrationKind } from '../db/schema/alerts.ts';
import { bearerToken } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { decodeUtf8, InvalidText } from '../server/text-guard.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import {
  CreateIntegrationBodySchema,
  IntakeAcceptedSchema,
  IntakeParamsSchema,
  IntegrationCredentialResponseSchema,
  IntegrationDetailResponseSchema,
  IntegrationListResponseSchema,
  IntegrationParamsSchema,
  IntegrationResponseSchema,
  UpdateIntegrationBodySchema,
} from './contract.ts';
import { receiveNotification } from './intake.ts';
import { canAlerts } from './policy.ts';
import { presentAlert, presentIntegration, presentNotification } from './presenter.ts';
import {
  createIntegration,
  getIntegration,
  listIntegrations,
  rotateCredential,
  updateIntegration,
} from './service.ts';

/** A storm of a few thousand alerts with their labels fits; the JSON is stored as sent. */
const INTAKE_BODY_LIMIT = 10 * 1024 * 1024;

const rawBodies = new WeakMap<FastifyRequest, string>();
/** A body that is not UTF-8 or not JSON: refused once the integration is found, so it becomes its last error. */
const bodyProblems = new WeakMap<FastifyRequest, AppError>();

/** Monitoring tools post here, authenticated by the integration's own token or signature. */
async function intakeRoutes(deps: AppDeps, root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  // The signature covers the bytes as sent: keep them (decoded as strictly as everywhere else).
  root.removeContentTypeParser(['application/json']);
  root.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const text = decodeUtf8(body as Buffer);
    if (text === null) {
      bodyProblems.set(request, new InvalidText('body', 'is not valid UTF-8 text'));
      return done(null, undefined);
    }
    rawBodies.set(request, text);
    try {
      return done(null, JSON.parse(text));
    } catch (error) {
      const reason = error instanceof Error ? `: ${error.message}` : '';
      bodyProblems.set(request, new AppError(400, 'INVALID_JSON', `The body is not valid JSON${reason}`));
      return done(null, undefined);
    }
  });
  const route = (kind: IntegrationKind, segment: string) =>
    app.post(
      `/w/:workspace/integrations/${segment}/:id`,
      {
        bodyLimit: INTAKE_BODY_LIMIT,
        config: { access: 'public', ownBody: true },
        schema: {
          tags: ['integrations'],
          params: IntakeParamsSchema,
          response: { 202: IntakeAcceptedSchema },
        },
      },
      async (request, reply) => {
        const header = (name: string) => {
          const value = request.headers[name];
          return typeof value === 'string' ? value : undefined;
        };
        const result = await receiveNotification(db, deps.jobs, deps.secretKey, request.meta, {
          slug: request.params.workspace,
          integrationId: request.params.id,
          kind,
          bearer: bearerToken(request),
          timestamp: header('x-tandem-timestamp'),
          signature: header('x-tandem-signature'),
          rawBody: rawBodies.get(request) ?? '',
          body: request.body,
          bodyProblem: bodyProblems.get(request) ?? null,
        });
        return reply.status(202).send(result);
      },
    );
  route('alertmanager', 'alertmanager');
  route('signed_webhook', 'webhook');
}

export const alertRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  await root.register(async (scope) => intakeRoutes(deps, scope));
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['integrations'];

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/integrations', {
    action: 'alerts.view',
    params: WorkspaceParamsSchema,
    response: IntegrationListResponseSchema,
    run: async (ctx) => {
      const rows = await listIntegrations(ctx);
      return {
        integrations: rows.map((r) => presentIntegration(ctx.actor, r)),
        abilities: { create: canAlerts(ctx.actor, 'configure') },
      };
    },
  });

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/integrations', {
    action: 'alerts.configure',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateIntegrationBodySchema,
    status: 201,
    response: IntegrationCredentialResponseSchema,
    run: async (ctx, _p, body) => {
      const { integration, credential } = await createIntegration(ctx, body, deps.secretKey);
      return { integration: presentIntegration(ctx.actor, integration), credential };
    },
  });

  read('/w/:workspace/integrations/:id', {
    action: 'alerts.view',
    params: IntegrationParamsSchema,
    response: IntegrationDetailResponseSchema,
    run: async (ctx, p) => {
      const found = await getIntegration(ctx, p.id);
      return {
        integration: presentIntegration(ctx.actor, found.integration),
        notifications: found.notifications.map(presentNotification),
        alerts: found.alerts.map((a) => presentAlert(ctx.actor, a.alert, a.ticketNumber)),
      };
    },
  });

  write('PATCH', '/w/:workspace/integrations/:id', {
    action: 'alerts.configure',
    params: IntegrationParamsSchema,
    body: UpdateIntegrationBodySchema,
    response: IntegrationResponseSchema,
    run: async (ctx, p, body) => ({
      integration: presentIntegration(ctx.actor, await updateIntegration(ctx, p.id, body)),
    }),
  });

  write('POST', '/w/:workspace/integrations/:id/rotate', {
    action: 'alerts.configure',
    params: IntegrationParamsSchema,
    response: IntegrationCredentialResponseSchema,
    run: async (ctx, p) => {
      const { integration, credential } = await rotateCredential(ctx, p.id, deps.secretKey);
      return { integration: presentIntegration(ctx.actor, integration), credential };
    },
  });
};
