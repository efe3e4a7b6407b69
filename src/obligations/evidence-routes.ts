import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../server/context.ts';
import { Timestamp } from '../server/http.ts';
import { workspaceFiles } from '../server/workspace-files.ts';
import { EvidenceFileParamsSchema, OccurrenceParamsSchema, UploadQuerySchema } from './contract.ts';
import { downloadEvidence, uploadEvidence } from './service/occurrences.ts';

const UploadedSchema = z.object({
  file: z.object({
    id: z.string(),
    requirement: z.string(),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    createdAt: Timestamp,
  }),
});

/**
 * Evidence files: the raw file as the body with its type (as ticket attachments: the same size
 * limit before reading, the same content check), kept in the database, downloaded sandboxed.
 */
export const obligationEvidenceRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const { upload, download } = workspaceFiles(root, deps.database.db, ['obligations']);

  upload('/w/:workspace/obligations/occurrences/:id/files', {
    action: 'obligation.submit',
    idempotent: true,
    params: OccurrenceParamsSchema,
    querystring: UploadQuerySchema,
    status: 201,
    response: UploadedSchema,
    run: async (ctx, p, query, file) => ({
      file: await uploadEvidence(ctx, p.id, {
        requirement: query.requirement,
        filename: query.filename,
        ...file,
      }),
    }),
  });

  download('/w/:workspace/obligations/occurrences/:id/files/:fileId', {
    action: 'obligation.view',
    params: EvidenceFileParamsSchema,
    run: (ctx, p) => downloadEvidence(ctx, p.id, p.fileId),
  });
};
