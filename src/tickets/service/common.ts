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
