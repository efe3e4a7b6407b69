import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import {
  FeedBodySchema,
  FeedListResponseSchema,
  FeedSchema,
  FeedTokenParamsSchema,
  FreezeBodySchema,
  FreezeListResponseSchema,
  FreezeSchema,
  IdParamsSchema,
  TemplateBodySchema,
  TemplateListResponseSchema,
  TemplateSchema,
} from './contract.ts';
import { canChange } from './policy.ts';
import { presentFeed, presentFreeze, presentTemplate } from './presenter.ts';
import { createFeed, listFeeds, renderFeed, revokeFeed } from './service/feeds.ts';
import { createFreeze, deleteFreeze, listFreezes } from './service/freezes.ts';
import { listTemplates, proposeTemplate } from './service/templates.ts';

/** Freezes, standard change templates and the calendar feeds. */
export const changePlanningRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['changes'];

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/change-freezes', {
    action: 'change.view',
    params: WorkspaceParamsSchema,
    response: FreezeListResponseSchema,
    run: async (ctx) => {
      return {
        items: (await listFreezes(ctx)).map(presentFreeze),
        abilities: { manage: canChange(ctx.actor, 'manageFreezes') },
      };
    },
  });

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/change-freezes', {
    action: 'change.manageFreezes',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: FreezeBodySchema,
    status: 201,
    response: z.object({ freeze: FreezeSchema }),
    run: async (ctx, _p, body) => {
      const freeze = await createFreeze(ctx, body);
      return { freeze: presentFreeze(freeze) };
    },
  });

  write('DELETE', '/w/:workspace/change-freezes/:id', {
    action: 'change.manageFreezes',
    params: IdParamsSchema,
    response: z.object({ freeze: FreezeSchema }),
    run: async (ctx, p) => ({
      freeze: presentFreeze(await deleteFreeze(ctx, p.id)),
    }),
  });

  read('/w/:workspace/change-templates', {
    action: 'change.view',
    params: WorkspaceParamsSchema,
    response: TemplateListResponseSchema,
    run: async (ctx) => {
      return {
        items: (await listTemplates(ctx)).map((r) => presentTemplate(r.template, r.decision)),
        abilities: { propose: canChange(ctx.actor, 'proposeTemplate') },
      };
    },
  });

  write('POST', '/w/:workspace/change-templates', {
    action: 'change.proposeTemplate',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: TemplateBodySchema,
    status: 201,
    response: z.object({ template: TemplateSchema }),
    run: async (ctx, _p, body) => {
      const { template, decision } = await proposeTemplate(ctx, body);
      return { template: presentTemplate(template, decision) };
    },
  });

  read('/w/:workspace/change-feeds', {
    action: 'change.usePersonalFeed',
    params: WorkspaceParamsSchema,
    response: FeedListResponseSchema,
    run: async (ctx) => {
      return {
        items: (await listFeeds(ctx)).map((r) => presentFeed(ctx.actor, r.feed, r.owner)),
        abilities: {
          createWorkspaceFeed: canChange(ctx.actor, 'manageWorkspaceFeed'),
          createPersonalFeed: canChange(ctx.actor, 'usePersonalFeed'),
        },
      };
    },
  });

  write('POST', '/w/:workspace/change-feeds', {
    action: 'change.usePersonalFeed',
    params: WorkspaceParamsSchema,
    body: FeedBodySchema,
    status: 201,
    response: z.object({ feed: FeedSchema }),
    run: async (ctx, _p, body) => {
      const { feed, token } = await createFeed(ctx, body);
      const url = `${deps.config.publicUrl}/api/v1/change-feeds/${token}.ics`;
      return { feed: presentFeed(ctx.actor, feed, null, url) };
    },
  });

  write('DELETE', '/w/:workspace/change-feeds/:id', {
    action: 'change.usePersonalFeed',
    params: IdParamsSchema,
    response: z.object({ feed: FeedSchema }),
    run: async (ctx, p) => ({ feed: presentFeed(ctx.actor, await revokeFeed(ctx, p.id), null) }),
  });

  // Public by URL secret: calendar programs cannot sign in. Unknown or revoked answers 404.
  app.get(
    '/change-feeds/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        params: FeedTokenParamsSchema,
        response: {
          200: {
            content: {
              'text/calendar': {
                schema: z.string().meta({ description: 'The change calendar as iCalendar (RFC 5545).' }),
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const body = await renderFeed(db, request.params.token, deps.config.publicUrl);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', 'inline; filename="changes.ics"')
        .send(body);
    },
  );
};
