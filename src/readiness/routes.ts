import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema, workspaceRoute } from '../server/http.ts';
import { LeadHomeResponseSchema, ReadinessResponseSchema } from './contract.ts';
import type { ReadinessAction } from './policy.ts';
import { presentLeadHome, presentReadiness } from './presenter.ts';
import { getLeadHome, getReadiness } from './service.ts';

export const readinessRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['readiness'];
  const route = workspaceRoute<'readiness', ReadinessAction>('readiness');

  app.get(
    '/w/:workspace/readiness',
    {
      config: route('view'),
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: ReadinessResponseSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return presentReadiness(ctx.actor, await getReadiness(ctx));
    },
  );

  app.get(
    '/w/:workspace/home',
    {
      config: route('viewHome'),
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: LeadHomeResponseSchema } },
    },
    async (request) => presentLeadHome(await getLeadHome(workspaceContext(db, request))),
  );
};
