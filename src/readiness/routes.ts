import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { LeadHomeResponseSchema, ReadinessResponseSchema } from './contract.ts';
import { presentLeadHome, presentReadiness } from './presenter.ts';
import { getLeadHome, getReadiness } from './service.ts';

export const readinessRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['readiness'];
  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/readiness', {
    action: 'readiness.view',
    params: WorkspaceParamsSchema,
    response: ReadinessResponseSchema,
    run: async (ctx) => presentReadiness(ctx.actor, await getReadiness(ctx)),
  });

  read('/w/:workspace/home', {
    action: 'readiness.viewHome',
    params: WorkspaceParamsSchema,
    response: LeadHomeResponseSchema,
    run: async (ctx) => presentLeadHome(await getLeadHome(ctx)),
  });
};
