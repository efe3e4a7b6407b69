import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { nextNumber } from '../../db/counters.ts';
import {
  type ArticleLinkKind,
  type ArticleStatus,
  type ArticleType,
  type ArticleVisibility,
  articleLinks,
  articles,
} from '../../db/schema/knowledge.ts';
import { memberships } from '../../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { canDraftArticles, canMoveArticle } from '../../domain/knowledge.ts';
import { nowOf, type WorkspaceContext } from '../../server/context.ts';
import { Conflict, Invalid, StaleVersion } from '../../server/errors.ts';
import { isWorkspaceParty } from '../../workspaces/queries.ts';
import { assertCanArticle } from '../policy.ts';
import { assertLinkTarget, findVisibleArticle } from '../queries.ts';
import { auditArticle, auditView, recordVersion } from './common.ts';
import { loadArticleDetail } from './read-articles.ts';

export type ArticleFields = {
  type: ArticleType;
  title: string;
  summary: string;
  body: string;
  visibility: ArticleVisibility;
  ownerPartyId: string;
  reviewerMembershipId: string | null;
  reviewDueOn: string | null;
};

export type CreateArticleInput = Partial<ArticleFields> &
  Pick<ArticleFields, 'type' | 'title'> & {
    links?: Array<{ kind: ArticleLinkKind; targetId: string }> | undefined;
    sourceTicketId?: string | undefined;
  };

async function checkOwnerParty(tx: Tx, workspaceId: string, partyId: string) {
  if (!(await isWorkspaceParty(tx, workspaceId, partyId)))
    throw new Invalid('ownerPartyId names no party of this workspace.', 'body.ownerPartyId');
}

async function checkReviewer(tx: Tx, workspaceId: string, membershipId: string) {
  const [m] = await tx
    .select({ partyId: memberships.partyId, status: memberships.status, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.id, membershipId), eq(memberships.workspaceId, workspaceId)));
  if (m?.status !== 'active' || !m.partyId || m.role === 'requester')
    throw new Invalid(
      'reviewerMembershipId must name an active staff member of this workspace.',
      'body.reviewerMembershipId',
    );
}

/** A new draft (version 1), owned by the author's party unless another is named. */
export async function createArticle(ctx: WorkspaceContext, input: CreateArticleInput) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => loadArticleDetail(tx, ctx, (await insertArticle(tx, ctx, input)).number),
    ctx.meta,
  );
}

export async function insertArticle(tx: Tx, ctx: WorkspaceContext, input: CreateArticleInput) {
  const { actor } = ctx;
  assertCanArticle(actor, 'create');
  const ownerPartyId = input.ownerPartyId ?? actor.partyId!;
  if (input.ownerPartyId) await checkOwnerParty(tx, actor.workspaceId, input.ownerPartyId);
  if (input.reviewerMembershipId) await checkReviewer(tx, actor.workspaceId, input.reviewerMembershipId);
  for (const link of input.links ?? []) await assertLinkTarget(tx, actor, link.kind, link.targetId);
  const number = await nextNumber(tx, actor.workspaceId, 'article');
  const [article] = await tx
    .insert(articles)
    .values({
      workspaceId: actor.workspaceId,
      number,
      type: input.type,
      title: input.title,
      summary: input.summary ?? '',
      body: input.body ?? '',
      visibility: input.visibility ?? 'staff',
      ownerPartyId,
      reviewerMembershipId: input.reviewerMembershipId ?? null,
      reviewDueOn: input.reviewDueOn ?? null,
      sourceTicketId: input.sourceTicketId ?? null,
      createdByMembershipId: actor.membershipId,
      updatedByMembershipId: actor.membershipId,
      // Millisecond precision, like every later update, so list cursors compare exactly.
      createdAt: nowOf(ctx),
      updatedAt: nowOf(ctx),
    })
    .returning();
  await recordVersion(tx, ctx, article!, 'Created');
  const links = dedupeLinks(input.links ?? []);
  if (links.length > 0) {
    await tx.insert(articleLinks).values(
      links.map((l) => ({
        workspaceId: actor.workspaceId,
        articleId: article!.id,
        kind: l.kind,
        targetId: l.targetId,
        createdByMembershipId: actor.membershipId,
      })),
    );
  }
  await auditArticle(tx, ctx, 'article.created', article!.id, undefined, { ...auditView(article!), links });
  return article!;
}

const dedupeLinks = (links: Array<{ kind: ArticleLinkKind; targetId: string }>) => [
  ...new Map(links.map((l) => [`${l.kind}:${l.targetId}`, l])).values(),
];

export type UpdateArticleInput = Partial<ArticleFields> & {
  version: number;
  status?: ArticleStatus | undefined;
  note?: string | undefined;
};

/** One edit = one new version; refused whole when stale or not allowed. */
export async function updateArticle(ctx: WorkspaceContext, number: number, input: UpdateArticleInput) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const { actor } = ctx;
      const before = await findVisibleArticle(tx, actor, number);
      const { version, note, status, ...fields } = input;
      const changesContent = Object.keys(fields).length > 0;
      const askingReview = status === 'needs_review' && status !== before.status;
      // Asking for a review is open to every drafter; any other change follows the publication rule.
      if (changesContent || (status !== undefined && status !== before.status && !askingReview)) {
        assertCanArticle(actor, 'edit', before);
      } else if (!canDraftArticles(actor)) {
        assertCanArticle(actor, 'create');
      }
      if (status !== undefined && status !== before.status && !askingReview && status !== 'draft') {
        assertCanArticle(actor, 'publish', before);
      }
      if (fields.ownerPartyId !== undefined && fields.ownerPartyId !== before.ownerPartyId) {
        assertCanArticle(actor, 'publish', before);
        await checkOwnerParty(tx, actor.workspaceId, fields.ownerPartyId);
      }
      if (status !== undefined && !canMoveArticle(before.status, status)) {
        throw new Conflict(
          `An article cannot go from ${before.status.replace(/_/g, ' ')} to ${status.replace(/_/g, ' ')}.`,
          'STATUS_NOT_ALLOWED',
        );
      }
      if (fields.reviewerMembershipId)
        await checkReviewer(tx, actor.workspaceId, fields.reviewerMembershipId);
      const nextStatus = status ?? before.status;
      if (nextStatus === 'published' && (fields.body ?? before.body).trim() === '') {
        throw new Invalid('An article needs a body before it is published.', 'body.body');
      }
      const now = nowOf(ctx);
      const [after] = await tx
        .update(articles)
        .set({
          ...fields,
          ...(status !== undefined && { status }),
          ...(status === 'published' && before.status !== 'published' && { publishedAt: now }),
          // A new review date starts a new reminder cycle.
          ...(fields.reviewDueOn !== undefined &&
            fields.reviewDueOn !== before.reviewDueOn && { reviewRemindedOn: null }),
          updatedByMembershipId: actor.membershipId,
          updatedAt: now,
          version: sql`${articles.version} + 1`,
        })
        .where(and(eq(articles.id, before.id), eq(articles.version, version)))
        .returning();
      if (!after) throw new StaleVersion('article', before.version);
      await recordVersion(tx, ctx, after, note ?? '');
      await auditArticle(
        tx,
        ctx,
        status && status !== before.status ? `article.${statusVerb(status)}` : 'article.updated',
        after.id,
        auditView(before),
        auditView(after),
      );
      return loadArticleDetail(tx, ctx, after.number);
    },
    ctx.meta,
  );
}

const statusVerb = (s: ArticleStatus) =>
  ({
    draft: 'returned_to_draft',
    published: 'published',
    needs_review: 'review_requested',
    retired: 'retired',
  })[s];
