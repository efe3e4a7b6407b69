export const ARTICLE_TYPES = [
  'how_to',
  'runbook',
  'recovery_procedure',
  'escalation_guide',
  'decision_record',
  'post_incident_review',
] as const;
export type ArticleType = (typeof ARTICLE_TYPES)[number];
export const ARTICLE_STATUSES = ['draft', 'published', 'needs_review', 'retired'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export type ArticleVisibility = 'public' | 'staff';

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

export interface ArticleSummary {
  id: string;
  key: string;
  number: number;
  type: ArticleType;
  title: string;
  summary: string;
  status: ArticleStatus;
  visibility: ArticleVisibility;
  ownerParty: { id: string; name: string | null };
  reviewer: { membershipId: string; name: string | null } | null;
  reviewDueOn: string | null;
  stale: boolean;
  updatedAt: string;
  updatedByName: string | null;
  version: number;
}

export interface ArticleLink {
  kind: 'service' | 'ticket' | 'asset' | 'problem';
  targetId: string;
  label: string;
  ticketKey: string | null;
}

export interface Article extends ArticleSummary {
  body: string;
  /** Sanitised on the server; the only HTML this app renders for an article. */
  html: string;
  createdAt: string;
  createdByName: string | null;
  publishedAt: string | null;
  sourceTicketId: string | null;
  links: ArticleLink[];
  attachments: Array<{
    id: string;
    filename: string;
    contentType: string;
    sizeBytes: number;
    createdAt: string;
  }>;
  abilities: {
    edit: boolean;
    publish: boolean;
    link: boolean;
    attach: boolean;
    viewHistory: boolean;
    nextStatuses: ArticleStatus[];
  };
}

export type SnippetSegment = { text: string; highlight: boolean };
export interface ArticleHit extends ArticleSummary {
  rank: number;
  snippet: SnippetSegment[];
}

export interface ArticleVersionSummary {
  version: number;
  title: string;
  status: ArticleStatus;
  note: string;
  editedByName: string | null;
  createdAt: string;
  bodyChars: number;
}

export type DiffSegment = { kind: 'same' | 'added' | 'removed'; text: string };
export interface ArticleDiff {
  from: { version: number; createdAt: string };
  to: { version: number; createdAt: string };
  fields: Array<{ field: string; from: string; to: string }>;
  title: DiffSegment[];
  summary: DiffSegment[];
  body: DiffSegment[];
}

export interface Suggestion {
  id: string;
  key: string;
  number: number;
  type: ArticleType;
  title: string;
  summary: string;
  status: ArticleStatus;
  score: number;
}

export interface ArticleFilters {
  type?: ArticleType[];
  status?: ArticleStatus[];
  serviceId?: string;
  ownerPartyId?: string;
  stale?: boolean;
}
