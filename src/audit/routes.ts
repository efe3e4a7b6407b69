import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { AuditPageSchema, AuditQuerySchema } from './contract.ts';
import { presentAuditEvent } from './presenter.ts';
import { listAuditEvents } from './service.ts';

export const auditRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  app.get(
    '/w/:workspace/audit',
    {
      config: { access: 'workspace', action: 'audit.read' },
      schema: {
        tags: ['audit'],
        params: WorkspaceParamsSchema,
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const page = await listAuditEvents(ctx, request.query);
      return {
        items: page.items.map((row) => presentAuditEvent(ctx.actor.ticketPrefix, row)),
        nextCursor: page.nextCursor,
      };
    },
  );
};
