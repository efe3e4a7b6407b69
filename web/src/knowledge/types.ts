import type {
  ArticleDetail,
  ArticleDiff as ArticleDiffView,
  ArticleSearchResults,
  ArticleSuggestions,
  ArticleSummary as ArticleSummaryView,
  ArticleVersions,
} from '../../../src/knowledge/contract.ts';
import type { Wire } from '../../../src/server/http.ts';

export const ARTICLE_TYPES = [
  'how_to',
  'runbook',
  'recovery_procedure',
  'escalation_guide',
  'decision_record',
  'post_incident_review',
] as const satisfies readonly ArticleType[];
export type ArticleType = ArticleSummary['type'];
export const ARTICLE_STATUSES = [
  'draft',
  'published',
  'needs_review',
  'retired',
] as const satisfies readonly ArticleStatus[];
export type ArticleStatus = ArticleSummary['status'];
export type ArticleVisibility = ArticleSummary['visibility'];

export const TYPE_LABELS: Record<ArticleType, string> = {
  how_to: 'How-to',
  runbook: 'Runbook',
  recovery_procedure: 'Recovery procedure',
  escalation_guide: 'Escalation guide',
  decision_record: 'Decision record',
  post_incident_review: 'Post-incident review',
};
export const STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: 'Draft',
  published: 'Published',
  needs_review: 'Needs review',
  retired: 'Retired',
};
export const STATUS_COLOURS: Record<ArticleStatus, string> = {
  draft: 'gray',
  published: 'teal',
  needs_review: 'orange',
  retired: 'dark',
};

export type ArticleSummary = Wire<ArticleSummaryView>;
export type Article = Wire<ArticleDetail>;
export type ArticleLink = Article['links'][number];
export type ArticleHit = Wire<ArticleSearchResults>['items'][number];
export type SnippetSegment = ArticleHit['snippet'][number];
export type ArticleVersionSummary = Wire<ArticleVersions>['items'][number];
export type ArticleDiff = Wire<ArticleDiffView>;
export type DiffSegment = ArticleDiff['body'][number];
export type Suggestion = Wire<ArticleSuggestions>['items'][number];

export interface ArticleFilters {
  type?: ArticleType[];
  status?: ArticleStatus[];
  serviceId?: string;
  ownerPartyId?: string;
  stale?: boolean;
}
