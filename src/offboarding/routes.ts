import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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

  const write = workspaceWrites(app, db, tags);
  write('POST', base, {
    action: 'offboarding.offboard',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: OffboardBodySchema,
    status: 201,
    response: OffboardingResponseSchema,
    run: async (ctx, _p, body) => {
      const id = await offboardPerson(ctx, body.membershipId);
      const { record, tasks } = await getOffboarding(ctx, id);
      return { offboarding: presentOffboarding(ctx.actor, record, tasks) };
    },
  });

  read(base, {
    action: 'offboarding.view',
    params: WorkspaceParamsSchema,
    response: OffboardingListResponseSchema,
    run: async (ctx) => ({ offboardings: (await listOffboardings(ctx)).map(presentOffboardingSummary) }),
  });

  read(`${base}/:offboardingId`, {
    action: 'offboarding.view',
    params: OffboardingParamsSchema,
    response: OffboardingResponseSchema,
    run: async (ctx, p) => {
      const { record, tasks } = await getOffboarding(ctx, p.offboardingId);
      return { offboarding: presentOffboarding(ctx.actor, record, tasks) };
    },
  });

  write('POST', `${base}/:offboardingId/tasks/:taskId/complete`, {
    action: 'offboarding.completeTask',
    params: TaskParamsSchema,
    body: CompleteTaskBodySchema,
    response: OffboardingResponseSchema,
    run: async (ctx, p, body) => {
      const { offboardingId, taskId } = p;
      await completeTask(ctx, offboardingId, taskId, body.evidence);
      const { record, tasks } = await getOffboarding(ctx, offboardingId);
      return { offboarding: presentOffboarding(ctx.actor, record, tasks) };
    },
  });
};
