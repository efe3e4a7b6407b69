import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { accessSettings, type PrivilegedAccount, privilegedAccounts } from '../../db/schema/access.ts';
import { decisions } from '../../db/schema/decisions.ts';
import { memberships } from '../../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, Invalid, NotFound, StaleVersion } from '../../server/errors.ts';
import type { AccountInput, AccountPatch } from '../contract.ts';
import { assertCanAccess } from '../policy.ts';
import { assertSystem, auditAccess, loadSettings, peopleOf, systemsOf } from './common.ts';

export type RegisterRow = {
  account: PrivilegedAccount;
  systemName: string;
  decisionNumber: number | null;
};

async function registerRows(tx: Tx, workspaceId: string, where?: ReturnType<typeof eq>) {
  const rows = await tx
    .select({
      account: privilegedAccounts,
      systemName: sql<string>`(select name from systems s where s.id = ${privilegedAccounts.systemId})`,
      decisionNumber: decisions.number,
    })
    .from(privilegedAccounts)
    .leftJoin(decisions, eq(decisions.id, privilegedAccounts.decisionId))
    .where(and(eq(privilegedAccounts.workspaceId, workspaceId), where))
    .orderBy(asc(privilegedAccounts.accountName), asc(privilegedAccounts.id));
  const people = await peopleOf(
    tx,
    workspaceId,
    rows.map((r) => r.account.membershipId).filter((x): x is string => x !== null),
  );
  return { rows, people };
}

/** The register: every account still held (revoked ones on request), with what is wrong with each. */
export async function listRegister(ctx: WorkspaceContext, includeRevoked: boolean) {
  assertCanAccess(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const found = await registerRows(
      tx,
      ws,
      includeRevoked ? undefined : eq(privilegedAccounts.status, 'active'),
    );
    const allPeople = await peopleOf(tx, ws);
    return { ...found, systems: await systemsOf(tx, ws), allPeople };
  });
}

async function assertPerson(tx: Tx, workspaceId: string, membershipId: string | null | undefined) {
  if (!membershipId) return;
  const [m] = await tx
    .select({ id: memberships.id, partyId: memberships.partyId })
    .from(memberships)
    .where(and(eq(memberships.id, membershipId), eq(memberships.workspaceId, workspaceId)));
  if (!m) throw new Invalid('membershipId names no member of this workspace.', 'body.membershipId');
  if (!m.partyId)
    throw new Invalid('A requester holds no privileged account; name staff of a party.', 'body.membershipId');
}

async function assertDecision(tx: Tx, workspaceId: string, decisionId: string | null | undefined) {
  if (!decisionId) return;
  const [d] = await tx
    .select({ id: decisions.id })
    .from(decisions)
    .where(and(eq(decisions.id, decisionId), eq(decisions.workspaceId, workspaceId)));
  if (!d) throw new Invalid('decisionId names no decision of this workspace.', 'body.decisionId');
}

async function oneRow(tx: Tx, workspaceId: string, id: string) {
  const { rows, people } = await registerRows(tx, workspaceId, eq(privilegedAccounts.id, id));
  if (!rows[0]) throw new NotFound('No such privileged account.');
  return { row: rows[0], people };
}

const isUniqueViolation = (error: unknown) =>
  (error as { code?: string; cause?: { code?: string } }).code === '23505' ||
  (error as { cause?: { code?: string } }).cause?.code === '23505';

export async function createAccount(ctx: WorkspaceContext, input: AccountInput) {
  assertCanAccess(ctx.actor, 'manageAccounts');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      await assertSystem(tx, ws, input.systemId, 'body.systemId');
      await assertPerson(tx, ws, input.membershipId);
      await assertDecision(tx, ws, input.decisionId);
      const [existing] = await tx
        .select({ id: privilegedAccounts.id })
        .from(privilegedAccounts)
        .where(
          and(
            eq(privilegedAccounts.workspaceId, ws),
            eq(privilegedAccounts.systemId, input.systemId),
            eq(privilegedAccounts.status, 'active'),
            sql`lower(${privilegedAccounts.accountName}) = lower(${input.accountName})`,
          ),
        );
      if (existing)
        throw new Conflict(
          `"${input.accountName}" is already in the register for that system.`,
          'ACCOUNT_EXISTS',
        );
      const [account] = await tx
        .insert(privilegedAccounts)
        .values({ workspaceId: ws, ...input })
        .returning();
      await auditAccess(
        tx,
        ctx,
        'access.account_added',
        'privileged_account',
        account!.id,
        undefined,
        account,
      );
      return oneRow(tx, ws, account!.id);
    },
    ctx.meta,
  ).catch((error: unknown) => {
    if (isUniqueViolation(error))
      throw new Conflict(
        `"${input.accountName}" is already in the register for that system.`,
        'ACCOUNT_EXISTS',
      );
    throw error;
  });
}

export async function updateAccount(ctx: WorkspaceContext, id: string, patch: AccountPatch) {
  assertCanAccess(ctx.actor, 'manageAccounts');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const [before] = await tx
      .select()
      .from(privilegedAccounts)
      .where(and(eq(privilegedAccounts.id, id), eq(privilegedAccounts.workspaceId, ws)))
      .for('update');
    if (!before) throw new NotFound('No such privileged account.');
    if (before.version !== patch.version) throw new StaleVersion('privileged account', before.version);
    await assertPerson(tx, ws, patch.membershipId);
    await assertDecision(tx, ws, patch.decisionId);
    const { version: _version, ...changes } = patch;
    const revoking = changes.status === 'revoked' && before.status !== 'revoked';
    const [after] = await tx
      .update(privilegedAccounts)
      .set({
        ...changes,
        ...(revoking && { revokedAt: new Date() }),
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(eq(privilegedAccounts.id, id))
      .returning();
    await auditAccess(
      tx,
      ctx,
      revoking ? 'access.account_revoked' : 'access.account_changed',
      'privileged_account',
      id,
      before,
      after,
    );
    return oneRow(tx, ws, id);
  });
}

export async function getSettings(ctx: WorkspaceContext) {
  assertCanAccess(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) => loadSettings(tx, ctx.actor.workspaceId));
}

/** The workspace's longest grant. The first save creates the row (the defaults read as version 1). */
export async function updateSettings(
  ctx: WorkspaceContext,
  input: { version: number; maxGrantMinutes: number },
) {
  assertCanAccess(ctx.actor, 'manageSettings');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const before = await loadSettings(tx, ws);
    const current = before.version;
    if (input.version !== current) throw new StaleVersion('access settings', current);
    const [after] = await tx
      .insert(accessSettings)
      .values({ workspaceId: ws, maxGrantMinutes: input.maxGrantMinutes, version: current + 1 })
      .onConflictDoUpdate({
        target: accessSettings.workspaceId,
        set: { maxGrantMinutes: input.maxGrantMinutes, version: current + 1, updatedAt: new Date() },
      })
      .returning();
    await auditAccess(tx, ctx, 'access.settings_changed', 'access_settings', ws, before, after);
    return after!;
  });
}
