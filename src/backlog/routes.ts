import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BACKLOG_STATUSES } from '../db/schema/backlog.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema, workspaceRoute } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import {
  BacklogItemResponseSchema,
  BacklogListSchema,
  CreateBodySchema,
  ItemParamsSchema,
  ListQuerySchema,
  MoveBodySchema,
  UpdateBodySchema,
} from './contract.ts';
import { type BacklogAction, backlogListAbilities } from './policy.ts';
import { presentBacklogItem } from './presenter.ts';
import {
  createBacklogItem,
  getBacklogItem,
  listBacklog,
  moveBacklogItem,
  updateBacklogItem,
} from './service.ts';

const route = workspaceRoute<'backlog', BacklogAction>('backlog');

export const backlogRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['backlog'];
  const one = { 200: BacklogItemResponseSchema };

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/backlog', {
    action: 'backlog.view',
    params: WorkspaceParamsSchema,
    querystring: ListQuerySchema,
    response: BacklogListSchema,
    run: async (ctx, _p, query) => {
      const rows = await listBacklog(ctx, query);
      return {
        items: rows.map((r) => presentBacklogItem(ctx.actor, r)),
        statuses: [...BACKLOG_STATUSES],
        abilities: backlogListAbilities(ctx.actor),
      };
    },
  });

  app.post(
    '/w/:workspace/backlog',
    {
      config: route('create', { idempotent: true }),
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: CreateBodySchema,
        response: { 201: BacklogItemResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const row = await createBacklogItem(ctx, request.body);
      return reply.status(201).send({ item: presentBacklogItem(ctx.actor, row) });
    },
  );

  app.get(
    '/w/:workspace/backlog/:number',
    { config: route('view'), schema: { tags, params: ItemParamsSchema, response: one } },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return { item: presentBacklogItem(ctx.actor, await getBacklogItem(ctx, request.params.number)) };
    },
  );

  app.patch(
    '/w/:workspace/backlog/:number',
    {
      config: route('update'),
      schema: { tags, params: ItemParamsSchema, body: UpdateBodySchema, response: one },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const row = await updateBacklogItem(ctx, request.params.number, request.body);
      return { item: presentBacklogItem(ctx.actor, row) };
    },
  );

  app.post(
    '/w/:workspace/backlog/:number/move',
    {
      config: route('update'),
      schema: { tags, params: ItemParamsSchema, body: MoveBodySchema, response: one },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const row = await moveBacklogItem(ctx, request.params.number, request.body);
      return { item: presentBacklogItem(ctx.actor, row) };
    },
  );
};
