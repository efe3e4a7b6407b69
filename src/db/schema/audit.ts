import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained per workspace (workspace_id null = account-level chain).
 * Security: the application role may only INSERT and SELECT this table (see the rls migration).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    workspaceId: uuid(),
    actorAccountId: uuid(),
    actorMembershipId: uuid(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    ip: text(),
    requestId: text(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    index().on(t.workspaceId, t.id),
    index().on(t.workspaceId, t.action, t.id),
    index().on(t.workspaceId, t.entityType, t.entityId),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;

/** The last hash of each chain ('accounts' or a workspace id); its row lock serialises appends. */
export const auditChainHeads = pgTable('audit_chain_heads', {
  chain: text().primaryKey(),
  lastHash: text().notNull(),
});
