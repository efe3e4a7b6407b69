import { sql } from 'drizzle-orm';
import {
  customType,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  bytea,
  createdAt,
  rowId,
  sameWorkspace,
  updatedAt,
  version,
  workspaceId,
  workspaceKey,
} from './columns.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

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
/** public: requesters may read it once published; staff: both parties' staff only. */
export const ARTICLE_VISIBILITIES = ['public', 'staff'] as const;
export type ArticleVisibility = (typeof ARTICLE_VISIBILITIES)[number];
/** What an article can be linked to; assets and problems belong to other areas (ids checked there). */
export const ARTICLE_LINK_KINDS = ['service', 'ticket', 'asset', 'problem'] as const;
export type ArticleLinkKind = (typeof ARTICLE_LINK_KINDS)[number];

export const articles = pgTable(
  'articles',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    /** Human number per workspace (KB-12). */
    number: integer().notNull(),
    type: text({ enum: ARTICLE_TYPES }).notNull(),
    title: text().notNull(),
    summary: text().notNull().default(''),
    /** Markdown source; rendered and sanitised on the server. */
    body: text().notNull().default(''),
    status: text({ enum: ARTICLE_STATUSES }).notNull().default('draft'),
    visibility: text({ enum: ARTICLE_VISIBILITIES }).notNull().default('staff'),
    ownerPartyId: uuid().notNull(),
    reviewerMembershipId: uuid(),
    reviewDueOn: date({ mode: 'string' }),
    /** Last review reminder sent for the current review-due date (so a reminder goes out once). */
    reviewRemindedOn: date({ mode: 'string' }),
    sourceTicketId: uuid(),
    createdByMembershipId: uuid().notNull(),
    updatedByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    publishedAt: timestamp({ withTimezone: true }),
    version: version(),
    search: tsvector().generatedAlwaysAs(
      (): ReturnType<typeof sql> =>
        sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(summary, '')), 'B') || setweight(to_tsvector('english', left(coalesce(body, ''), 200000)), 'C')`,
    ),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    index('articles_list').on(t.workspaceId, t.status, t.updatedAt, t.id),
    index('articles_updated').on(t.workspaceId, t.updatedAt),
    index('articles_type').on(t.workspaceId, t.type),
    index('articles_owner').on(t.workspaceId, t.ownerPartyId),
    index('articles_review_due').on(t.workspaceId, t.reviewDueOn),
    // (workspace, words) in one GIN index (btree_gin, migration 0018): row-level security leaves the
    // workspace condition to the index only when both sit in it.
    index('articles_workspace_search').using('gin', t.workspaceId, t.search),
    workspaceKey(t),
  ],
);

/** Every saved edit, in full: who, when, and the content at that version. */
export const articleVersions = pgTable(
  'article_versions',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    articleId: uuid().notNull(),
    version: integer().notNull(),
    type: text({ enum: ARTICLE_TYPES }).notNull(),
    title: text().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    status: text({ enum: ARTICLE_STATUSES }).notNull(),
    visibility: text({ enum: ARTICLE_VISIBILITIES }).notNull(),
    note: text().notNull().default(''),
    editedByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.articleId, t.version),
    workspaceKey(t),
    sameWorkspace(t, t.articleId, articles),
  ],
);

/** Links from an article to a record of the same workspace (service, ticket, asset, problem). */
export const articleLinks = pgTable(
  'article_links',
  {
    workspaceId: workspaceId(),
    articleId: uuid().notNull(),
    kind: text({ enum: ARTICLE_LINK_KINDS }).notNull(),
    targetId: uuid().notNull(),
    createdByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.articleId, t.kind, t.targetId] }),
    index('article_links_target').on(t.workspaceId, t.kind, t.targetId),
    sameWorkspace(t, t.articleId, articles),
  ],
);

export const articleAttachments = pgTable(
  'article_attachments',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    articleId: uuid().notNull(),
    uploadedByMembershipId: uuid().notNull(),
    filename: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    // Kept in the database like ticket attachments: backups and exports carry it.
    content: bytea().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.articleId), workspaceKey(t), sameWorkspace(t, t.articleId, articles)],
);

export type Article = typeof articles.$inferSelect;
export type ArticleVersion = typeof articleVersions.$inferSelect;
export type ArticleLink = typeof articleLinks.$inferSelect;
