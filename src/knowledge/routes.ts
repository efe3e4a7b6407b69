import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ARTICLE_LINK_KINDS,
  ARTICLE_STATUSES,
  ARTICLE_TYPES,
  ARTICLE_VISIBILITIES,
} from '../db/schema/knowledge.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { MAX_ARTICLE_BODY_CHARS, renderMarkdown } from '../domain/markdown.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { presentArticle, presentArticleSummary, snippetSegments } from './presenter.ts';
import { ticketIdByNumber } from './queries.ts';
import { startReviewSweep } from './review-sweep.ts';
import { writeUpTicket } from './service/from-ticket.ts';
import { linkArticle, unlinkArticle } from './service/links.ts';
import { diffVersions, getArticle, getVersion, listArticles, listVersions } from './service/read-articles.ts';
import { searchArticles, suggestArticles } from './service/search-articles.ts';
import { createArticle, updateArticle } from './service/write-articles.ts';

const KEY = /^(?:KB-)?\d{1,9}$/i;
export const ArticleKeySchema = z
  .string()
  .regex(KEY, 'is not an article key such as KB-12')
  .transform((k) => Number(k.split('-').pop()));
const TicketKeySchema = z
  .string()
  .regex(/^(?:[A-Za-z0-9]+-)?\d{1,9}$/, 'is not a ticket key such as ACME-42')
  .transform((k) => Number(k.split('-').pop()));
