import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps, WorkspaceContext } from '../server/context.ts';
import { ticketNumberOf, WorkspaceParamsSchema, workspaceRoute } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import {
  ArticlePageSchema,
  ArticleParamsSchema,
  ArticleResponseSchema,
  CreateBodySchema,
  DiffQuerySchema,
  DiffSchema,
  FromTicketBodySchema,
  LinkBodySchema,
  LinkParamsSchema,
  LinkResponseSchema,
  ListQuerySchema,
  PreviewBodySchema,
  PreviewSchema,
  SearchQuerySchema,
  SearchResultsSchema,
  SuggestionsSchema,
  SuggestQuerySchema,
  UpdateBodySchema,
  VersionListSchema,
  VersionParamsSchema,
  VersionResponseSchema,
} from './contract.ts';
import type { ArticleAction } from './policy.ts';
import { articleKey, presentArticle, presentArticleSummary, snippetSegments } from './presenter.ts';
import { startReviewSweep } from './review-sweep.ts';
import { writeUpTicket } from './service/from-ticket.ts';
import { linkArticle, unlinkArticle } from './service/links.ts';
import {
  diffVersions,
  getArticle,
  getVersion,
  listArticles,
  listVersions,
  previewArticleBody,
} from './service/read-articles.ts';
import { searchArticles, suggestArticles } from './service/search-articles.ts';
import { createArticle, updateArticle } from './service/write-articles.ts';

const route = workspaceRoute<'knowledge', ArticleAction>('knowledge');

export const knowledgeRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['knowledge'];
  // The hourly in-process sweep; tests call sweepReviewReminders themselves.
  if (deps.config.env !== 'test') startReviewSweep(root, deps);

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/articles', {
    action: 'knowledge.view',
    params: WorkspaceParamsSchema,
    querystring: ListQuerySchema,
    response: ArticlePageSchema,
    run: async (ctx, _p, query) => {
      const page = await listArticles(ctx, query);
      return { items: page.items.map(presentArticleSummary), nextCursor: page.nextCursor };
    },
  });

  read('/w/:workspace/articles/search', {
    action: 'knowledge.view',
    params: WorkspaceParamsSchema,
    querystring: SearchQuerySchema,
    response: SearchResultsSchema,
    run: async (ctx, _p, query) => {
      const { q, ...filters } = query;
      const hits = await searchArticles(ctx, q, filters);
      return {
        items: hits.map((h) => ({
          ...presentArticleSummary(h),
          rank: h.rank,
          snippet: snippetSegments(h.snippet),
        })),
      };
    },
  });

  read('/w/:workspace/articles/suggestions', {
    action: 'knowledge.view',
    params: WorkspaceParamsSchema,
    querystring: SuggestQuerySchema,
    response: SuggestionsSchema,
    run: async (ctx, _p, query) => {
      const items = await suggestArticles(ctx, ticketNumberOf(ctx.actor, query.ticket), query.limit);
      return { items: items.map((i) => ({ ...i, key: articleKey(i.number) })) };
    },
  });

  const write = workspaceWrites(app, db, tags);
  const articleAnswer = (ctx: WorkspaceContext, detail: Parameters<typeof presentArticle>[1]) => ({
    article: presentArticle(ctx.actor, detail),
  });
  write('POST', '/w/:workspace/articles/preview', {
    action: 'knowledge.view',
    params: WorkspaceParamsSchema,
    body: PreviewBodySchema,
    response: PreviewSchema,
    run: (ctx, _p, body) => previewArticleBody(ctx, body.body),
  });

  write('POST', '/w/:workspace/articles', {
    action: 'knowledge.create',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateBodySchema,
    status: 201,
    response: ArticleResponseSchema,
    run: async (ctx, _p, body) => articleAnswer(ctx, await createArticle(ctx, body)),
  });

  write('POST', '/w/:workspace/articles/from-ticket', {
    action: 'knowledge.create',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: FromTicketBodySchema,
    status: 201,
    response: ArticleResponseSchema,
    run: async (ctx, _p, body) =>
      articleAnswer(ctx, await writeUpTicket(ctx, ticketNumberOf(ctx.actor, body.ticket), body.type)),
  });

  read('/w/:workspace/articles/:key', {
    action: 'knowledge.view',
    params: ArticleParamsSchema,
    response: ArticleResponseSchema,
    run: async (ctx, p) => articleAnswer(ctx, await getArticle(ctx, p.key)),
  });

  write('PATCH', '/w/:workspace/articles/:key', {
    action: 'knowledge.edit',
    params: ArticleParamsSchema,
    body: UpdateBodySchema,
    response: ArticleResponseSchema,
    run: async (ctx, p, body) => articleAnswer(ctx, await updateArticle(ctx, p.key, body)),
  });

  read('/w/:workspace/articles/:key/versions', {
    action: 'knowledge.viewHistory',
    params: ArticleParamsSchema,
    response: VersionListSchema,
    run: async (ctx, p) => ({ items: await listVersions(ctx, p.key) }),
  });

  read('/w/:workspace/articles/:key/versions/:version', {
    action: 'knowledge.viewHistory',
    params: VersionParamsSchema,
    response: VersionResponseSchema,
    run: async (ctx, p) => ({
      version: await getVersion(ctx, p.key, p.version),
    }),
  });

  read('/w/:workspace/articles/:key/diff', {
    action: 'knowledge.viewHistory',
    params: ArticleParamsSchema,
    querystring: DiffQuerySchema,
    response: DiffSchema,
    run: (ctx, p, query) => diffVersions(ctx, p.key, query.from, query.to),
  });

  app.post(
    '/w/:workspace/articles/:key/links',
    {
      config: route('link'),
      schema: {
        tags,
        params: ArticleParamsSchema,
        body: LinkBodySchema,
        response: { 200: LinkResponseSchema, 201: LinkResponseSchema },
      },
    },
    async (request, reply) => {
      const { created, link } = await linkArticle(
        workspaceContext(db, request),
        request.params.key,
        request.body,
      );
      return reply.status(created ? 201 : 200).send({ link });
    },
  );

  write('DELETE', '/w/:workspace/articles/:key/links/:kind/:targetId', {
    action: 'knowledge.link',
    params: LinkParamsSchema,
    status: 204,
    run: (ctx, { kind, targetId, key }) => unlinkArticle(ctx, key, { kind, targetId }),
  });
};
