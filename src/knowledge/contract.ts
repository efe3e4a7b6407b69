import { z } from 'zod';
import {
  ARTICLE_LINK_KINDS,
  ARTICLE_STATUSES,
  ARTICLE_TYPES,
  ARTICLE_VISIBILITIES,
} from '../db/schema/knowledge.ts';
import { MAX_ARTICLE_BODY_CHARS } from '../domain/markdown.ts';
import { csvEnumList, keyNumber, TicketKeySchema, Timestamp, WorkspaceParamsSchema } from '../server/http.ts';

/** The knowledge base's API contract: articles, versions, links, search and attachments. */

export const ArticleKeySchema = keyNumber(/^(?:KB-)?\d{1,9}$/i, 'is not an article key such as KB-12');
export const ArticleParamsSchema = WorkspaceParamsSchema.extend({ key: ArticleKeySchema });
export const VersionParamsSchema = ArticleParamsSchema.extend({ version: z.coerce.number().int().min(1) });
export const LinkParamsSchema = ArticleParamsSchema.extend({
  kind: z.enum(ARTICLE_LINK_KINDS),
  targetId: z.uuid(),
});
export const AttachmentParamsSchema = ArticleParamsSchema.extend({ id: z.uuid() });
export const UploadQuerySchema = z.strictObject({ filename: z.string().min(1).max(300) });

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const FilterQuery = {
  type: csvEnumList(ARTICLE_TYPES).optional(),
  status: csvEnumList(ARTICLE_STATUSES).optional(),
  serviceId: z.uuid().optional(),
  ownerPartyId: z.uuid().optional(),
  stale: bool.optional(),
  visibility: z.enum(ARTICLE_VISIBILITIES).optional(),
};
export const ListQuerySchema = z.strictObject({
  ...FilterQuery,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(300).optional(),
});
export const SearchQuerySchema = z.strictObject({
  ...FilterQuery,
  q: z.string().trim().min(1, 'must not be empty').max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const SuggestQuerySchema = z.strictObject({
  ticket: TicketKeySchema,
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export const DiffQuerySchema = z.strictObject({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});

const Body = z
  .string()
  .max(
    MAX_ARTICLE_BODY_CHARS,
    `must be at most ${MAX_ARTICLE_BODY_CHARS.toLocaleString('en-GB')} characters`,
  );
const ReviewDue = z.iso.date('must be a date such as 2026-03-31');
const LinkSchema = z.strictObject({ kind: z.enum(ARTICLE_LINK_KINDS), targetId: z.uuid() });
const Title = z.string().trim().min(1, 'must not be empty').max(200);
/** The article's fields that are optional alike when it is written and when it is edited. */
const OptionalFields = {
  summary: z.string().trim().max(1000).optional(),
  body: Body.optional(),
  visibility: z.enum(ARTICLE_VISIBILITIES).optional(),
  ownerPartyId: z.uuid().optional(),
  reviewerMembershipId: z.uuid().nullable().optional(),
  reviewDueOn: ReviewDue.nullable().optional(),
};
export const CreateBodySchema = z.strictObject({
  type: z.enum(ARTICLE_TYPES),
  title: Title,
  ...OptionalFields,
  links: z.array(LinkSchema).max(50).optional(),
});
export const UpdateBodySchema = z.strictObject({
  version: z.number().int().positive(),
  type: z.enum(ARTICLE_TYPES).optional(),
  title: Title.optional(),
  ...OptionalFields,
  status: z.enum(ARTICLE_STATUSES).optional(),
  note: z.string().trim().max(500).optional(),
});
export const FromTicketBodySchema = z.strictObject({
  ticket: TicketKeySchema,
  type: z.enum(ARTICLE_TYPES).default('how_to'),
});
export const LinkBodySchema = z.union([
  LinkSchema,
  z.strictObject({ kind: z.literal('ticket'), ticket: TicketKeySchema }),
]);
export const PreviewBodySchema = z.strictObject({ body: Body });
export type NewArticleBody = z.input<typeof CreateBodySchema>;
export type UpdateArticleBody = z.input<typeof UpdateBodySchema>;

const Type = z.enum(ARTICLE_TYPES);
const Status = z.enum(ARTICLE_STATUSES);
const Visibility = z.enum(ARTICLE_VISIBILITIES);

export const ArticleSummarySchema = z.object({
  id: z.string(),
  key: z.string(),
  number: z.number(),
  type: Type,
  title: z.string(),
  summary: z.string(),
  status: Status,
  visibility: Visibility,
  ownerParty: z.object({ id: z.string(), name: z.string().nullable() }),
  reviewer: z.object({ membershipId: z.string(), name: z.string().nullable() }).nullable(),
  /** A calendar date (YYYY-MM-DD). */
  reviewDueOn: z.string().nullable(),
  stale: z.boolean(),
  updatedAt: Timestamp,
  updatedByName: z.string().nullable(),
  version: z.number(),
});
export type ArticleSummary = z.output<typeof ArticleSummarySchema>;
/** An article as other areas list it (a problem's or a handover's articles). */
export const ArticleRefSchema = ArticleSummarySchema.pick({
  id: true,
  key: true,
  number: true,
  title: true,
  type: true,
  status: true,
});
export const ArticlePageSchema = z.object({
  items: z.array(ArticleSummarySchema),
  nextCursor: z.string().nullable(),
});
export type ArticlePage = z.output<typeof ArticlePageSchema>;
export const SnippetSegmentSchema = z.object({ text: z.string(), highlight: z.boolean() });
export const SearchResultsSchema = z.object({
  items: z.array(ArticleSummarySchema.extend({ rank: z.number(), snippet: z.array(SnippetSegmentSchema) })),
});
export type ArticleSearchResults = z.output<typeof SearchResultsSchema>;
export const SuggestionsSchema = z.object({
  items: z.array(
    ArticleSummarySchema.pick({
      id: true,
      key: true,
      number: true,
      type: true,
      title: true,
      summary: true,
      status: true,
      visibility: true,
    }).extend({ score: z.number() }),
  ),
});
export type ArticleSuggestions = z.output<typeof SuggestionsSchema>;
export const PreviewSchema = z.object({ html: z.string() });

export const ArticleLinkSchema = z.object({
  kind: z.enum(ARTICLE_LINK_KINDS),
  targetId: z.string(),
  label: z.string(),
  ticketKey: z.string().nullable(),
  createdAt: Timestamp,
});
export const AttachmentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  createdAt: Timestamp,
});
export type ArticleAttachment = z.output<typeof AttachmentSchema>;
export const ArticleAbilitiesSchema = z.object({
  edit: z.boolean(),
  publish: z.boolean(),
  link: z.boolean(),
  attach: z.boolean(),
  viewHistory: z.boolean(),
  nextStatuses: z.array(Status),
});
export const ArticleDetailSchema = ArticleSummarySchema.extend({
  body: z.string(),
  /** Sanitised HTML rendered by the server from the Markdown body. */
  html: z.string(),
  createdAt: Timestamp,
  createdByName: z.string().nullable(),
  publishedAt: Timestamp.nullable(),
  sourceTicketId: z.string().nullable(),
  links: z.array(ArticleLinkSchema),
  attachments: z.array(AttachmentSchema),
  abilities: ArticleAbilitiesSchema,
});
export type ArticleDetail = z.output<typeof ArticleDetailSchema>;
export const ArticleResponseSchema = z.object({ article: ArticleDetailSchema });

export const VersionListSchema = z.object({
  items: z.array(
    z.object({
      version: z.number(),
      title: z.string(),
      status: Status,
      note: z.string(),
      editedByMembershipId: z.string(),
      editedByName: z.string().nullable(),
      createdAt: Timestamp,
      bodyChars: z.number(),
    }),
  ),
});
export type ArticleVersions = z.output<typeof VersionListSchema>;
export const VersionResponseSchema = z.object({
  version: z.object({
    version: z.number(),
    type: Type,
    title: z.string(),
    summary: z.string(),
    body: z.string(),
    html: z.string(),
    status: Status,
    visibility: Visibility,
    note: z.string(),
    editedByName: z.string().nullable(),
    createdAt: Timestamp,
  }),
});
export type ArticleVersion = z.output<typeof VersionResponseSchema>['version'];
const DiffSegments = z.array(z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() }));
export const DiffSchema = z.object({
  from: z.object({ version: z.number(), createdAt: Timestamp }),
  to: z.object({ version: z.number(), createdAt: Timestamp }),
  fields: z.array(
    z.object({ field: z.enum(['type', 'status', 'visibility']), from: z.string(), to: z.string() }),
  ),
  title: DiffSegments,
  summary: DiffSegments,
  body: DiffSegments,
});
export type ArticleDiff = z.output<typeof DiffSchema>;
export const LinkResponseSchema = z.object({
  link: z.object({ kind: z.enum(ARTICLE_LINK_KINDS), targetId: z.string() }),
});
export const AttachmentResponseSchema = z.object({ attachment: AttachmentSchema });
