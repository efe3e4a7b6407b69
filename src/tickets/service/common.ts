import { recordAudit } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import type { WorkspaceContext } from '../../server/context.ts';

export const scopeOf = (ctx: WorkspaceContext) => ({
  workspaceId: ctx.actor.workspaceId,
  accountId: ctx.actor.accountId,
});

export const auditTicket = (
  tx: Tx,
  ctx: WorkspaceContext,
  action: string,
  ticketId: string,
  before?: unknown,
  after?: unknown,
) =>
  recordAudit(tx, ctx.meta, {
    workspaceId: ctx.actor.workspaceId,
    actorAccountId: ctx.actor.accountId,
    actorMembershipId: ctx.actor.membershipId,
    action,
    entityType: 'ticket',
    entityId: ticketId,
    before,
    after,
  });
