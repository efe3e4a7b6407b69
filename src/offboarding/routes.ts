import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import {
  CompleteTaskBodySchema,
  OffboardBodySchema,
  OffboardingListResponseSchema,
  OffboardingParamsSchema,
  OffboardingResponseSchema,
  PreviewQuerySchema,
  PreviewResponseSchema,
  TaskParamsSchema,
} from './contract.ts';
import { presentOffboarding, presentOffboardingSummary, presentPreview } from './presenter.ts';
import {
  completeTask,
  getOffboarding,
  listOffboardings,
  offboardPerson,
  previewOffboarding,
} from './service.ts';

export const offboardingRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['offboarding'];
  const base = '/w/:workspace/offboardings';

  const read = workspaceReads(app, db, tags);
  read(`${base}/preview`, {
    action: 'offboarding.offboard',
    params: WorkspaceParamsSchema,
    querystring: PreviewQuerySchema,
    response: PreviewResponseSchema,
    run: async (ctx, _p, query) => ({
      preview: presentPreview(await previewOffboarding(ctx, query.membershipId)),
    }),
  });

  app.post(
    base,
    {
      config: { access: 'workspace', action: 'offboarding.offboard', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: OffboardBodySchema,
        response: { 201: OffboardingResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const id = await offboardPerson(ctx, request.body.membershipId);
      const { record, tasks } = await getOffboarding(ctx, id);
      return reply.status(201).send({ offboarding: presentOffboarding(ctx.actor, record, tasks) });
    },
  );

  app.get(
    base,
    {
      config: { access: 'workspace', action: 'offboarding.view' },
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: OffboardingListResponseSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return { offboardings: (await listOffboardings(ctx)).map(presentOffboardingSummary) };
    },
  );

  read(`${base}/:offboardingId`, {
    action: 'offboarding.view',
    params: OffboardingParamsSchema,
    response: OffboardingResponseSchema,
    run: async (ctx, p) => {
      const { record, tasks } = await getOffboarding(ctx, p.offboardingId);
      return { offboarding: presentOffboarding(ctx.actor, record, tasks) };
    },
  });

  app.post(
    `${base}/:offboardingId/tasks/:taskId/complete`,
    {
      config: { access: 'workspace', action: 'offboarding.completeTask' },
      schema: {
        tags,
        params: TaskParamsSchema,
        body: CompleteTaskBodySchema,
        response: { 200: OffboardingResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const { offboardingId, taskId } = request.params;
      await completeTask(ctx, offboardingId, taskId, request.body.evidence);
      const { record, tasks } = await getOffboarding(ctx, offboardingId);
      return { offboarding: presentOffboarding(ctx.actor, record, tasks) };
    },
  );
};
