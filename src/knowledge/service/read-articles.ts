import { and, desc, eq, exists, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import {
  type Article,
  type ArticleStatus,
  type ArticleType,
  articleAttachments,
  articleLinks,
  articles,
  articleVersions,
} from '../../db/schema/knowledge.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import type { WorkspaceActor } from '../../domain/actor.ts';
import { diffTexts } from '../../domain/knowledge.ts';
import { renderMarkdown } from '../../domain/markdown.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { decodeCursor, pageOf } from '../../server/cursor.ts';
import { NotFound } from '../../server/errors.ts';
import { memberNames, partyNames } from '../../workspaces/names.ts';
import { assertCanArticle } from '../policy.ts';
import { findVisibleArticle, loadLinks, visibleArticles } from '../queries.ts';
import { today } from './common.ts';

export type ArticleFilters = {
  type?: ArticleType[] | undefined;
  status?: ArticleStatus[] | undefined;
  serviceId?: string | undefined;
  ownerPartyId?: string | undefined;
  /** true: only articles past their review date; false: only those not past it. */
  stale?: boolean | undefined;
  visibility?: 'public' | 'staff' | undefined;
};

/** The SQL conditions of the filters shared by the list and the search (all inside the query). */
export function articleConditions(actor: WorkspaceActor, f: ArticleFilters): SQL[] {
  const staleSql = and(
    inArray(articles.status, ['published', 'needs_review']),
    lt(articles.reviewDueOn, today()),
  )!;
  return [
    eq(articles.workspaceId, actor.workspaceId),
    visibleArticles(actor),
    f.type?.length ? inArray(articles.type, f.type) : undefined,
    f.status?.length ? inArray(articles.status, f.status) : undefined,
    f.ownerPartyId ? eq(articles.ownerPartyId, f.ownerPartyId) : undefined,
    f.visibility ? eq(articles.visibility, f.visibility) : undefined,
    f.serviceId
      ? exists(
          sql`(select 1 from ${articleLinks} l where l.article_id = ${articles.id} and l.kind = 'service' and l.target_id = ${f.serviceId})`,
        )
      : undefined,
    f.stale === true ? staleSql : f.stale === false ? sql`not coalesce(${staleSql}, false)` : undefined,
  ].filter((c): c is SQL => c !== undefined);
}

export const summaryColumns = {
  id: articles.id,
  number: articles.number,
  type: articles.type,
  title: articles.title,
  summary: articles.summary,
  status: articles.status,
  visibility: articles.visibility,
  ownerPartyId: articles.ownerPartyId,
  reviewerMembershipId: articles.reviewerMembershipId,
  reviewDueOn: articles.reviewDueOn,
  updatedAt: articles.updatedAt,
  updatedByMembershipId: articles.updatedByMembershipId,
  version: articles.version,
};
export type ArticleSummaryRow = { [K in keyof typeof summaryColumns]: Article[K] };

/** Newest first, a page at a time (keyset cursor on updatedAt, id). */
export async function listArticles(
  ctx: WorkspaceContext,
  filters: ArticleFilters & { limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(filters.cursor, ['timestamp', 'uuid']);
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const conditions = articleConditions(ctx.actor, filters);
    if (after) {
      conditions.push(
        or(
          lt(articles.updatedAt, new Date(after[0])),
          and(eq(articles.updatedAt, new Date(after[0])), lt(articles.id, after[1])),
        )!,
      );
    }
    const rows = await tx
      .select(summaryColumns)
      .from(articles)
      .where(and(...conditions))
      .orderBy(desc(articles.updatedAt), desc(articles.id))
      .limit(filters.limit + 1);
    const page = pageOf(rows, filters.limit, (r) => [r.updatedAt.toISOString(), r.id]);
    return { items: await withNames(tx, ctx.actor, page.items), nextCursor: page.nextCursor };
  });
}

export async function withNames<T extends ArticleSummaryRow>(tx: Tx, actor: WorkspaceActor, rows: T[]) {
  const names = await memberNames(
    tx,
    actor.workspaceId,
    rows.flatMap((r) => [r.updatedByMembershipId, r.reviewerMembershipId].filter((x): x is string => !!x)),
  );
  const owners = await partyNames(tx, actor.workspaceId);
  return rows.map((r) => ({
    ...r,
    ownerPartyName: owners.get(r.ownerPartyId)?.name ?? null,
    reviewerName: r.reviewerMembershipId ? (names.get(r.reviewerMembershipId) ?? null) : null,
    updatedByName: names.get(r.updatedByMembershipId) ?? null,
  }));
}

