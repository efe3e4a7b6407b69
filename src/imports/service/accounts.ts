import { and, eq } from 'drizzle-orm';
import { createAccount } from '../../access/service/register.ts';
import { privilegedAccounts } from '../../db/schema/access.ts';
import { systems } from '../../db/schema/systems.ts';
import type { ImportRow } from '../../domain/imports.ts';
import { firstOfEachId, type ImportPlan, membersByEmail, type PlanInput, recordByRecord } from './common.ts';

/**
 * Privileged accounts: each through the access area's register (its checks and audit event). The
 * system is named; the holder, when given, is an active staff member of a party named by e-mail.
 */
export async function planAccounts({
  tx,
  ctx,
  rows,
  seen,
  errors,
}: PlanInput<ImportRow<'accounts'>>): Promise<ImportPlan> {
  const ws = ctx.actor.workspaceId;
  const systemRows = await tx
    .select({ id: systems.id, name: systems.name, status: systems.status })
    .from(systems)
    .where(eq(systems.workspaceId, ws));
  const systemOf = new Map(systemRows.map((s) => [s.name.trim().toLowerCase(), s]));
  const held = await tx
    .select({ systemId: privilegedAccounts.systemId, accountName: privilegedAccounts.accountName })
    .from(privilegedAccounts)
    .where(and(eq(privilegedAccounts.workspaceId, ws), eq(privilegedAccounts.status, 'active')));
  const taken = new Set(held.map((a) => `${a.systemId}\n${a.accountName.toLowerCase()}`));
  const holders = await membersByEmail(
    tx,
    ws,
    rows.flatMap((r) => (r.holder ? [r.holder] : [])),
  );
  const items = [];
  for (const row of firstOfEachId(rows, (r) => r.externalId, seen, errors)) {
    let ok = true;
    const system = systemOf.get(row.system.toLowerCase());
    if (system?.status !== 'active') {
      ok = false;
      errors.push({
        row: row.row,
        field: 'system',
        message: system ? `"${row.system}" is retired` : `names no system "${row.system}" here`,
      });
    }
    const holder = row.holder ? holders.get(row.holder.toLowerCase()) : undefined;
    if (row.holder && (holder?.status !== 'active' || !holder.partyId)) {
      ok = false;
      errors.push({
        row: row.row,
        field: 'holder',
        message: holder
          ? `${row.holder} is not active staff of a party (a requester holds no privileged account)`
          : `${row.holder} is not a member of this workspace`,
      });
    }
    if (system) {
      const key = `${system.id}\n${row.accountName.toLowerCase()}`;
      if (taken.has(key)) {
        ok = false;
        errors.push({
          row: row.row,
          field: 'accountName',
          message: `"${row.accountName}" is already in the register for ${system.name}`,
        });
      }
      taken.add(key);
    }
    if (!ok || !system) continue;
    items.push({
      externalId: row.externalId,
      create: async () =>
        (
          await createAccount(ctx, {
            systemId: system.id,
            accountName: row.accountName,
            membershipId: holder?.id ?? null,
            tier: row.tier,
            mfa: row.mfa ?? 'unknown',
            decisionId: null,
            expiresAt: row.expiresOn ? new Date(`${row.expiresOn}T00:00:00Z`) : null,
            breakGlassLastUsedAt: null,
            notes: row.notes ?? '',
          })
        ).row.account.id,
    });
  }
  return recordByRecord(tx, ctx, 'accounts', items);
}
