import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { listAuditEvents } from './service.ts';

const AuditQuerySchema = z
  .strictObject({
    action: z.string().trim().min(1).max(100).optional(),
    entityType: z.string().trim().min(1).max(100).optional(),
    entityId: z.string().trim().min(1).max(100).optional(),
    actorAccountId: z.uuid().optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export const auditRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  app.get(
    '/w/:workspace/audit',
    {
      config: { access: 'workspace', action: 'audit.read' },
      schema: { tags: ['audit'], params: WorkspaceParamsSchema, querystring: AuditQuerySchema },
    },
    async (request) => {
      const page = await listAuditEvents(workspaceContext(db, request), request.query);
      return {
        items: page.items.map(({ event: e, actorName, actorEmail }) => ({
          id: e.id,
          at: e.at,
          action: e.action,
          entityType: e.entityType,
          entityId: e.entityId,
          actor: e.actorAccountId
            ? { accountId: e.actorAccountId, name: actorName, email: actorEmail }
            : null,
          membershipId: e.actorMembershipId,
          before: e.before,
          after: e.after,
          ip: e.ip,
          hash: e.hash,
          prevHash: e.prevHash,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );
};
