import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../domain/attachments.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { acceptRawUploads, sendDownload, uploadContentType } from '../server/downloads.ts';
import { FileDownload } from '../server/http.ts';
import { EvidenceUploadQuerySchema, RevocationParamsSchema, RevocationResponseSchema } from './contract.ts';
import { presentRevocation } from './presenter.ts';
import { attachEvidence, downloadEvidence } from './service/revocations.ts';

/** Evidence files for revocations: the raw file as the body, as for ticket attachments. */
export const accessEvidenceRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  acceptRawUploads(root, ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES);
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['access'];

  app.post(
    '/w/:workspace/access/revocations/:id/evidence',
    {
      bodyLimit: MAX_ATTACHMENT_BYTES,
      config: { access: 'workspace', action: 'access.confirmRevocation' },
      schema: {
        tags,
        params: RevocationParamsSchema,
        querystring: EvidenceUploadQuerySchema,
        response: { 200: RevocationResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await attachEvidence(ctx, request.params.id, {
        filename: request.query.filename,
        contentType: uploadContentType(request),
        bytes: request.body as Buffer,
      });
      return { task: presentRevocation(ctx.actor, found.rows[0]!, found.people) };
    },
  );

  app.get(
    '/w/:workspace/access/revocations/:id/evidence',
    {
      config: { access: 'workspace', action: 'access.view' },
      schema: { tags, params: RevocationParamsSchema, response: { 200: FileDownload } },
    },
    async (request, reply) =>
      sendDownload(reply, await downloadEvidence(workspaceContext(db, request), request.params.id)),
  );
};
