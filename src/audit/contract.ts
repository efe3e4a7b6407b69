import { z } from 'zod';
import { cursorQuery, PageSchema, QueryDate, Timestamp } from '../server/http.ts';

export const AuditQuerySchema = z
  .strictObject({
    action: z.string().trim().min(1).max(100).optional(),
    entityType: z.string().trim().min(1).max(100).optional(),
    entityId: z.string().trim().min(1).max(100).optional(),
    actorAccountId: z.uuid().optional(),
    from: QueryDate.optional(),
    to: QueryDate.optional(),
    ...cursorQuery(50, 200),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });
export type AuditQuery = z.output<typeof AuditQuerySchema>;

export const AuditEventSchema = z.object({
  id: z.number().int().meta({ description: 'Position in the workspace chain (newest first).' }),
  at: Timestamp,
  action: z.string().meta({ example: 'ticket.created' }),
  entityType: z.string(),
  entityId: z.string().nullable(),
  entityLabel: z.string().nullable().meta({
    description: 'How people name the entity (a ticket key such as ACME-12); null when it has none.',
  }),
  actor: z
    .object({ accountId: z.string(), name: z.string().nullable(), email: z.string().nullable() })
    .nullable(),
  membershipId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  hash: z.string(),
  prevHash: z.string(),
});
export type AuditEvent = z.output<typeof AuditEventSchema>;

export const AuditPageSchema = PageSchema(AuditEventSchema);
