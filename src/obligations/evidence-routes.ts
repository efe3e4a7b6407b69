import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../domain/attachments.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { acceptRawUploads, sendDownload, uploadContentType } from '../server/downloads.ts';
import { FileDownload, Timestamp } from '../server/http.ts';
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
  acceptRawUploads(root, ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES);
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['obligations'];

  app.post(
    '/w/:workspace/obligations/occurrences/:id/files',
    {
      bodyLimit: MAX_ATTACHMENT_BYTES,
      config: { access: 'workspace', action: 'obligation.submit', idempotent: true },
      schema: {
        tags,
        params: OccurrenceParamsSchema,
        querystring: UploadQuerySchema,
        response: { 201: UploadedSchema },
      },
    },
    async (request, reply) => {
      const file = await uploadEvidence(workspaceContext(db, request), request.params.id, {
        requirement: request.query.requirement,
        filename: request.query.filename,
        contentType: uploadContentType(request),
        bytes: request.body as Buffer,
      });
      return reply.status(201).send({ file });
    },
  );

  app.get(
    '/w/:workspace/obligations/occurrences/:id/files/:fileId',
    {
      config: { access: 'workspace', action: 'obligation.view' },
      schema: { tags, params: EvidenceFileParamsSchema, response: { 200: FileDownload } },
    },
    async (request, reply) => {
      const file = await downloadEvidence(
        workspaceContext(db, request),
        request.params.id,
        request.params.fileId,
      );
      return sendDownload(reply, file);
    },
  );
};
