import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../server/context.ts';
import { workspaceRoute } from '../server/http.ts';
import { libraryCrudRoutes } from '../server/library-crud.ts';
import {
  CreateTemplateBodySchema,
  TemplateAnswerSchema,
  TemplateListSchema,
  TemplateParamsSchema,
  UpdateTemplateBodySchema,
} from './contract.ts';
import { type TemplateAction, templatesAbilities } from './policy.ts';
import { presentTemplate } from './presenter.ts';
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from './service.ts';

const route = workspaceRoute<'template', TemplateAction>('template');

/** Ticket templates: what a staff-raised ticket is prefilled with on the new-ticket page. */
export const templateRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  libraryCrudRoutes(root, deps.database.db, {
    path: '/w/:workspace/ticket-templates',
    tags: ['ticket templates'],
    route,
    itemParams: TemplateParamsSchema,
    schemas: {
      list: TemplateListSchema,
      answer: TemplateAnswerSchema,
      create: CreateTemplateBodySchema,
      update: UpdateTemplateBodySchema,
    },
    list: async (ctx) => ({
      items: (await listTemplates(ctx)).map((r) => presentTemplate(ctx.actor, r.template, r.serviceName)),
      abilities: templatesAbilities(ctx.actor),
    }),
    create: async (ctx, body) => {
      const r = await createTemplate(ctx, body);
      return { template: presentTemplate(ctx.actor, r.template, r.serviceName) };
    },
    update: async (ctx, id, body) => {
      const r = await updateTemplate(ctx, id, body);
      return { template: presentTemplate(ctx.actor, r.template, r.serviceName) };
    },
    remove: deleteTemplate,
  });
};
