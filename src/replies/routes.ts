import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PLACEHOLDERS } from '../domain/placeholders.ts';
import type { AppDeps } from '../server/context.ts';
import { ticketNumberOf, workspaceRoute } from '../server/http.ts';
import { libraryCrudRoutes } from '../server/library-crud.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import {
  CannedResponseAnswerSchema,
  CannedResponseListQuerySchema,
  CannedResponseListSchema,
  CannedResponseParamsSchema,
  CreateCannedResponseBodySchema,
  FilledReplySchema,
  UpdateCannedResponseBodySchema,
  UseCannedResponseBodySchema,
} from './contract.ts';
import { type ReplyAction, repliesAbilities } from './policy.ts';
import { presentCannedResponse } from './presenter.ts';
import {
  createCannedResponse,
  deleteCannedResponse,
  listCannedResponses,
  updateCannedResponse,
  useCannedResponse,
} from './service.ts';

const route = workspaceRoute<'reply', ReplyAction>('reply');

/** Canned responses: the desk's reusable replies, per party and per workspace. */
export const replyRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['replies'];
  const path = '/w/:workspace/canned-responses';

  libraryCrudRoutes(root, db, {
    path,
    tags,
    route,
    itemParams: CannedResponseParamsSchema,
    listQuery: CannedResponseListQuerySchema,
    schemas: {
      list: CannedResponseListSchema,
      answer: CannedResponseAnswerSchema,
      create: CreateCannedResponseBodySchema,
      update: UpdateCannedResponseBodySchema,
    },
    list: async (ctx, query) => ({
      items: (await listCannedResponses(ctx, query.q || undefined)).map((r) =>
        presentCannedResponse(ctx.actor, r),
      ),
      placeholders: [...PLACEHOLDERS],
      abilities: repliesAbilities(ctx.actor),
    }),
    create: async (ctx, body) => ({
      cannedResponse: presentCannedResponse(ctx.actor, await createCannedResponse(ctx, body)),
    }),
    update: async (ctx, id, body) => ({
      cannedResponse: presentCannedResponse(ctx.actor, await updateCannedResponse(ctx, id, body)),
    }),
    remove: deleteCannedResponse,
  });

  const write = workspaceWrites(app, db, tags);
  write('POST', `${path}/:id/use`, {
    action: 'reply.use',
    params: CannedResponseParamsSchema,
    body: UseCannedResponseBodySchema,
    response: FilledReplySchema,
    run: (ctx, p, body) => useCannedResponse(ctx, p.id, ticketNumberOf(ctx.actor, body.ticket)),
  });
};
