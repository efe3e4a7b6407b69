import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../server/context.ts';
import { ticketNumberOf, workspaceRoute } from '../server/http.ts';
import { libraryCrudRoutes } from '../server/library-crud.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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

  const write = workspaceWrites(app, db, tags);
  write('POST', `${path}/:id/apply`, {
    action: 'macro.apply',
    params: MacroParamsSchema,
    body: ApplyMacroBodySchema,
    response: MacroAppliedSchema,
    run: (ctx, p, body) => applyMacro(ctx, p.id, ticketNumberOf(ctx.actor, body.ticket), body.version),
  });
};
