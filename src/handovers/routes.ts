import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { HandoverSession } from '../db/schema/handovers.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import {
  AttendanceSchema,
  CreateBodySchema,
  type HandoverSessionView,
  SessionDetailSchema,
  SessionListSchema,
  SessionParamsSchema,
  SessionResponseSchema,
  UpdateBodySchema,
} from './contract.ts';
import { handoverAbilities } from './policy.ts';
import { attendanceByPerson, createSession, getSession, listSessions, updateSession } from './service.ts';

const presentSession = (s: HandoverSession, presenterPartyName: string | null): HandoverSessionView => ({
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

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/handovers', {
    action: 'handovers.view',
    params: WorkspaceParamsSchema,
    response: SessionListSchema,
    run: async (ctx) => {
      const rows = await listSessions(ctx);
      return {
        items: rows.map((r) => ({
          ...presentSession(r.session, r.presenterPartyName),
          invited: r.invited,
          attended: r.attended,
        })),
        abilities: handoverAbilities(ctx.actor),
      };
    },
  });

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/handovers', {
    action: 'handovers.manage',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateBodySchema,
    status: 201,
    response: SessionResponseSchema,
    run: async (ctx, _p, body) => ({ session: presentSession(await createSession(ctx, body), null) }),
  });

  read('/w/:workspace/handovers/attendance', {
    action: 'handovers.view',
    params: WorkspaceParamsSchema,
    response: AttendanceSchema,
    run: async (ctx) => ({ items: await attendanceByPerson(ctx) }),
  });

  read('/w/:workspace/handovers/:id', {
    action: 'handovers.view',
    params: SessionParamsSchema,
    response: SessionDetailSchema,
    run: async (ctx, p) => {
      const r = await getSession(ctx, p.id);
      return {
        session: presentSession(r.session, r.presenterPartyName),
        services: r.services,
        systems: r.systems,
        articles: r.articles.map((a) => ({ ...a, key: `KB-${a.number}` })),
        attendees: r.attendees,
        abilities: handoverAbilities(ctx.actor),
      };
    },
  });

  write('PATCH', '/w/:workspace/handovers/:id', {
    action: 'handovers.manage',
    params: SessionParamsSchema,
    body: UpdateBodySchema,
    response: SessionResponseSchema,
    run: async (ctx, p, body) => ({ session: presentSession(await updateSession(ctx, p.id, body), null) }),
  });
};
