import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { ticketNumberOf, workspaceRoute } from '../server/http.ts';
import { libraryCrudRoutes } from '../server/library-crud.ts';
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

  libraryCrudRoutes(root, db, {
    path,
    tags,
    route,
    itemParams: MacroParamsSchema,
    schemas: {
      list: MacroListSchema,
      answer: MacroAnswerSchema,
      create: CreateMacroBodySchema,
      update: UpdateMacroBodySchema,
    },
    list: async (ctx) => ({
      items: (await listMacros(ctx)).map((r) => presentMacro(ctx.actor, r.macro, r.names)),
      abilities: macrosAbilities(ctx.actor),
    }),
    create: async (ctx, body) => {
      const r = await createMacro(ctx, body);
      return { macro: presentMacro(ctx.actor, r.macro, r.names) };
    },
    update: async (ctx, id, body) => {
      const r = await updateMacro(ctx, id, body);
      return { macro: presentMacro(ctx.actor, r.macro, r.names) };
    },
    remove: deleteMacro,
  });

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
