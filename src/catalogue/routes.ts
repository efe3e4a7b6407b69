import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CatalogueItem } from '../db/schema/tickets.ts';
import { LEVELS } from '../domain/tickets.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { createCatalogueItem, listCatalogue, updateCatalogueItem } from './service.ts';

const FieldSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'must be a letter then letters, digits or _'),
  label: z.string().trim().min(1).max(100),
  type: z.enum(['text', 'textarea', 'number', 'date', 'select', 'checkbox']),
  required: z.boolean().default(false),
  options: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
});
const ItemBodySchema = z.strictObject({
  serviceId: z.uuid(),
  kind: z.enum(['request', 'incident']),
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).default(''),
  fields: z.array(FieldSchema).max(20).default([]),
  defaultImpact: z.enum(LEVELS).default('low'),
  defaultUrgency: z.enum(LEVELS).default('medium'),
});
const ItemPatchSchema = z.strictObject({
  version: z.number().int().positive(),
  serviceId: z.uuid().optional(),
  kind: z.enum(['request', 'incident']).optional(),
  name: z.string().trim().min(1).max(120).optional(),
  description: z.string().trim().max(2000).optional(),
  fields: z.array(FieldSchema).max(20).optional(),
  defaultImpact: z.enum(LEVELS).optional(),
  defaultUrgency: z.enum(LEVELS).optional(),
  status: z.enum(['active', 'retired']).optional(),
});

const present = (i: CatalogueItem, serviceName?: string) => ({
  id: i.id,
  serviceId: i.serviceId,
  serviceName: serviceName ?? null,
  kind: i.kind,
  name: i.name,
  description: i.description,
  fields: i.fields,
  defaultImpact: i.defaultImpact,
  defaultUrgency: i.defaultUrgency,
  status: i.status,
  version: i.version,
});

export const catalogueRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['catalogue'];

  app.get(
    '/w/:workspace/catalogue',
    {
      config: { access: 'workspace', action: 'catalogue.view' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: z.strictObject({ includeRetired: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request) => ({
      items: (
        await listCatalogue(workspaceContext(db, request), request.query.includeRetired === 'true')
      ).map((r) => present(r.item, r.serviceName)),
    }),
  );

  app.post(
    '/w/:workspace/catalogue',
    {
      config: { access: 'workspace', action: 'catalogue.manage', idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: ItemBodySchema },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ item: present(await createCatalogueItem(workspaceContext(db, request), request.body)) }),
  );

  app.patch(
    '/w/:workspace/catalogue/:id',
    {
      config: { access: 'workspace', action: 'catalogue.manage' },
      schema: { tags, params: WorkspaceParamsSchema.extend({ id: z.uuid() }), body: ItemPatchSchema },
    },
    async (request) => ({
      item: present(
        await updateCatalogueItem(workspaceContext(db, request), request.params.id, request.body),
      ),
    }),
  );
};
