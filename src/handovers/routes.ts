import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HandoverSession } from '../db/schema/handovers.ts';
import { problemAbilities } from '../problems/policy.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { attendanceByPerson, createSession, getSession, listSessions, updateSession } from './service.ts';

const SessionParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });
const ids = z.array(z.uuid()).max(50);
const AttendeesSchema = z.array(z.strictObject({ membershipId: z.uuid(), attended: z.boolean() })).max(200);
const fields = {
  topic: z.string().trim().min(1, 'must not be empty').max(200),
  heldAt: z.coerce.date({ message: 'must be a date and time' }),
  presenterPartyId: z.uuid(),
  serviceIds: ids.optional(),
  systemIds: ids.optional(),
  articleIds: ids.optional(),
  notes: z.string().max(50_000).optional(),
  attendees: AttendeesSchema.optional(),
};
const CreateBodySchema = z.strictObject(fields);
const UpdateBodySchema = z.strictObject({
  topic: fields.topic.optional(),
  heldAt: fields.heldAt.optional(),
  presenterPartyId: fields.presenterPartyId.optional(),
  serviceIds: fields.serviceIds,
  systemIds: fields.systemIds,
  articleIds: fields.articleIds,
  notes: fields.notes,
  attendees: fields.attendees,
  version: z.number().int().positive(),
});

const presentSession = (s: HandoverSession, presenterPartyName: string | null) => ({
  id: s.id,
  topic: s.topic,
  heldAt: s.heldAt,
  presenterParty: { id: s.presenterPartyId, name: presenterPartyName },
  serviceIds: s.serviceIds,
  systemIds: s.systemIds,
  articleIds: s.articleIds,
  notes: s.notes,
  createdAt: s.createdAt,
  version: s.version,
});

export const handoverRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['handovers'];
  const view = { access: 'workspace', action: 'handover.view' } as const;
  const manage = { access: 'workspace', action: 'handover.manage' } as const;

  app.get(
    '/w/:workspace/handovers',
    { config: view, schema: { tags, params: WorkspaceParamsSchema } },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const rows = await listSessions(ctx);
      return {
        items: rows.map((r) => ({
          ...presentSession(r.session, r.presenterPartyName),
          invited: r.invited,
          attended: r.attended,
        })),
        abilities: problemAbilities(ctx.actor),
      };
    },
  );

  app.post(
    '/w/:workspace/handovers',
    {
      config: { ...manage, idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: CreateBodySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const session = await createSession(ctx, request.body);
      return reply.status(201).send({ session: presentSession(session, null) });
    },
  );

  app.get(
    '/w/:workspace/handovers/attendance',
    { config: view, schema: { tags, params: WorkspaceParamsSchema } },
    async (request) => ({ items: await attendanceByPerson(workspaceContext(db, request)) }),
  );

  app.get(
    '/w/:workspace/handovers/:id',
    { config: view, schema: { tags, params: SessionParamsSchema } },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const r = await getSession(ctx, request.params.id);
      return {
        session: presentSession(r.session, r.presenterPartyName),
        services: r.services,
        systems: r.systems,
        articles: r.articles.map((a) => ({ ...a, key: `KB-${a.number}` })),
        attendees: r.attendees,
        abilities: problemAbilities(ctx.actor),
      };
    },
  );

  app.patch(
    '/w/:workspace/handovers/:id',
    { config: manage, schema: { tags, params: SessionParamsSchema, body: UpdateBodySchema } },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const session = await updateSession(ctx, request.params.id, request.body);
      return { session: presentSession(session, null) };
    },
  );
};
