import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { NoContent, ticketNumberOf, WorkspaceParamsSchema, workspaceRoute } from '../server/http.ts';
import {
  ApplyMacroBodySchema,
  CreateMacroBodySchema,
  MacroAnswerSchema,
  MacroAppliedSchema,
  MacroListSchema,
  MacroParamsSchema,
  UpdateMacroBodySchema,
} from './contract.ts';
import { type MacroAction, macrosAbilities } from './policy.ts';
import { presentMacro } from './presenter.ts';
import { applyMacro, createMacro, deleteMacro, listMacros, updateMacro } from './service.ts';

const route = workspaceRoute<'macro', MacroAction>('macro');

/** Macros: one action that sets status, assignee, handoff and a canned reply, audited as one change. */
export const macroRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['macros'];
  const path = '/w/:workspace/macros';

  app.get(
    path,
    {
      config: route('list'),
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: MacroListSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const rows = await listMacros(ctx);
      return {
        items: rows.map((r) => presentMacro(ctx.actor, r.macro, r.names)),
        abilities: macrosAbilities(ctx.actor),
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
        body: CreateMacroBodySchema,
        response: { 201: MacroAnswerSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const r = await createMacro(ctx, request.body);
      return reply.status(201).send({ macro: presentMacro(ctx.actor, r.macro, r.names) });
    },
  );

  app.patch(
    `${path}/:id`,
    {
      config: route('update'),
      schema: {
        tags,
        params: MacroParamsSchema,
        body: UpdateMacroBodySchema,
        response: { 200: MacroAnswerSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const r = await updateMacro(ctx, request.params.id, request.body);
      return { macro: presentMacro(ctx.actor, r.macro, r.names) };
    },
  );

  app.delete(
    `${path}/:id`,
    {
      config: route('delete'),
      schema: { tags, params: MacroParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await deleteMacro(workspaceContext(db, request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    `${path}/:id/apply`,
    {
      config: route('apply'),
      schema: {
        tags,
        params: MacroParamsSchema,
        body: ApplyMacroBodySchema,
        response: { 200: MacroAppliedSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return applyMacro(
        ctx,
        request.params.id,
        ticketNumberOf(ctx.actor, request.body.ticket),
        request.body.version,
      );
    },
  );
};
