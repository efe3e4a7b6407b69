import { ARTICLE_STATUSES, ARTICLE_TYPES, type ArticleStatus, type ArticleType } from './types';

export interface KnowledgeSearch {
  q?: string;
  type?: ArticleType;
  status?: ArticleStatus;
  stale?: true;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

export function validateKnowledgeSearch(search: Record<string, unknown>): KnowledgeSearch {
  const type = ARTICLE_TYPES.find((t) => t === search.type);
  const status = ARTICLE_STATUSES.find((s) => s === search.status);
  return {
    ...(text(search.q) && { q: text(search.q)! }),
    ...(type && { type }),
    ...(status && { status }),
    ...((search.stale === true || search.stale === 'true') && { stale: true as const }),
  };
}
