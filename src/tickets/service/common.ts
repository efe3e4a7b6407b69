import { recordWorkspaceAudit } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import { workspaceScope } from '../../db/tenant.ts';
import type { WorkspaceContext } from '../../server/context.ts';

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
