import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { ImportBodySchema, ImportHistorySchema, ImportReportSchema } from './contract.ts';
import { listImports } from './service/history.ts';
import { runImport } from './service/run-import.ts';

/** The CSV travels inside the JSON body. */
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

export const importRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  app.post(
    '/w/:workspace/imports',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { access: 'workspace', action: 'imports.run' },
      schema: {
        tags: ['imports'],
        params: WorkspaceParamsSchema,
        body: ImportBodySchema,
        response: { 200: ImportReportSchema },
      },
    },
    async (request) => runImport(workspaceContext(db, request), request.body, deps.config.publicUrl),
  );
  const read = workspaceReads(app, db, ['imports']);
  read('/w/:workspace/imports', {
    action: 'imports.run',
    params: WorkspaceParamsSchema,
    response: ImportHistorySchema,
    run: async (ctx) => ({ items: await listImports(ctx) }),
  });
};
