import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../server/context.ts';
import { workspaceFiles } from '../server/workspace-files.ts';
import { EvidenceUploadQuerySchema, RevocationParamsSchema, RevocationResponseSchema } from './contract.ts';
import { presentRevocation } from './presenter.ts';
import { attachEvidence, downloadEvidence } from './service/revocations.ts';

/** Evidence files for revocations: the raw file as the body, as for ticket attachments. */
export const accessEvidenceRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const { upload, download } = workspaceFiles(root, deps.database.db, ['access']);

  upload('/w/:workspace/access/revocations/:id/evidence', {
    action: 'access.confirmRevocation',
    params: RevocationParamsSchema,
    querystring: EvidenceUploadQuerySchema,
    status: 200,
    response: RevocationResponseSchema,
    run: async (ctx, p, query, file) => {
      const found = await attachEvidence(ctx, p.id, { filename: query.filename, ...file });
      return { task: presentRevocation(ctx.actor, found.rows[0]!, found.people) };
    },
  });

  download('/w/:workspace/access/revocations/:id/evidence', {
    action: 'access.view',
    params: RevocationParamsSchema,
    run: (ctx, p) => downloadEvidence(ctx, p.id),
  });
};
