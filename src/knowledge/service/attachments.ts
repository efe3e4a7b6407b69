import { and, eq } from 'drizzle-orm';
import { articleAttachments } from '../../db/schema/knowledge.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { assertAttachment, storedFile } from '../../domain/attachments.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { NotFound } from '../../server/errors.ts';
import { assertCanArticle } from '../policy.ts';
import { findVisibleArticle } from '../queries.ts';
import { auditArticle } from './common.ts';

/** A file on an article, checked like ticket attachments and kept in the database. */
export async function uploadArticleAttachment(
  ctx: WorkspaceContext,
  number: number,
  input: { filename: string; contentType: string; bytes: Buffer },
) {
  assertAttachment(input.contentType, input.bytes);
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const article = await findVisibleArticle(tx, ctx.actor, number);
      assertCanArticle(ctx.actor, 'attach', article);
      const [row] = await tx
        .insert(articleAttachments)
        .values({
          workspaceId: ctx.actor.workspaceId,
          articleId: article.id,
          uploadedByMembershipId: ctx.actor.membershipId,
          ...storedFile(input),
        })
        .returning({
          id: articleAttachments.id,
          filename: articleAttachments.filename,
          contentType: articleAttachments.contentType,
          sizeBytes: articleAttachments.sizeBytes,
          createdAt: articleAttachments.createdAt,
        });
      await auditArticle(tx, ctx, 'article.attachment_added', article.id, undefined, row);
      return row!;
    },
    ctx.meta,
  );
}

/** A file of an article the reader may read (requesters: published public articles only). */
export async function downloadArticleAttachment(ctx: WorkspaceContext, number: number, id: string) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const article = await findVisibleArticle(tx, ctx.actor, number);
    const [row] = await tx
      .select()
      .from(articleAttachments)
      .where(and(eq(articleAttachments.id, id), eq(articleAttachments.articleId, article.id)));
    if (!row) throw new NotFound('No such attachment.');
    return row;
  });
}
