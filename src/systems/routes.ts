import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import {
  NoContent,
  TicketParamsSchema,
  ticketNumberOf,
  WorkspaceParamsSchema,
  workspaceRoute,
} from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
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
import { type SystemAction, systemAbilities } from './policy.ts';
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

const route = workspaceRoute<'systems', SystemAction>('systems');

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

  app.post(
    '/w/:workspace/systems',
    {
      config: route('manage', { idempotent: true }),
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: CreateBodySchema,
        response: { 201: SystemResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const r = await createSystem(ctx, request.body);
      return reply.status(201).send({ system: presentSystem(r.system, r, r.recovery) });
    },
  );

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

  app.patch(
    '/w/:workspace/systems/:id',
    {
      config: route('manage'),
      schema: {
        tags,
        params: SystemParamsSchema,
        body: UpdateBodySchema,
        response: { 200: SystemResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const r = await updateSystem(ctx, request.params.id, request.body);
      return { system: presentSystem(r.system, r, r.recovery) };
    },
  );

  app.post(
    '/w/:workspace/systems/:id/dependencies',
    {
      config: route('manage'),
      schema: {
        tags,
        params: SystemParamsSchema,
        body: DependencyBodySchema,
        response: { 201: LinkedSchema },
      },
    },
    async (request, reply) => {
      await addDependency(workspaceContext(db, request), request.params.id, request.body.dependsOnSystemId);
      return reply.status(201).send(linked);
    },
  );

  app.delete(
    '/w/:workspace/systems/:id/dependencies/:dependsOnId',
    {
      config: route('manage'),
      schema: { tags, params: DependencyParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await removeDependency(workspaceContext(db, request), request.params.id, request.params.dependsOnId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/w/:workspace/tickets/:key/assets',
    {
      config: route('viewTicketAssets'),
      schema: { tags, params: TicketParamsSchema, response: { 200: TicketAssetsSchema } },
    },
    async (request) => ({
      items: await listTicketAssets(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
      ),
    }),
  );

  app.post(
    '/w/:workspace/tickets/:key/assets',
    {
      config: route('linkTicketAssets'),
      schema: {
        tags,
        params: TicketParamsSchema,
        body: TicketAssetBodySchema,
        response: { 201: LinkedSchema },
      },
    },
    async (request, reply) => {
      await linkTicketAsset(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
        request.body.systemId,
      );
      return reply.status(201).send(linked);
    },
  );

  app.delete(
    '/w/:workspace/tickets/:key/assets/:systemId',
    {
      config: route('linkTicketAssets'),
      schema: { tags, params: TicketAssetParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await unlinkTicketAsset(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
        request.params.systemId,
      );
      return reply.status(204).send();
    },
  );

  read('/w/:workspace/knowledge-health', {
    action: 'systems.viewKnowledgeHealth',
    params: WorkspaceParamsSchema,
    response: KnowledgeHealthSchema,
    run: (ctx) => getKnowledgeHealth(ctx),
  });
};
