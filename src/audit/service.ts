import { and, desc, eq, gte, lt, lte } from 'drizzle-orm';
import { accounts } from '../db/schema/accounts.ts';
import { auditEvents } from '../db/schema/audit.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { decodeCursor, pageOf } from '../server/cursor.ts';
import { Invalid } from '../server/errors.ts';
import { assertCanAudit } from './policy.ts';

export type AuditQuery = {
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorAccountId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  cursor?: string | undefined;
};

/** Newest first, keyset by id. */
export async function listAuditEvents(ctx: WorkspaceContext, query: AuditQuery) {
  assertCanAudit(ctx.actor, 'read');
  const after = decodeCursor(query.cursor, 1) as [number] | null;
  // The cursor is the last event id seen; anything else was not issued here and must not reach SQL.
  if (after && !(typeof after[0] === 'number' && Number.isSafeInteger(after[0]) && after[0] > 0)) {
    throw new Invalid('cursor is not one this server issued; start again without it.', 'querystring.cursor');
  }
  const rows = await withScopedTx(
    ctx.db,
    { workspaceId: ctx.actor.workspaceId, accountId: ctx.actor.accountId },
    (tx) =>
      tx
        .select({ event: auditEvents, actorName: accounts.name, actorEmail: accounts.email })
        .from(auditEvents)
        .leftJoin(accounts, eq(accounts.id, auditEvents.actorAccountId))
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
