import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../server/context.ts';
import { TicketParamsSchema, ticketNumberOf, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import {
  CreateBodySchema,
  DependencyBodySchema,
  DependencyParamsSchema,
  KnowledgeHealthSchema,
  LinkedSchema,
  ListQuerySchema,
  SystemDetailSchema,
  SystemListSchema,
  SystemParamsSchema,
  SystemResponseSchema,
  TicketAssetBodySchema,
  TicketAssetParamsSchema,
  TicketAssetsSchema,
  UpdateBodySchema,
} from './contract.ts';
import { getKnowledgeHealth } from './knowledge-health.ts';
import { systemAbilities } from './policy.ts';
import { presentSystem } from './presenter.ts';
import {
  addDependency,
  createSystem,
  getSystem,
  linkTicketAsset,
  listSystems,
  listTicketAssets,
  removeDependency,
  unlinkTicketAsset,
  updateSystem,
} from './service.ts';

export const systemRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['systems'];
  const linked = { linked: true as const };

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/systems', {
    action: 'systems.view',
    params: WorkspaceParamsSchema,
    querystring: ListQuerySchema,
    response: SystemListSchema,
    run: async (ctx, _p, query) => {
      const rows = await listSystems(ctx, query);
      return {
        items: rows.map((r) => ({ ...presentSystem(r.system, r, r.recovery), dependsOn: r.dependsOn })),
        abilities: systemAbilities(ctx.actor),
      };
    },
  });

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/systems', {
    action: 'systems.manage',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateBodySchema,
    status: 201,
    response: SystemResponseSchema,
    run: async (ctx, _p, body) => {
      const r = await createSystem(ctx, body);
      return { system: presentSystem(r.system, r, r.recovery) };
    },
  });

  read('/w/:workspace/systems/:id', {
    action: 'systems.view',
    params: SystemParamsSchema,
    response: SystemDetailSchema,
    run: async (ctx, p) => {
      const r = await getSystem(ctx, p.id);
      return {
        system: presentSystem(r.system, r, r.recovery),
        dependsOn: r.dependsOn,
        dependents: r.dependents,
        tickets: r.tickets.map((t) => ({ ...t, key: `${ctx.actor.ticketPrefix}-${t.number}` })),
        abilities: systemAbilities(ctx.actor),
      };
    },
  });

  write('PATCH', '/w/:workspace/systems/:id', {
    action: 'systems.manage',
    params: SystemParamsSchema,
    body: UpdateBodySchema,
    response: SystemResponseSchema,
    run: async (ctx, p, body) => {
      const r = await updateSystem(ctx, p.id, body);
      return { system: presentSystem(r.system, r, r.recovery) };
    },
  });

  write('POST', '/w/:workspace/systems/:id/dependencies', {
    action: 'systems.manage',
    params: SystemParamsSchema,
    body: DependencyBodySchema,
    status: 201,
    response: LinkedSchema,
    run: async (ctx, p, body) => {
      await addDependency(ctx, p.id, body.dependsOnSystemId);
      return linked;
    },
  });

  write('DELETE', '/w/:workspace/systems/:id/dependencies/:dependsOnId', {
    action: 'systems.manage',
    params: DependencyParamsSchema,
    status: 204,
    run: (ctx, p) => removeDependency(ctx, p.id, p.dependsOnId),
  });

  read('/w/:workspace/tickets/:key/assets', {
    action: 'systems.viewTicketAssets',
    params: TicketParamsSchema,
    response: TicketAssetsSchema,
    run: async (ctx, p) => ({
      items: await listTicketAssets(ctx, ticketNumberOf(ctx.actor, p.key)),
    }),
  });

  write('POST', '/w/:workspace/tickets/:key/assets', {
    action: 'systems.linkTicketAssets',
    params: TicketParamsSchema,
    body: TicketAssetBodySchema,
    status: 201,
    response: LinkedSchema,
    run: async (ctx, p, body) => {
      await linkTicketAsset(ctx, ticketNumberOf(ctx.actor, p.key), body.systemId);
      return linked;
    },
  });

  write('DELETE', '/w/:workspace/tickets/:key/assets/:systemId', {
    action: 'systems.linkTicketAssets',
    params: TicketAssetParamsSchema,
    status: 204,
    run: (ctx, p) => unlinkTicketAsset(ctx, ticketNumberOf(ctx.actor, p.key), p.systemId),
  });

  read('/w/:workspace/knowledge-health', {
    action: 'systems.viewKnowledgeHealth',
    params: WorkspaceParamsSchema,
    response: KnowledgeHealthSchema,
    run: (ctx) => getKnowledgeHealth(ctx),
  });
};
