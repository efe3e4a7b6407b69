import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { privilegedAccounts, revocationTasks } from '../../db/schema/access.ts';
import { systems } from '../../db/schema/systems.ts';
import { createRevocationTask } from './revocations.ts';

/**
 * For offboarding (src/engagements): the accounts a person still holds, for the preview, and one
 * revocation task per account, raised inside the offboarding's own transaction. An account that
 * already has an open task gets no second one, so a repeated offboarding adds nothing.
 */
export async function privilegedAccountsOf(tx: Tx, workspaceId: string, membershipId: string) {
  return tx
    .select({
      id: privilegedAccounts.id,
      accountName: privilegedAccounts.accountName,
      tier: privilegedAccounts.tier,
      systemId: systems.id,
      systemName: systems.name,
      ownerPartyId: systems.ownerPartyId,
    })
    .from(privilegedAccounts)
    .innerJoin(systems, eq(systems.id, privilegedAccounts.systemId))
    .where(
      and(
        eq(privilegedAccounts.workspaceId, workspaceId),
        eq(privilegedAccounts.membershipId, membershipId),
        eq(privilegedAccounts.status, 'active'),
      ),
    );
}

export async function raiseOffboardingRevocations(
  tx: Tx,
  input: { workspaceId: string; membershipId: string; personName: string },
) {
  const held = await privilegedAccountsOf(tx, input.workspaceId, input.membershipId);
  if (held.length === 0) return [];
  const open = await tx
    .select({ accountId: revocationTasks.privilegedAccountId })
    .from(revocationTasks)
    .where(
      and(
        eq(revocationTasks.status, 'open'),
        inArray(
          revocationTasks.privilegedAccountId,
          held.map((a) => a.id),
        ),
      ),
    );
  const pending = new Set(open.map((t) => t.accountId));
  const tasks = [];
  for (const account of held.filter((a) => !pending.has(a.id))) {
    const task = await createRevocationTask(tx, {
      workspaceId: input.workspaceId,
      source: 'offboarding',
      title: `Revoke ${account.accountName} on ${account.systemName} (${input.personName} offboarded)`,
      responsiblePartyId: account.ownerPartyId,
      privilegedAccountId: account.id,
    });
    if (task) tasks.push(task);
  }
  return tasks;
}
