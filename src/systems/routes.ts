import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { System } from '../db/schema/systems.ts';
import { CRITICALITIES, SYSTEM_KINDS } from '../domain/systems.ts';
import { problemAbilities } from '../problems/policy.ts';
import { TicketKeySchema } from '../problems/routes.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { getKnowledgeHealth } from './knowledge-health.ts';
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

const SystemParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });
const TicketParamsSchema = WorkspaceParamsSchema.extend({ key: TicketKeySchema });
const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  kind: z.enum(SYSTEM_KINDS),
  criticality: z.enum(CRITICALITIES),
  ownerPartyId: z.uuid().optional(),
  serviceId: z.uuid().nullable().optional(),
  description: z.string().max(20_000).optional(),
  recoveryArticleId: z.uuid().nullable().optional(),
};
const CreateBodySchema = z.strictObject(fields);
const UpdateBodySchema = z.strictObject({
  name: fields.name.optional(),
  kind: fields.kind.optional(),
  criticality: fields.criticality.optional(),
  ownerPartyId: fields.ownerPartyId,
  serviceId: fields.serviceId,
  description: fields.description,
  recoveryArticleId: fields.recoveryArticleId,
  status: z.enum(['active', 'retired']).optional(),
  version: z.number().int().positive(),
});

const presentSystem = (
  s: System,
  names: { ownerPartyName: string | null; serviceName: string | null },
  recovery: { id: string; number: number; title: string; status: string } | null,
) => ({
  id: s.id,
  name: s.name,
  kind: s.kind,
  criticality: s.criticality,
  ownerParty: { id: s.ownerPartyId, name: names.ownerPartyName },
  service: s.serviceId ? { id: s.serviceId, name: names.serviceName } : null,
  description: s.description,
  recoveryArticle: recovery ? { ...recovery, key: `KB-${recovery.number}` } : null,
  hasRecoveryProcedure: recovery !== null && recovery.status !== 'retired',
  status: s.status,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  version: s.version,
});

export const systemRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['systems'];
  const view = { access: 'workspace', action: 'system.view' } as const;
  const manage = { access: 'workspace', action: 'system.manage' } as const;

  app.get(
    '/w/:workspace/systems',
    {
      config: view,
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: z.strictObject({
          criticality: z.enum(CRITICALITIES).optional(),
          serviceId: z.uuid().optional(),
        }),
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const rows = await listSystems(ctx, request.query);
      return {
        items: rows.map((r) => ({ ...presentSystem(r.system, r, r.recovery), dependsOn: r.dependsOn })),
        abilities: problemAbilities(ctx.actor),
      };
    },
  );

  app.post(
    '/w/:workspace/systems',
    {
      config: { ...manage, idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: CreateBodySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const system = await createSystem(ctx, request.body);
      const r = await getSystem(ctx, system.id);
      return reply.status(201).send({ system: presentSystem(r.system, r, r.recovery) });
    },
  );

  app.get(
    '/w/:workspace/systems/:id',
    { config: view, schema: { tags, params: SystemParamsSchema } },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const r = await getSystem(ctx, request.params.id);
      return {
        system: presentSystem(r.system, r, r.recovery),
        dependsOn: r.dependsOn,
        dependents: r.dependents,
        tickets: r.tickets.map((t) => ({ ...t, key: `${ctx.actor.ticketPrefix}-${t.number}` })),
        abilities: problemAbilities(ctx.actor),
      };
    },
  );

  app.patch(
    '/w/:workspace/systems/:id',
    { config: manage, schema: { tags, params: SystemParamsSchema, body: UpdateBodySchema } },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await updateSystem(ctx, request.params.id, request.body);
      const r = await getSystem(ctx, request.params.id);
      return { system: presentSystem(r.system, r, r.recovery) };
    },
  );

  app.post(
    '/w/:workspace/systems/:id/dependencies',
    {
      config: manage,
      schema: { tags, params: SystemParamsSchema, body: z.strictObject({ dependsOnSystemId: z.uuid() }) },
    },
    async (request, reply) => {
      await addDependency(workspaceContext(db, request), request.params.id, request.body.dependsOnSystemId);
      return reply.status(201).send({ linked: true });
    },
  );

  app.delete(
    '/w/:workspace/systems/:id/dependencies/:dependsOnId',
    { config: manage, schema: { tags, params: SystemParamsSchema.extend({ dependsOnId: z.uuid() }) } },
    async (request, reply) => {
      await removeDependency(workspaceContext(db, request), request.params.id, request.params.dependsOnId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/w/:workspace/tickets/:key/assets',
    { config: { access: 'workspace', action: 'ticket.view' }, schema: { tags, params: TicketParamsSchema } },
    async (request) => ({ items: await listTicketAssets(workspaceContext(db, request), request.params.key) }),
  );

  app.post(
    '/w/:workspace/tickets/:key/assets',
    {
      config: { access: 'workspace', action: 'ticket.update' },
      schema: { tags, params: TicketParamsSchema, body: z.strictObject({ systemId: z.uuid() }) },
    },
    async (request, reply) => {
      await linkTicketAsset(workspaceContext(db, request), request.params.key, request.body.systemId);
      return reply.status(201).send({ linked: true });
    },
  );

  app.delete(
    '/w/:workspace/tickets/:key/assets/:systemId',
    {
      config: { access: 'workspace', action: 'ticket.update' },
      schema: { tags, params: TicketParamsSchema.extend({ systemId: z.uuid() }) },
    },
    async (request, reply) => {
      await unlinkTicketAsset(workspaceContext(db, request), request.params.key, request.params.systemId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/w/:workspace/knowledge-health',
    {
      config: { access: 'workspace', action: 'system.view' },
      schema: { tags, params: WorkspaceParamsSchema },
    },
    async (request) => getKnowledgeHealth(workspaceContext(db, request)),
  );
};
