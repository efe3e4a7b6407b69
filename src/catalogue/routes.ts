import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceIdParamsSchema, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/catalogue', {
    action: 'catalogue.manage',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CatalogueItemBodySchema,
    status: 201,
    response: CatalogueItemAnswerSchema,
    run: async (ctx, _p, body) => ({ item: presentCatalogueItem(await createCatalogueItem(ctx, body)) }),
  });

  write('PATCH', '/w/:workspace/catalogue/:id', {
    action: 'catalogue.manage',
    params: WorkspaceIdParamsSchema,
    body: CatalogueItemPatchSchema,
    response: CatalogueItemAnswerSchema,
    run: async (ctx, p, body) => ({ item: presentCatalogueItem(await updateCatalogueItem(ctx, p.id, body)) }),
  });
};
