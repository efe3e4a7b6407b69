import { and, asc, eq, sql } from 'drizzle-orm';
import { recordAudit, recordWorkspaceAudit } from '../audit/record.ts';
import { type Database, selectRows, type Tx } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { ssoDomainRules } from '../db/schema/sso.ts';
import { memberships } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { RequestMeta, WorkspaceContext } from '../server/context.ts';
import { Conflict, NotFound } from '../server/errors.ts';
import { assertCanSso } from './policy.ts';

export async function listDomainRules(ctx: WorkspaceContext) {
  assertCanSso(ctx.actor, 'manageDomains');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select()
      .from(ssoDomainRules)
      .where(eq(ssoDomainRules.workspaceId, ctx.actor.workspaceId))
      .orderBy(asc(ssoDomainRules.domain)),
  );
}

export async function addDomainRule(ctx: WorkspaceContext, domain: string) {
  assertCanSso(ctx.actor, 'manageDomains');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const [rule] = await tx
        .insert(ssoDomainRules)
        .values({ workspaceId: ctx.actor.workspaceId, domain, createdByMembershipId: ctx.actor.membershipId })
        .onConflictDoNothing()
        .returning();
      if (!rule) throw new Conflict(`${domain} may already join this workspace.`, 'DOMAIN_RULE_EXISTS');
      await recordWorkspaceAudit(tx, ctx, {
        action: 'sso.domain_rule_added',
        entityType: 'sso_domain_rule',
        entityId: rule.id,
        after: { domain },
      });
      return rule;
    },
    ctx.meta,
  );
}

export async function removeDomainRule(ctx: WorkspaceContext, id: string) {
  assertCanSso(ctx.actor, 'manageDomains');
  await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [rule] = await tx
      .delete(ssoDomainRules)
      .where(and(eq(ssoDomainRules.id, id), eq(ssoDomainRules.workspaceId, ctx.actor.workspaceId)))
      .returning();
    if (!rule) throw new NotFound('No such domain rule.');
    await recordWorkspaceAudit(tx, ctx, {
      action: 'sso.domain_rule_removed',
      entityType: 'sso_domain_rule',
      entityId: rule.id,
      before: { domain: rule.domain },
    });
  });
}

/** Workspaces whose lead lets this e-mail domain join (a narrow definer lookup: ids only). */
export async function workspacesForDomain(db: Database | Tx, email: string) {
  const domain = email.split('@').pop() ?? '';
  const rows = await selectRows<{ workspace_id: string }>(
    db,
    sql`select workspace_id from tandem_sso_domain_workspaces(${domain})`,
  );
  return rows.map((r) => r.workspace_id);
}

/** The workspaces whose invitation of this address is still pending (a definer lookup, ids only). */
export async function pendingInvitationWorkspaces(db: Database | Tx, email: string) {
  const rows = await selectRows<{ workspace_id: string }>(
    db,
    sql`select workspace_id from tandem_sso_pending_invitation_workspaces(${email})`,
  );
  return rows.map((r) => r.workspace_id);
}

/**
 * Someone whose verified e-mail is at a domain a lead opened joins those workspaces as a requester:
 * a password-less account when there is none yet, and a membership in each (audited in each), in
 * the caller's transaction.
 */
export async function joinByDomain(
  tx: Tx,
  meta: RequestMeta,
  person: { email: string; name: string; existingAccountId: string | null },
  workspaceIds: string[],
) {
  let accountId = person.existingAccountId;
  if (!accountId) {
    const [account] = await tx
      .insert(accounts)
      .values({ email: person.email, name: person.name, passwordHash: null })
      .returning();
    accountId = account!.id;
    await recordAudit(tx, meta, {
      workspaceId: null,
      actorAccountId: accountId,
      actorMembershipId: null,
      action: 'account.created_by_sso',
      entityType: 'account',
      entityId: accountId,
      after: { email: person.email },
    });
  }
  for (const workspaceId of workspaceIds) {
    // Each membership is written inside its own workspace's row-level-security scope.
    await tx.execute(
      sql`select set_config('app.workspace_id', ${workspaceId}, true), set_config('app.account_id', ${accountId}, true)`,
    );
    const [membership] = await tx
      .insert(memberships)
      .values({ workspaceId, accountId, partyId: null, role: 'requester' })
      .onConflictDoNothing()
      .returning();
    if (!membership) continue;
    await recordAudit(tx, meta, {
      workspaceId,
      actorAccountId: accountId,
      actorMembershipId: membership.id,
      action: 'member.joined_by_domain',
      entityType: 'membership',
      entityId: membership.id,
      after: { email: person.email, role: 'requester' },
    });
  }
  await tx.execute(
    sql`select set_config('app.workspace_id', '', true), set_config('app.account_id', '', true)`,
  );
  const [account] = await tx.select().from(accounts).where(eq(accounts.id, accountId));
  return account!;
}
