import { auditorFor } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import { type Article, articleVersions } from '../../db/schema/knowledge.ts';
import { nowOf, type WorkspaceContext } from '../../server/context.ts';

export const auditArticle = auditorFor('article');

/** The audit view of an article: its fields without the (possibly large) body. */
export const auditView = (a: Article) => ({
  number: a.number,
  type: a.type,
  title: a.title,
  status: a.status,
  visibility: a.visibility,
  ownerPartyId: a.ownerPartyId,
  reviewerMembershipId: a.reviewerMembershipId,
  reviewDueOn: a.reviewDueOn,
  version: a.version,
  bodyChars: a.body.length,
});

/** Every saved state is kept as a version: who, when, and the whole content. */
export async function recordVersion(tx: Tx, ctx: WorkspaceContext, article: Article, note: string) {
  await tx.insert(articleVersions).values({
    workspaceId: article.workspaceId,
    articleId: article.id,
    version: article.version,
    type: article.type,
    title: article.title,
    summary: article.summary,
    body: article.body,
    status: article.status,
    visibility: article.visibility,
    note,
    editedByMembershipId: ctx.actor.membershipId,
    createdAt: nowOf(ctx),
  });
}

export const today = (now = new Date()) => now.toISOString().slice(0, 10);
