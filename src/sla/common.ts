import { recordWorkspaceAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Invalid } from '../server/errors.ts';
import { isWorkspaceParty } from '../workspaces/queries.ts';

/** Every SLA settings change is audited inside the transaction that makes it. */
export const audit = (
  tx: Tx,
  ctx: WorkspaceContext,
  action: string,
  entityType: string,
  id: string,
  before?: unknown,
  after?: unknown,
) => recordWorkspaceAudit(tx, ctx, { action, entityType, entityId: id, before, after });

/** The party a calendar, cover rule or shift names must be one of this workspace's. */
export async function assertParty(tx: Tx, workspaceId: string, partyId: string) {
  if (!(await isWorkspaceParty(tx, workspaceId, partyId)))
    throw new Invalid('partyId names no party of this workspace.', 'body.partyId');
}
