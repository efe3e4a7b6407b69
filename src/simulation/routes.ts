import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema, workspaceRoute } from '../server/http.ts';
import { HistoryBuildResponseSchema } from './contract.ts';
import type { SimulationAction } from './policy.ts';
import { getHistoryBuild } from './progress.ts';

export const simulationRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const route = workspaceRoute<'simulation', SimulationAction>('simulation');

  app.get(
    '/w/:workspace/history-build',
    {
      config: route('view'),
      schema: {
        tags: ['simulation'],
        params: WorkspaceParamsSchema,
        response: { 200: HistoryBuildResponseSchema },
      },
    },
    async (request) => getHistoryBuild(workspaceContext(db, request)),
  );
};
