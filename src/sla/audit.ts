import { recordWorkspaceAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import type { WorkspaceContext } from '../server/context.ts';

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
