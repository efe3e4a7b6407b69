import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PLACEHOLDERS } from '../domain/placeholders.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { NoContent, ticketNumberOf, WorkspaceParamsSchema, workspaceRoute } from '../server/http.ts';
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

  app.get(
    path,
    {
      config: route('list'),
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: CannedResponseListQuerySchema,
        response: { 200: CannedResponseListSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const rows = await listCannedResponses(ctx, request.query.q || undefined);
      return {
        items: rows.map((r) => presentCannedResponse(ctx.actor, r)),
        placeholders: [...PLACEHOLDERS],
        abilities: repliesAbilities(ctx.actor),
      };
    },
  );

  app.post(
    path,
    {
      config: route('create'),
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: CreateCannedResponseBodySchema,
        response: { 201: CannedResponseAnswerSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const row = await createCannedResponse(ctx, request.body);
      return reply.status(201).send({ cannedResponse: presentCannedResponse(ctx.actor, row) });
    },
  );

  app.patch(
    `${path}/:id`,
    {
      config: route('update'),
      schema: {
        tags,
        params: CannedResponseParamsSchema,
        body: UpdateCannedResponseBodySchema,
        response: { 200: CannedResponseAnswerSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const row = await updateCannedResponse(ctx, request.params.id, request.body);
      return { cannedResponse: presentCannedResponse(ctx.actor, row) };
    },
  );

  app.delete(
    `${path}/:id`,
    {
      config: route('delete'),
      schema: { tags, params: CannedResponseParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await deleteCannedResponse(workspaceContext(db, request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    `${path}/:id/use`,
    {
      config: route('use'),
      schema: {
        tags,
        params: CannedResponseParamsSchema,
        body: UseCannedResponseBodySchema,
        response: { 200: FilledReplySchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return useCannedResponse(ctx, request.params.id, ticketNumberOf(ctx.actor, request.body.ticket));
    },
  );
};
