import type { Article } from '../db/schema/knowledge.ts';
import { isStaff, type WorkspaceActor } from '../domain/actor.ts';
import {
  type ArticleStatus,
  allowedNextArticleStatuses,
  canDraftArticles,
  canPublishArticle,
} from '../domain/knowledge.ts';
import { Forbidden } from '../server/errors.ts';

export type ArticleAction = 'view' | 'create' | 'edit' | 'publish' | 'link' | 'attach' | 'viewHistory';

type ArticleLike = Pick<Article, 'ownerPartyId' | 'status'>;

/**
 * Drafts are open to every lead and agent of a party; once an article is live (published or
 * needing review) or retired, changing it, its status or its owner is for the owner party's
 * staff and the internal lead (see domain/knowledge.ts).
 */
export function canArticle(actor: WorkspaceActor, action: ArticleAction, article?: ArticleLike): boolean {
  switch (action) {
    // Every member reads the knowledge base; which articles is a query condition (queries.ts).
    case 'view':
      return true;
    case 'viewHistory':
      return isStaff(actor);
    case 'create':
    case 'link':
    case 'attach':
      return canDraftArticles(actor);
    case 'edit':
      if (!article) return canDraftArticles(actor);
      return article.status === 'draft' ? canDraftArticles(actor) : canPublishArticle(actor, article);
    case 'publish':
      return article !== undefined && canPublishArticle(actor, article);
  }
}

const MESSAGES: Record<ArticleAction, string> = {
  view: 'Only members of this workspace read its knowledge base.',
  create: 'Only leads and agents of a party may write articles.',
  edit: "Only staff of the article's owner party or the internal lead may change an article once it is published.",
  publish:
    "Only staff of the article's owner party or the internal lead may publish, retire or hand over an article.",
  link: 'Only leads and agents of a party may link articles.',
  attach: 'Only leads and agents of a party may attach files to articles.',
  viewHistory: 'Only staff see the history of an article.',
};

export function assertCanArticle(actor: WorkspaceActor, action: ArticleAction, article?: ArticleLike) {
  if (!canArticle(actor, action, article)) throw new Forbidden(MESSAGES[action], 'ARTICLE_RIGHT_REQUIRED');
}

export function articleAbilities(actor: WorkspaceActor, article: ArticleLike) {
  const publish = canArticle(actor, 'publish', article);
  const edit = canArticle(actor, 'edit', article);
  const next = allowedNextArticleStatuses(article.status as ArticleStatus);
  return {
    edit,
    publish,
    link: canArticle(actor, 'link', article),
    attach: canArticle(actor, 'attach', article),
    viewHistory: canArticle(actor, 'viewHistory', article),
    // Anyone who may draft can ask for a review; every other move is the publisher's.
    nextStatuses: next.filter((s) => publish || (s === 'needs_review' && canDraftArticles(actor))),
  };
}