/** One article with its links, attachments and the people around it. */
export async function getArticle(ctx: WorkspaceContext, number: number) {
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) => loadArticleDetail(tx, ctx, number));
}

/** An article with its links, files and names, inside the caller's transaction (reads and writes). */
export async function loadArticleDetail(tx: Tx, ctx: WorkspaceContext, number: number) {
  const article = await findVisibleArticle(tx, ctx.actor, number);
  // One query at a time: a transaction's client runs statements in order.
  const links = await loadLinks(tx, ctx.actor, article.id);
  const attachments = await tx
    .select({
      id: articleAttachments.id,
      filename: articleAttachments.filename,
      contentType: articleAttachments.contentType,
      sizeBytes: articleAttachments.sizeBytes,
      createdAt: articleAttachments.createdAt,
    })
    .from(articleAttachments)
    .where(eq(articleAttachments.articleId, article.id))
    .orderBy(articleAttachments.createdAt);
  const names = await memberNames(
    tx,
    ctx.actor.workspaceId,
    [article.createdByMembershipId, article.updatedByMembershipId, article.reviewerMembershipId].filter(
      (x): x is string => !!x,
    ),
  );
  const owners = await partyNames(tx, ctx.actor.workspaceId);
  return {
    article,
    links,
    attachments,
    names,
    ownerPartyName: owners.get(article.ownerPartyId)?.name ?? null,
  };
}

export async function listVersions(ctx: WorkspaceContext, number: number) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const article = await findVisibleArticle(tx, ctx.actor, number);
    assertCanArticle(ctx.actor, 'viewHistory', article);
    const rows = await tx
      .select({
        version: articleVersions.version,
        title: articleVersions.title,
        status: articleVersions.status,
        note: articleVersions.note,
        editedByMembershipId: articleVersions.editedByMembershipId,
        createdAt: articleVersions.createdAt,
        bodyChars: sql<number>`length(${articleVersions.body})`.mapWith(Number),
      })
      .from(articleVersions)
      .where(eq(articleVersions.articleId, article.id))
      .orderBy(desc(articleVersions.version));
    const names = await memberNames(
      tx,
      ctx.actor.workspaceId,
      rows.map((r) => r.editedByMembershipId),
    );
    return rows.map((r) => ({ ...r, editedByName: names.get(r.editedByMembershipId) ?? null }));
  });
}

async function loadVersion(tx: Tx, articleId: string, version: number, field: string) {
  const [row] = await tx
    .select()
    .from(articleVersions)
    .where(and(eq(articleVersions.articleId, articleId), eq(articleVersions.version, version)));
  if (!row) throw new NotFound(`This article has no version ${version} (${field}).`);
  return row;
}

export async function getVersion(ctx: WorkspaceContext, number: number, version: number) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const article = await findVisibleArticle(tx, ctx.actor, number);
    assertCanArticle(ctx.actor, 'viewHistory', article);
    const row = await loadVersion(tx, article.id, version, 'version');
    const names = await memberNames(tx, ctx.actor.workspaceId, [row.editedByMembershipId]);
    return {
      version: row.version,
      type: row.type,
      title: row.title,
      summary: row.summary,
      body: row.body,
      // Security: the only HTML of a version, made by the sanitising renderer.
      html: renderMarkdown(row.body),
      status: row.status,
      visibility: row.visibility,
      note: row.note,
      editedByName: names.get(row.editedByMembershipId) ?? null,
      createdAt: row.createdAt,
    };
  });
}

/** What changed between any two versions (either order), field by field. */
export async function diffVersions(ctx: WorkspaceContext, number: number, from: number, to: number) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const article = await findVisibleArticle(tx, ctx.actor, number);
    assertCanArticle(ctx.actor, 'viewHistory', article);
    const a = await loadVersion(tx, article.id, from, 'from');
    const b = await loadVersion(tx, article.id, to, 'to');
    const changed = (['type', 'status', 'visibility'] as const)
      .filter((k) => a[k] !== b[k])
      .map((k) => ({ field: k, from: a[k], to: b[k] }));
    return {
      from: { version: a.version, createdAt: a.createdAt },
      to: { version: b.version, createdAt: b.createdAt },
      fields: changed,
      title: diffTexts(`${a.title}\n`, `${b.title}\n`),
      summary: diffTexts(`${a.summary}\n`, `${b.summary}\n`),
      body: diffTexts(a.body, b.body),
    };
  });
}

/** The sanitised HTML of a Markdown body being written (nothing is stored). */
export function previewArticleBody(ctx: WorkspaceContext, body: string) {
  assertCanArticle(ctx.actor, 'view');
  return { html: renderMarkdown(body) };
}
