import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceIdParamsSchema, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import {
  CatalogueItemAnswerSchema,
  CatalogueItemBodySchema,
  CatalogueItemPatchSchema,
  CatalogueListQuerySchema,
  CatalogueListSchema,
} from './contract.ts';
import { catalogueAbilities } from './policy.ts';
import { presentCatalogueItem } from './presenter.ts';
import { createCatalogueItem, listCatalogue, updateCatalogueItem } from './service.ts';

export const catalogueRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['catalogue'];

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/catalogue', {
    action: 'catalogue.view',
    params: WorkspaceParamsSchema,
    querystring: CatalogueListQuerySchema,
    response: CatalogueListSchema,
    run: async (ctx, _p, query) => {
      const rows = await listCatalogue(ctx, query.includeRetired === 'true');
      return {
        items: rows.map((r) => presentCatalogueItem(r.item, r.serviceName)),
        abilities: catalogueAbilities(ctx.actor),
      };
    },
  });

  app.post(
    '/w/:workspace/catalogue',
    {
      config: { access: 'workspace', action: 'catalogue.manage', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: CatalogueItemBodySchema,
        response: { 201: CatalogueItemAnswerSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        item: presentCatalogueItem(await createCatalogueItem(workspaceContext(db, request), request.body)),
      }),
  );

  app.patch(
    '/w/:workspace/catalogue/:id',
    {
      config: { access: 'workspace', action: 'catalogue.manage' },
      schema: {
        tags,
        params: WorkspaceIdParamsSchema,
        body: CatalogueItemPatchSchema,
        response: { 200: CatalogueItemAnswerSchema },
      },
    },
    async (request) => ({
      item: presentCatalogueItem(
        await updateCatalogueItem(workspaceContext(db, request), request.params.id, request.body),
      ),
    }),
  );
};
