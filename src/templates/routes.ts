import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { NoContent, WorkspaceParamsSchema, workspaceRoute } from '../server/http.ts';
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
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['ticket templates'];
  const path = '/w/:workspace/ticket-templates';

  app.get(
    path,
    {
      config: route('list'),
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: TemplateListSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const rows = await listTemplates(ctx);
      return {
        items: rows.map((r) => presentTemplate(ctx.actor, r.template, r.serviceName)),
        abilities: templatesAbilities(ctx.actor),
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
        body: CreateTemplateBodySchema,
        response: { 201: TemplateAnswerSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const r = await createTemplate(ctx, request.body);
      return reply.status(201).send({ template: presentTemplate(ctx.actor, r.template, r.serviceName) });
    },
  );

  app.patch(
    `${path}/:id`,
    {
      config: route('update'),
      schema: {
        tags,
        params: TemplateParamsSchema,
        body: UpdateTemplateBodySchema,
        response: { 200: TemplateAnswerSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const r = await updateTemplate(ctx, request.params.id, request.body);
      return { template: presentTemplate(ctx.actor, r.template, r.serviceName) };
    },
  );

  app.delete(
    `${path}/:id`,
    {
      config: route('delete'),
      schema: { tags, params: TemplateParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await deleteTemplate(workspaceContext(db, request), request.params.id);
      return reply.status(204).send();
    },
  );
};
