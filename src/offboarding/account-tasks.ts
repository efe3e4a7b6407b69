import type { Tx } from '../db/client.ts';

/** A task offboarding will create: generic, so each area supplies its own kind. */
export type OffboardingTaskDraft = { kind: string; targetId: string | null; label: string };

/**
 * The privileged accounts a person holds in the client's systems, each a revocation task.
 * Integration point: the access area (src/access, another branch) owns `privileged_accounts`;
 * after merging, this answers one `revoke_account` task per account of the membership that is
 * not yet revoked (label: "Revoke <account> on <system> (<tier>)", target: the account's id).
 * Until then the register does not exist here and there is nothing to revoke.
 */
export async function privilegedAccountTasks(
  _tx: Tx,
  _workspaceId: string,
  _membershipId: string,
): Promise<OffboardingTaskDraft[]> {
  return [];
}
