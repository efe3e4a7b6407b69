import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../server/context.ts';
import { ticketNumberOf } from '../server/http.ts';
import { workspaceFiles } from '../server/workspace-files.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
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
  const { db } = deps.database;
  const tags = ['tickets'];
  const { upload, download } = workspaceFiles(root, db, tags);

  upload('/w/:workspace/tickets/:key/attachments', {
    action: 'ticket.comment',
    idempotent: true,
    params: TicketParamsSchema,
    querystring: UploadQuerySchema,
    status: 201,
    response: AttachmentAnswerSchema,
    run: async (ctx, p, query, file) => ({
      attachment: await uploadAttachment(ctx, ticketNumberOf(ctx.actor, p.key), {
        filename: query.filename,
        ...file,
        commentId: query.commentId,
      }),
    }),
  });

  workspaceReads(
    root,
    db,
    tags,
  )('/w/:workspace/tickets/:key/attachments', {
    action: 'ticket.view',
    params: TicketParamsSchema,
    response: AttachmentsSchema,
    run: async (ctx, p) => ({ items: await listAttachments(ctx, ticketNumberOf(ctx.actor, p.key)) }),
  });

  download('/w/:workspace/tickets/:key/attachments/:id', {
    action: 'ticket.view',
    params: AttachmentParamsSchema,
    response: AttachmentDownloadSchema,
    run: (ctx, p) => downloadAttachment(ctx, ticketNumberOf(ctx.actor, p.key), p.id),
  });
};