export const ArticleParamsSchema = WorkspaceParamsSchema.extend({ key: ArticleKeySchema });

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const FilterQuery = {
  type: csv(ARTICLE_TYPES).optional(),
  status: csv(ARTICLE_STATUSES).optional(),
  serviceId: z.uuid().optional(),
  ownerPartyId: z.uuid().optional(),
  stale: bool.optional(),
  visibility: z.enum(ARTICLE_VISIBILITIES).optional(),
};
const ListQuerySchema = z.strictObject({
  ...FilterQuery,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(300).optional(),
});
const SearchQuerySchema = z.strictObject({
  ...FilterQuery,
  q: z.string().trim().min(1, 'must not be empty').max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
const SuggestQuerySchema = z.strictObject({
  ticket: TicketKeySchema,
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

const Body = z
  .string()
  .max(
    MAX_ARTICLE_BODY_CHARS,
    `must be at most ${MAX_ARTICLE_BODY_CHARS.toLocaleString('en-GB')} characters`,
  );
const ReviewDue = z.iso.date('must be a date such as 2026-03-31');
const LinkSchema = z.strictObject({ kind: z.enum(ARTICLE_LINK_KINDS), targetId: z.uuid() });
const CreateBodySchema = z.strictObject({
  type: z.enum(ARTICLE_TYPES),
  title: z.string().trim().min(1, 'must not be empty').max(200),
  summary: z.string().trim().max(1000).optional(),
  body: Body.optional(),
  visibility: z.enum(ARTICLE_VISIBILITIES).optional(),
  ownerPartyId: z.uuid().optional(),
  reviewerMembershipId: z.uuid().nullable().optional(),
  reviewDueOn: ReviewDue.nullable().optional(),
  links: z.array(LinkSchema).max(50).optional(),
});
const UpdateBodySchema = z.strictObject({
  version: z.number().int().positive(),
  type: z.enum(ARTICLE_TYPES).optional(),
  title: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  summary: z.string().trim().max(1000).optional(),
  body: Body.optional(),
  visibility: z.enum(ARTICLE_VISIBILITIES).optional(),
  ownerPartyId: z.uuid().optional(),
  reviewerMembershipId: z.uuid().nullable().optional(),
  reviewDueOn: ReviewDue.nullable().optional(),
  status: z.enum(ARTICLE_STATUSES).optional(),
  note: z.string().trim().max(500).optional(),
});
const FromTicketBodySchema = z.strictObject({
  ticket: TicketKeySchema,
  type: z.enum(ARTICLE_TYPES).default('how_to'),
});
const LinkBodySchema = z.union([
  LinkSchema,
  z.strictObject({ kind: z.literal('ticket'), ticket: TicketKeySchema }),
]);
const PreviewBodySchema = z.strictObject({ body: Body });

export const knowledgeRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['knowledge'];
  // The hourly in-process sweep; tests call sweepReviewReminders themselves.
  if (deps.config.env !== 'test') startReviewSweep(root, deps);

  app.get(
    '/w/:workspace/articles',
    {
      config: { access: 'workspace', action: 'article.list' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: ListQuerySchema },
    },
    async (request) => {
      const page = await listArticles(workspaceContext(db, request), request.query);
      return { items: page.items.map(presentArticleSummary), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/w/:workspace/articles/search',
    {
      config: { access: 'workspace', action: 'article.list' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: SearchQuerySchema },
    },
    async (request) => {
      const { q, ...filters } = request.query;
      const hits = await searchArticles(workspaceContext(db, request), q, filters);
      return {
        items: hits.map((h) => ({
          ...presentArticleSummary(h),
          rank: h.rank,
          snippet: snippetSegments(h.snippet),
        })),
      };
    },
  );

  app.get(
    '/w/:workspace/articles/suggestions',
    {
      config: { access: 'workspace', action: 'article.list' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: SuggestQuerySchema },
    },
    async (request) => {
      const items = await suggestArticles(
        workspaceContext(db, request),
        request.query.ticket,
        request.query.limit,
      );
      return { items: items.map((i) => ({ ...i, key: `KB-${i.number}` })) };
    },
  );

  app.post(
    '/w/:workspace/articles/preview',
    {
      config: { access: 'workspace', action: 'article.list' },
      schema: { tags, params: WorkspaceParamsSchema, body: PreviewBodySchema },
    },
    async (request) => ({ html: renderMarkdown(request.body.body) }),
  );

  app.post(
    '/w/:workspace/articles',
    {
      config: { access: 'workspace', action: 'article.create', idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: CreateBodySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const created = await createArticle(ctx, request.body);
      const detail = await getArticle(ctx, created.number);
      return reply.status(201).send({ article: presentArticle(ctx.actor, detail) });
    },
  );

  app.post(
    '/w/:workspace/articles/from-ticket',
    {
      config: { access: 'workspace', action: 'article.create', idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: FromTicketBodySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const created = await writeUpTicket(ctx, request.body.ticket, request.body.type);
      const detail = await getArticle(ctx, created.number);
      return reply.status(201).send({ article: presentArticle(ctx.actor, detail) });
    },
  );

  app.get(
    '/w/:workspace/articles/:key',
    {
      config: { access: 'workspace', action: 'article.view' },
      schema: { tags, params: ArticleParamsSchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return { article: presentArticle(ctx.actor, await getArticle(ctx, request.params.key)) };
    },
  );

  app.patch(
    '/w/:workspace/articles/:key',
    {
      config: { access: 'workspace', action: 'article.update' },
      schema: { tags, params: ArticleParamsSchema, body: UpdateBodySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await updateArticle(ctx, request.params.key, request.body);
      return { article: presentArticle(ctx.actor, await getArticle(ctx, request.params.key)) };
    },
  );

  app.get(
    '/w/:workspace/articles/:key/versions',
    {
      config: { access: 'workspace', action: 'article.history' },
      schema: { tags, params: ArticleParamsSchema },
    },
    async (request) => ({ items: await listVersions(workspaceContext(db, request), request.params.key) }),
  );

  app.get(
    '/w/:workspace/articles/:key/versions/:version',
    {
      config: { access: 'workspace', action: 'article.history' },
      schema: { tags, params: ArticleParamsSchema.extend({ version: z.coerce.number().int().min(1) }) },
    },
    async (request) => {
      const v = await getVersion(workspaceContext(db, request), request.params.key, request.params.version);
      return {
        version: {
          version: v.version,
          type: v.type,
          title: v.title,
          summary: v.summary,
          body: v.body,
          html: renderMarkdown(v.body),
          status: v.status,
          visibility: v.visibility,
          note: v.note,
          editedByName: v.editedByName,
          createdAt: v.createdAt,
        },
      };
    },
  );

  app.get(
    '/w/:workspace/articles/:key/diff',
    {
      config: { access: 'workspace', action: 'article.history' },
      schema: {
        tags,
        params: ArticleParamsSchema,
        querystring: z.strictObject({
          from: z.coerce.number().int().min(1),
          to: z.coerce.number().int().min(1),
        }),
      },
    },
    async (request) =>
      diffVersions(workspaceContext(db, request), request.params.key, request.query.from, request.query.to),
  );

  app.post(
    '/w/:workspace/articles/:key/links',
    {
      config: { access: 'workspace', action: 'article.link' },
      schema: { tags, params: ArticleParamsSchema, body: LinkBodySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const body = request.body;
      const targetId =
        'ticket' in body
          ? await withScopedTx(db, workspaceScope(ctx), (tx) => ticketIdByNumber(tx, ctx.actor, body.ticket))
          : body.targetId;
      const { created } = await linkArticle(ctx, request.params.key, { kind: body.kind, targetId });
      return reply.status(created ? 201 : 200).send({ link: { kind: body.kind, targetId } });
    },
  );

  app.delete(
    '/w/:workspace/articles/:key/links/:kind/:targetId',
    {
      config: { access: 'workspace', action: 'article.link' },
      schema: {
        tags,
        params: ArticleParamsSchema.extend({ kind: z.enum(ARTICLE_LINK_KINDS), targetId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const { kind, targetId, key } = request.params;
      await unlinkArticle(workspaceContext(db, request), key, { kind, targetId });
      return reply.status(204).send();
    },
  );
};
