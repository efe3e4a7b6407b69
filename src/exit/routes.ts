import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { sendDownload } from '../server/downloads.ts';
import { EmptyBodySchema, FileDownload, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import { ExitPlanResponseSchema, ExitRunResponseSchema, RunParamsSchema } from './contract.ts';
import { presentRun } from './presenter.ts';
import { openArchiveDownload, requestRun } from './runs.ts';
import { getExitPlan } from './service.ts';

export const exitRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['exit'];

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/exit', {
    action: 'exit.view',
    params: WorkspaceParamsSchema,
    response: ExitPlanResponseSchema,
    run: async (ctx) => ({ plan: await getExitPlan(ctx) }),
  });

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/exit/exports', {
    action: 'exit.export',
    params: WorkspaceParamsSchema,
    body: EmptyBodySchema,
    status: 202,
    response: ExitRunResponseSchema,
    run: async (ctx) => ({ run: presentRun(ctx.actor, await requestRun(ctx, 'export')) }),
  });

  write('POST', '/w/:workspace/exit/verifications', {
    action: 'exit.verify',
    params: WorkspaceParamsSchema,
    body: EmptyBodySchema,
    status: 202,
    response: ExitRunResponseSchema,
    run: async (ctx) => ({ run: presentRun(ctx.actor, await requestRun(ctx, 'verify')) }),
  });

  app.get(
    '/w/:workspace/exit/exports/:runId/archive',
    {
      config: { access: 'workspace', action: 'exit.download', writes: true },
      schema: { tags, params: RunParamsSchema, response: { 200: FileDownload } },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const { run, stream } = await openArchiveDownload(ctx, request.params.runId);
      const date = (run.finishedAt ?? run.createdAt).toISOString().slice(0, 10);
      return sendDownload(reply, {
        contentType: 'application/gzip',
        filename: `${ctx.actor.workspaceSlug}-export-${date}.tar.gz`,
        bytes: run.archiveBytes ?? 0,
        content: stream,
      });
    },
  );
};
