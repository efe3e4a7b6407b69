import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../domain/attachments.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { sendDownload, uploadContentType } from '../server/downloads.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { downloadAttachment, listAttachments, uploadAttachment } from './service/attachments.ts';

const TicketParamsSchema = WorkspaceParamsSchema.extend({
  key: z
    .string()
    .regex(/^(?:[A-Za-z0-9]+-)?\d{1,9}$/, 'is not a ticket key such as ACME-42')
    .transform((k) => Number(k.split('-').pop())),
});
const UploadQuerySchema = z.strictObject({
  filename: z.string().min(1).max(300),
  commentId: z.uuid().optional(),
});

/**
 * Uploads are the raw file as the request body, with its type as Content-Type: no multipart
 * parsing, a size limit checked before reading, and the bytes checked against the type.
 */
export const attachmentRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  root.removeContentTypeParser(['text/plain', 'application/json']);
  root.addContentTypeParser(
    ALLOWED_ATTACHMENT_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
    (_request, body, done) => done(null, body),
  );
  // Any other type is read too (same limit), so the refusal names the type and what is accepted
  // instead of a bare "Unsupported Media Type".
  root.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
    (_request, body, done) => done(null, body),
  );
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['tickets'];

  app.post(
    '/w/:workspace/tickets/:key/attachments',
    {
      bodyLimit: MAX_ATTACHMENT_BYTES,
      config: { access: 'workspace', action: 'ticket.attach', idempotent: true },
      schema: { tags, params: TicketParamsSchema, querystring: UploadQuerySchema },
    },
    async (request, reply) => {
      const contentType = uploadContentType(request);
      const bytes = request.body as Buffer;
      const attachment = await uploadAttachment(workspaceContext(db, request), request.params.key, {
        filename: request.query.filename,
        contentType,
        bytes,
        commentId: request.query.commentId,
      });
      return reply.status(201).send({ attachment });
    },
  );

  app.get(
    '/w/:workspace/tickets/:key/attachments',
    { config: { access: 'workspace', action: 'ticket.view' }, schema: { tags, params: TicketParamsSchema } },
    async (request) => ({ items: await listAttachments(workspaceContext(db, request), request.params.key) }),
  );

  app.get(
    '/w/:workspace/tickets/:key/attachments/:id',
    {
      config: { access: 'workspace', action: 'ticket.view' },
      schema: { tags, params: TicketParamsSchema.extend({ id: z.uuid() }) },
    },
    async (request, reply) => {
      const file = await downloadAttachment(
        workspaceContext(db, request),
        request.params.key,
        request.params.id,
      );
      return sendDownload(reply, file);
    },
  );
};
