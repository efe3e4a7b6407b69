import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { HistoryBuildResponseSchema } from './contract.ts';
import { getHistoryBuild } from './progress.ts';

export const simulationRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  const read = workspaceReads(app, db, ['simulation']);
  read('/w/:workspace/history-build', {
    action: 'simulation.view',
    params: WorkspaceParamsSchema,
    response: HistoryBuildResponseSchema,
    run: (ctx) => getHistoryBuild(ctx),
  });
};
