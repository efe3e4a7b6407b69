import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../server/context.ts';
import { workspaceFiles } from '../server/workspace-files.ts';
import {
  ArticleParamsSchema,
  AttachmentParamsSchema,
  AttachmentResponseSchema,
  UploadQuerySchema,
} from './contract.ts';
import { downloadArticleAttachment, uploadArticleAttachment } from './service/attachments.ts';

/** Article files: the raw file as the body with its type (as for ticket attachments). */
export const articleAttachmentRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const { upload, download } = workspaceFiles(root, deps.database.db, ['knowledge']);

  upload('/w/:workspace/articles/:key/attachments', {
    action: 'knowledge.attach',
    idempotent: true,
    params: ArticleParamsSchema,
    querystring: UploadQuerySchema,
    status: 201,
    response: AttachmentResponseSchema,
    run: async (ctx, p, query, file) => ({
      attachment: await uploadArticleAttachment(ctx, p.key, { filename: query.filename, ...file }),
    }),
  });

  download('/w/:workspace/articles/:key/attachments/:id', {
    action: 'knowledge.view',
    params: AttachmentParamsSchema,
    run: (ctx, p) => downloadArticleAttachment(ctx, p.key, p.id),
  });
};
