import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../domain/attachments.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { acceptRawUploads, sendDownload, uploadContentType } from '../server/downloads.ts';
import { ticketNumberOf } from '../server/http.ts';
import {
  AttachmentAnswerSchema,
  AttachmentDownloadSchema,
  AttachmentParamsSchema,
  AttachmentsSchema,
  TicketParamsSchema,
  UploadQuerySchema,
} from './contract.ts';
import { downloadAttachment, listAttachments, uploadAttachment } from './service/attachments.ts';

/**
 * Uploads are the raw file as the request body, with its type as Content-Type: no multipart
 * parsing, a size limit checked before reading, and the bytes checked against the type.
 */
export const attachmentRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  acceptRawUploads(root, ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES);
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['tickets'];

  app.post(
    '/w/:workspace/tickets/:key/attachments',
    {
      bodyLimit: MAX_ATTACHMENT_BYTES,
      config: { access: 'workspace', action: 'ticket.comment', idempotent: true },
      schema: {
        tags,
        params: TicketParamsSchema,
        querystring: UploadQuerySchema,
        response: { 201: AttachmentAnswerSchema },
      },
    },
    async (request, reply) => {
      const contentType = uploadContentType(request);
      const bytes = request.body as Buffer;
      const attachment = await uploadAttachment(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
        {
          filename: request.query.filename,
          contentType,
          bytes,
          commentId: request.query.commentId,
        },
      );
      return reply.status(201).send({ attachment });
    },
  );

  app.get(
    '/w/:workspace/tickets/:key/attachments',
    {
      config: { access: 'workspace', action: 'ticket.view' },
      schema: { tags, params: TicketParamsSchema, response: { 200: AttachmentsSchema } },
    },
    async (request) => ({
      items: await listAttachments(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
      ),
    }),
  );

  app.get(
    '/w/:workspace/tickets/:key/attachments/:id',
    {
      config: { access: 'workspace', action: 'ticket.view' },
      schema: { tags, params: AttachmentParamsSchema, response: { 200: AttachmentDownloadSchema } },
    },
    async (request, reply) => {
      const file = await downloadAttachment(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
        request.params.id,
      );
      return sendDownload(reply, file);
    },
  );
};
