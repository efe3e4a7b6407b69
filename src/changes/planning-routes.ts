import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
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

  app.post(
    '/w/:workspace/change-freezes',
    {
      config: { access: 'workspace', action: 'change.manageFreezes', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: FreezeBodySchema,
        response: { 201: z.object({ freeze: FreezeSchema }) },
      },
    },
    async (request, reply) => {
      const freeze = await createFreeze(workspaceContext(db, request), request.body);
      return reply.status(201).send({ freeze: presentFreeze(freeze) });
    },
  );

  app.delete(
    '/w/:workspace/change-freezes/:id',
    {
      config: { access: 'workspace', action: 'change.manageFreezes' },
      schema: { tags, params: IdParamsSchema, response: { 200: z.object({ freeze: FreezeSchema }) } },
    },
    async (request) => ({
      freeze: presentFreeze(await deleteFreeze(workspaceContext(db, request), request.params.id)),
    }),
  );

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

  app.post(
    '/w/:workspace/change-templates',
    {
      config: { access: 'workspace', action: 'change.proposeTemplate', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: TemplateBodySchema,
        response: { 201: z.object({ template: TemplateSchema }) },
      },
    },
    async (request, reply) => {
      const { template, decision } = await proposeTemplate(workspaceContext(db, request), request.body);
      return reply.status(201).send({ template: presentTemplate(template, decision) });
    },
  );

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

  app.post(
    '/w/:workspace/change-feeds',
    {
      config: { access: 'workspace', action: 'change.usePersonalFeed' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: FeedBodySchema,
        response: { 201: z.object({ feed: FeedSchema }) },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const { feed, token } = await createFeed(ctx, request.body);
      const url = `${deps.config.publicUrl}/api/v1/change-feeds/${token}.ics`;
      return reply.status(201).send({ feed: presentFeed(ctx.actor, feed, null, url) });
    },
  );

  app.delete(
    '/w/:workspace/change-feeds/:id',
    {
      config: { access: 'workspace', action: 'change.usePersonalFeed' },
      schema: { tags, params: IdParamsSchema, response: { 200: z.object({ feed: FeedSchema }) } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return { feed: presentFeed(ctx.actor, await revokeFeed(ctx, request.params.id), null) };
    },
  );

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
