import type { Database } from '../db/client.ts';
import { type ArticleType, articleLinks, articles, articleVersions } from '../db/schema/knowledge.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { TestWorkspace } from '../test/factories.ts';

let counter = 1000;

/** Inserts an article directly (bulk test data), with one version by the given author and optional links. */
export async function insertArticle(
  db: Database,
  ws: TestWorkspace,
  spec: {
    type: ArticleType;
    title: string;
    authorMembershipId: string;
    reviewDueOn?: string;
    links?: Array<{ kind: 'service' | 'ticket' | 'asset' | 'problem'; targetId: string }>;
    status?: 'draft' | 'published' | 'needs_review' | 'retired';
  },
) {
  return withScopedTx(db, { workspaceId: ws.id, accountId: ws.lead.accountId }, async (tx) => {
    const [article] = await tx
      .insert(articles)
      .values({
        workspaceId: ws.id,
        number: counter++,
        type: spec.type,
        title: spec.title,
        body: `# ${spec.title}`,
        status: spec.status ?? 'published',
        ownerPartyId: ws.internalPartyId,
        reviewDueOn: spec.reviewDueOn ?? null,
        createdByMembershipId: spec.authorMembershipId,
        updatedByMembershipId: spec.authorMembershipId,
      })
      .returning();
    await tx.insert(articleVersions).values({
      workspaceId: ws.id,
      articleId: article!.id,
      version: 1,
      type: spec.type,
      title: spec.title,
      summary: '',
      body: article!.body,
      status: article!.status,
      visibility: 'staff',
      editedByMembershipId: spec.authorMembershipId,
    });
    for (const link of spec.links ?? [])
      await tx.insert(articleLinks).values({
        workspaceId: ws.id,
        articleId: article!.id,
        ...link,
        createdByMembershipId: spec.authorMembershipId,
      });
    return article!;
  });
}
