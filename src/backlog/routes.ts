import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BACKLOG_STATUSES } from '../db/schema/backlog.ts';
import type { AppDeps, WorkspaceContext } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import {
  BacklogItemResponseSchema,
  BacklogListSchema,
  CreateBodySchema,
  ItemParamsSchema,
  ListQuerySchema,
  MoveBodySchema,
  UpdateBodySchema,
} from './contract.ts';
import { backlogListAbilities } from './policy.ts';
import { presentBacklogItem } from './presenter.ts';
import {
  type BacklogRow,
  createBacklogItem,
  getBacklogItem,
  listBacklog,
  moveBacklogItem,
  updateBacklogItem,
} from './service.ts';

export const backlogRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['backlog'];

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

  const write = workspaceWrites(app, db, tags);
  const itemAnswer = (ctx: WorkspaceContext, row: BacklogRow) => ({
    item: presentBacklogItem(ctx.actor, row),
  });
  write('POST', '/w/:workspace/backlog', {
    action: 'backlog.create',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateBodySchema,
    status: 201,
    response: BacklogItemResponseSchema,
    run: async (ctx, _p, body) => itemAnswer(ctx, await createBacklogItem(ctx, body)),
  });

  read('/w/:workspace/backlog/:number', {
    action: 'backlog.view',
    params: ItemParamsSchema,
    response: BacklogItemResponseSchema,
    run: async (ctx, p) => itemAnswer(ctx, await getBacklogItem(ctx, p.number)),
  });

  write('PATCH', '/w/:workspace/backlog/:number', {
    action: 'backlog.update',
    params: ItemParamsSchema,
    body: UpdateBodySchema,
    response: BacklogItemResponseSchema,
    run: async (ctx, p, body) => itemAnswer(ctx, await updateBacklogItem(ctx, p.number, body)),
  });

  write('POST', '/w/:workspace/backlog/:number/move', {
    action: 'backlog.update',
    params: ItemParamsSchema,
    body: MoveBodySchema,
    response: BacklogItemResponseSchema,
    run: async (ctx, p, body) => itemAnswer(ctx, await moveBacklogItem(ctx, p.number, body)),
  });
};
