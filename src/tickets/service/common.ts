import { recordWorkspaceAudit } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import type { Ticket } from '../../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { assertCanTicket, type TicketAction } from '../policy.ts';
import { findVisibleTicket } from '../queries.ts';

export const scopeOf = workspaceScope;

export const auditTicket = (
  tx: Tx,
  ctx: WorkspaceContext,
  action: string,
  ticketId: string,
  before?: unknown,
  after?: unknown,
) =>
  recordWorkspaceAudit(tx, ctx, {
    action,
    entityType: 'ticket',
    entityId: ticketId,
    before,
    after,
  });

/** Where a ticket use case records its audit event: the audit log, or a macro collecting its steps. */
export type TicketAuditSink = typeof auditTicket;

/**
 * A use case on one ticket, in a scoped transaction that claims the request's idempotency key:
 * the ticket the actor sees by number, refused unless they may do `action` on it.
 */
export function onVisibleTicket<T>(
  ctx: WorkspaceContext,
  number: number,
  action: TicketAction,
  fn: (tx: Tx, ticket: Ticket) => Promise<T>,
) {
  return withScopedTx(
    ctx.db,
    scopeOf(ctx),
    async (tx) => {
      const ticket = await findVisibleTicket(tx, ctx.actor, number);
      assertCanTicket(ctx.actor, action, ticket);
      return fn(tx, ticket);
    },
    ctx.meta,
  );
}
