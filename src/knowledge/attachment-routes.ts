import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../domain/attachments.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { sendDownload, uploadContentType } from '../server/downloads.ts';
import { ArticleParamsSchema } from './routes.ts';
import { downloadArticleAttachment, uploadArticleAttachment } from './service/attachments.ts';

/** Article files: the raw file as the body with its type (as for ticket attachments). */
export const articleAttachmentRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  root.removeContentTypeParser(['text/plain']);
  root.addContentTypeParser(
    ALLOWED_ATTACHMENT_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
    (_request, body, done) => done(null, body),
  );
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['knowledge'];

  app.post(
    '/w/:workspace/articles/:key/attachments',
    {
      bodyLimit: MAX_ATTACHMENT_BYTES,
      config: { access: 'workspace', action: 'article.attach', idempotent: true },
      schema: {
        tags,
        params: ArticleParamsSchema,
        querystring: z.strictObject({ filename: z.string().min(1).max(300) }),
      },
    },
    async (request, reply) => {
      const contentType = uploadContentType(request);
      const attachment = await uploadArticleAttachment(workspaceContext(db, request), request.params.key, {
        filename: request.query.filename,
        contentType,
        bytes: request.body as Buffer,
      });
      return reply.status(201).send({ attachment });
    },
  );

  app.get(
    '/w/:workspace/articles/:key/attachments/:id',
    {
      config: { access: 'workspace', action: 'article.view' },
      schema: { tags, params: ArticleParamsSchema.extend({ id: z.uuid() }) },
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
