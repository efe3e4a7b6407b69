import type { Article } from '../db/schema/knowledge.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { isStale, plainFromMarkdown } from '../domain/knowledge.ts';
import { renderMarkdown } from '../domain/markdown.ts';
import type { ArticleDetail, ArticleSummary } from './contract.ts';
import { articleAbilities } from './policy.ts';
import { today } from './service/common.ts';

export const articleKey = (number: number) => `KB-${number}`;

type SummaryInput = Pick<
  Article,
  | 'id'
  | 'number'
  | 'type'
  | 'title'
  | 'summary'
  | 'status'
  | 'visibility'
  | 'ownerPartyId'
  | 'reviewerMembershipId'
  | 'reviewDueOn'
  | 'updatedAt'
  | 'version'
> & { ownerPartyName?: string | null; reviewerName?: string | null; updatedByName?: string | null };

export function presentArticleSummary(a: SummaryInput): ArticleSummary {
  return {
    id: a.id,
    key: articleKey(a.number),
    number: a.number,
    type: a.type,
    title: a.title,
    summary: a.summary,
    status: a.status,
    visibility: a.visibility,
    ownerParty: { id: a.ownerPartyId, name: a.ownerPartyName ?? null },
    reviewer: a.reviewerMembershipId
      ? { membershipId: a.reviewerMembershipId, name: a.reviewerName ?? null }
      : null,
    reviewDueOn: a.reviewDueOn,
    stale: isStale(a, today()),
    updatedAt: a.updatedAt,
    updatedByName: a.updatedByName ?? null,
    version: a.version,
  };
}

export function presentArticle(
  actor: WorkspaceActor,
  detail: {
    article: Article;
    links: ArticleDetail['links'];
    attachments: ArticleDetail['attachments'];
    names: Map<string, string>;
    ownerPartyName: string | null;
  },
): ArticleDetail {
  const { article: a, names } = detail;
  const staff = actor.partyId !== null && actor.role !== 'requester';
  return {
    ...presentArticleSummary({
      ...a,
      ownerPartyName: detail.ownerPartyName,
      reviewerName: a.reviewerMembershipId ? names.get(a.reviewerMembershipId) : null,
      updatedByName: names.get(a.updatedByMembershipId) ?? null,
    }),
    body: a.body,
    // Security: the only HTML the API sends for an article, made by the sanitising renderer.
    html: renderMarkdown(a.body),
    createdAt: a.createdAt,
    createdByName: names.get(a.createdByMembershipId) ?? null,
    publishedAt: a.publishedAt,
    sourceTicketId: staff ? a.sourceTicketId : null,
    links: staff ? detail.links : [],
    attachments: detail.attachments,
    abilities: articleAbilities(actor, a),
  };
}

/** Splits a ts_headline snippet into plain and highlighted parts, so no markup reaches a page. */
export function snippetSegments(snippet: string): Array<{ text: string; highlight: boolean }> {
  const segments: Array<{ text: string; highlight: boolean }> = [];
  // The body is Markdown: the snippet shows its words, not its marks.
  for (const [index, raw] of snippet.split(/[⟦⟧]/).entries()) {
    const part = plainFromMarkdown(raw);
    if (part) segments.push({ text: part, highlight: index % 2 === 1 });
  }
  return segments;
}
