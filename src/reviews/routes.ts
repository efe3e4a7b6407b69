import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { sendExport } from '../server/downloads.ts';
import { FileDownload, WorkspaceParamsSchema } from '../server/http.ts';
import { recordWrites } from '../server/record-writes.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import {
  CommentaryBodySchema,
  CreateReviewBodySchema,
  HeadlineMeasuresResponseSchema,
  HoldReviewBodySchema,
  MeasureSeriesResponseSchema,
  MeasuresQuerySchema,
  ReviewActionBodySchema,
  ReviewListResponseSchema,
  ReviewParamsSchema,
  ReviewResponseSchema,
  ReviewSettingsBodySchema,
  ReviewSettingsResponseSchema,
  SectionParamsSchema,
} from './contract.ts';
import { packToHtml } from './export/html.ts';
import { packToMarkdown } from './export/markdown.ts';
import { packToPdf } from './export/pdf.ts';
import { presentDocument, presentReviewDetail, presentReviewSummary } from './presenter.ts';
import type { ReadinessProvider } from './readiness-hook.ts';
import {
  getReview,
  getReviewSettings,
  headlineMeasures,
  listReviews,
  measureSeries,
} from './service/read.ts';
import {
  agreeReviewAction,
  createReview,
  holdReview,
  updateReviewSettings,
  writeCommentary,
} from './service/write.ts';

const text = (type: string, description: string) => ({
  200: { content: { [type]: { schema: z.string().meta({ description }) } } },
});

/**
 * The service review's routes. `readiness` fills the pack's readiness section once src/readiness
 * exists (server/app.ts passes it); without it the section is absent.
 */
export const reviewRoutesWith =
  (readiness?: ReadinessProvider) => (deps: AppDeps) => async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { db } = deps.database;
    const tags = ['reviews'];
    const detail = async (ctx: ReturnType<typeof workspaceContext>, number: number) => ({
      review: presentReviewDetail(ctx.actor, await getReview(ctx, number, { readiness })),
    });

    const read = workspaceReads(app, db, tags);
    read('/w/:workspace/reviews', {
      action: 'review.view',
      params: WorkspaceParamsSchema,
      response: ReviewListResponseSchema,
      run: async (ctx) => {
        const found = await listReviews(ctx);
        return {
          items: found.rows.map(presentReviewSummary),
          cadence: found.cadence,
          nextPeriod: { ...found.next, exists: found.nextExists },
          abilities: { create: found.canCreate, settings: found.canSettings },
        };
      },
    });

    const write = workspaceWrites(app, db, tags);
    write('POST', '/w/:workspace/reviews', {
      action: 'review.create',
      idempotent: true,
      params: WorkspaceParamsSchema,
      body: CreateReviewBodySchema,
      status: 201,
      response: ReviewResponseSchema,
      run: async (ctx, _p, body) => detail(ctx, (await createReview(ctx, body)).number),
    });

    read('/w/:workspace/reviews/settings', {
      action: 'review.settings',
      params: WorkspaceParamsSchema,
      response: ReviewSettingsResponseSchema,
      run: (ctx) => getReviewSettings(ctx),
    });

    write('PUT', '/w/:workspace/reviews/settings', {
      action: 'review.settings',
      params: WorkspaceParamsSchema,
      body: ReviewSettingsBodySchema,
      response: ReviewSettingsResponseSchema,
      run: async (ctx, _p, body) => {
        await updateReviewSettings(ctx, body);
        return getReviewSettings(ctx);
      },
    });

    read('/w/:workspace/measures', {
      action: 'review.view',
      params: WorkspaceParamsSchema,
      querystring: MeasuresQuerySchema,
      response: MeasureSeriesResponseSchema,
      run: (ctx, _p, query) => measureSeries(ctx, query),
    });

    read('/w/:workspace/measures/headline', {
      action: 'review.view',
      params: WorkspaceParamsSchema,
      response: HeadlineMeasuresResponseSchema,
      run: (ctx) => headlineMeasures(ctx),
    });

    read('/w/:workspace/reviews/:key', {
      action: 'review.view',
      params: ReviewParamsSchema,
      response: ReviewResponseSchema,
      run: (ctx, p) => detail(ctx, p.key),
    });

    const writeReview = recordWrites(app, db, {
      tags,
      params: ReviewParamsSchema,
      response: ReviewResponseSchema,
      detail: (ctx, params) => detail(ctx, params.key),
    });
    writeReview('PUT', '/w/:workspace/reviews/:key/commentary/:section', {
      action: 'review.comment',
      params: SectionParamsSchema,
      body: CommentaryBodySchema,
      run: (ctx, p, body) => writeCommentary(ctx, p.key, p.section, body.body),
    });
    writeReview('POST', '/w/:workspace/reviews/:key/actions', {
      action: 'review.agreeAction',
      body: ReviewActionBodySchema,
      created: true,
      run: (ctx, p, body) => agreeReviewAction(ctx, p.key, body),
    });
    writeReview('POST', '/w/:workspace/reviews/:key/hold', {
      action: 'review.hold',
      body: HoldReviewBodySchema,
      run: (ctx, p, body) => holdReview(ctx, p.key, body, { readiness }),
    });

    const exported = async (
      request: Parameters<typeof workspaceContext>[1] & { params: { key: number } },
    ) => {
      const ctx = workspaceContext(db, request);
      const found = await getReview(ctx, request.params.key, { readiness });
      const doc = presentDocument(found);
      return { found, doc, filename: `${ctx.actor.workspaceSlug}-${doc.key.toLowerCase()}` };
    };

    app.get(
      '/w/:workspace/reviews/:key/pack.pdf',
      {
        config: { access: 'workspace', action: 'review.view' },
        schema: { tags, params: ReviewParamsSchema, response: { 200: FileDownload } },
      },
      async (request, reply) => {
        const { found, doc, filename } = await exported(request);
        const pdf = await packToPdf(found.pack, doc);
        return sendExport(reply, {
          contentType: 'application/pdf',
          filename: `${filename}.pdf`,
          content: pdf,
        });
      },
    );

    app.get(
      '/w/:workspace/reviews/:key/pack.md',
      {
        config: { access: 'workspace', action: 'review.view' },
        schema: {
          tags,
          params: ReviewParamsSchema,
          response: text('text/markdown', 'The pack as Markdown.'),
        },
      },
      async (request, reply) => {
        const { found, doc, filename } = await exported(request);
        return sendExport(reply, {
          contentType: 'text/markdown; charset=utf-8',
          filename: `${filename}.md`,
          content: packToMarkdown(found.pack, doc),
        });
      },
    );

    app.get(
      '/w/:workspace/reviews/:key/pack.html',
      {
        config: { access: 'workspace', action: 'review.view' },
        schema: {
          tags,
          params: ReviewParamsSchema,
          response: text('text/html', 'The pack as a standalone page.'),
        },
      },
      async (request, reply) => {
        const { found, doc, filename } = await exported(request);
        return sendExport(
          reply,
          {
            contentType: 'text/html; charset=utf-8',
            filename: `${filename}.html`,
            content: packToHtml(found.pack, doc),
          },
          "default-src 'none'; style-src 'unsafe-inline'",
        );
      },
    );
  };

/** Until src/readiness exists the pack has no readiness section. */
export const reviewRoutes = reviewRoutesWith();
