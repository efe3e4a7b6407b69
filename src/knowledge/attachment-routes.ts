import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../domain/attachments.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { acceptRawUploads, sendDownload, uploadContentType } from '../server/downloads.ts';
import { FileDownload, workspaceRoute } from '../server/http.ts';
import {
  ArticleParamsSchema,
  AttachmentParamsSchema,
  AttachmentResponseSchema,
  UploadQuerySchema,
} from './contract.ts';
import type { ArticleAction } from './policy.ts';
import { downloadArticleAttachment, uploadArticleAttachment } from './service/attachments.ts';

const route = workspaceRoute<'knowledge', ArticleAction>('knowledge');

/** Article files: the raw file as the body with its type (as for ticket attachments). */
export const articleAttachmentRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  acceptRawUploads(root, ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES);
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['knowledge'];

  app.post(
    '/w/:workspace/articles/:key/attachments',
    {
      bodyLimit: MAX_ATTACHMENT_BYTES,
      config: route('attach', { idempotent: true }),
      schema: {
        tags,
        params: ArticleParamsSchema,
        querystring: UploadQuerySchema,
        response: { 201: AttachmentResponseSchema },
      },
    },
    async (request, reply) => {
      const attachment = await uploadArticleAttachment(workspaceContext(db, request), request.params.key, {
        filename: request.query.filename,
        contentType: uploadContentType(request),
        bytes: request.body as Buffer,
      });
      return reply.status(201).send({ attachment });
    },
  );

  app.get(
    '/w/:workspace/articles/:key/attachments/:id',
    {
      config: route('view'),
      schema: { tags, params: AttachmentParamsSchema, response: { 200: FileDownload } },
    },
    async (request, reply) => {
      const file = await downloadArticleAttachment(
        workspaceContext(db, request),
        request.params.key,
        request.params.id,
      );
      return sendDownload(reply, file);
    },
  );
};
