import { and, desc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import { accounts } from '../db/schema/accounts.ts';
import { auditEvents } from '../db/schema/audit.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { decodeCursor, pageOf } from '../server/cursor.ts';
import type { AuditQuery } from './contract.ts';
import { assertCanAudit } from './policy.ts';

/** Newest first, keyset by id. */
export async function listAuditEvents(ctx: WorkspaceContext, query: AuditQuery) {
  assertCanAudit(ctx.actor, 'read');
  // The cursor is the last event id seen.
  const after = decodeCursor(query.cursor, ['integer']);
  const rows = await withScopedTx(
    ctx.db,
    { workspaceId: ctx.actor.workspaceId, accountId: ctx.actor.accountId },
    (tx) =>
      tx
        .select({
          event: auditEvents,
          actorName: accounts.name,
          actorEmail: accounts.email,
          ticketNumber: tickets.number,
        })
        .from(auditEvents)
        .leftJoin(accounts, eq(accounts.id, auditEvents.actorAccountId))
        // People know tickets by key, not by id: the row names its ticket (ids are uuids; a
        // text entity id that is no uuid simply matches nothing).
        .leftJoin(
          tickets,
          and(
            eq(auditEvents.entityType, 'ticket'),
            eq(tickets.workspaceId, auditEvents.workspaceId),
            sql`${tickets.id}::text = ${auditEvents.entityId}`,
          ),
        )
        .where(
          and(
            eq(auditEvents.workspaceId, ctx.actor.workspaceId),
            query.action ? eq(auditEvents.action, query.action) : undefined,
            query.entityType ? eq(auditEvents.entityType, query.entityType) : undefined,
            query.entityId ? eq(auditEvents.entityId, query.entityId) : undefined,
            query.actorAccountId ? eq(auditEvents.actorAccountId, query.actorAccountId) : undefined,
            query.from ? gte(auditEvents.at, query.from) : undefined,
            query.to ? lte(auditEvents.at, query.to) : undefined,
            after ? lt(auditEvents.id, Number(after[0])) : undefined,
          ),
        )
        .orderBy(desc(auditEvents.id))
        .limit(query.limit + 1),
  );
  return pageOf(rows, query.limit, (r) => [r.event.id]);
}
