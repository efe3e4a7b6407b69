import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { AuditPageSchema, AuditQuerySchema } from './contract.ts';
import { presentAuditEvent } from './presenter.ts';
import { listAuditEvents } from './service.ts';

export const auditRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  const read = workspaceReads(app, db, ['audit']);
  read('/w/:workspace/audit', {
    action: 'audit.read',
    params: WorkspaceParamsSchema,
    querystring: AuditQuerySchema,
    response: AuditPageSchema,
    run: async (ctx, _p, query) => {
      const page = await listAuditEvents(ctx, query);
      return {
        items: page.items.map((row) => presentAuditEvent(ctx.actor.ticketPrefix, row)),
        nextCursor: page.nextCursor,
      };
    },
  });
};
