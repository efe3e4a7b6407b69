import { recordAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { systemMeta } from '../server/context.ts';
import type { DemoSeat } from './responsibility.ts';

const meta = systemMeta('demo-seed');

/** An audit event as the demo seed records it: by a seat, or by the system (null). */
export const seedAudit = (
  tx: Tx,
  workspaceId: string,
  actor: DemoSeat | null,
  action: string,
  entityType: string,
  entityId: string,
  after: unknown,
) =>
  recordAudit(tx, meta, {
    workspaceId,
    actorAccountId: actor?.accountId ?? null,
    actorMembershipId: actor?.membershipId ?? null,
    action,
    entityType,
    entityId,
    after,
  });
