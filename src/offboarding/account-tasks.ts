import { privilegedAccountsOf } from '../access/service/offboarding.ts';
import type { Tx } from '../db/client.ts';

/** A task offboarding will create: generic, so each area supplies its own kind. */
export type OffboardingTaskDraft = { kind: string; targetId: string | null; label: string };

/**
 * The privileged accounts a person still holds in the client's systems (the access area's
 * register), each a revocation task of the offboarding, confirmed with evidence like the others.
 */
export async function privilegedAccountTasks(
  tx: Tx,
  workspaceId: string,
  membershipId: string,
): Promise<OffboardingTaskDraft[]> {
  const held = await privilegedAccountsOf(tx, workspaceId, membershipId);
  return held.map((a) => ({
    kind: 'revoke_account',
    targetId: a.id,
    label: `Revoke ${a.accountName} on ${a.systemName} (${a.tier.replace('_', ' ')})`,
  }));
}
