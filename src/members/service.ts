import { and, asc, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { accounts, sessions } from '../db/schema/accounts.ts';
import { apiTokens } from '../db/schema/api-tokens.ts';
import { memberships, parties, type Role } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { canChangeRoleTo, isRoleAllowedForParty } from '../domain/member-admin.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { decodeCursor, pageOf } from '../server/cursor.ts';
import { Conflict, Forbidden, Invalid, NotFound, StaleVersion } from '../server/errors.ts';
import { activeInternalLeads } from './internal-leads.ts';
import { assertCanMember } from './policy.ts';

export type ListMembersQuery = {
  status?: 'active' | 'deactivated' | undefined;
  partyId?: string | undefined;
  role?: Role | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

/** A substring pattern in which the searcher's % and _ mean themselves. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const memberColumns = {
  id: memberships.id,
  role: memberships.role,
  status: memberships.status,
  createdAt: memberships.createdAt,
  deactivatedAt: memberships.deactivatedAt,
  version: memberships.version,
  partyId: memberships.partyId,
  partyName: parties.name,
  partyKind: parties.kind,
  accountId: accounts.id,
  email: accounts.email,
  name: accounts.name,
  mfaEnrolledAt: accounts.mfaEnrolledAt,
};
export type MemberRow = {
  [K in keyof typeof memberColumns]: (typeof memberColumns)[K]['_']['notNull'] extends true
    ? (typeof memberColumns)[K]['_']['data']
    : (typeof memberColumns)[K]['_']['data'] | null;
};

function selectMembers(tx: Tx, workspaceId: string) {
  return tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .leftJoin(parties, eq(parties.id, memberships.partyId))
    .where(eq(memberships.workspaceId, workspaceId))
    .$dynamic();
}

/** [lower(name), membership id]. */
const decodeMemberCursor = (cursor: string | undefined) => decodeCursor(cursor, ['text', 'uuid']);

export async function listMembers(ctx: WorkspaceContext, query: ListMembersQuery) {
  assertCanMember(ctx.actor, 'list');
  const after = decodeMemberCursor(query.cursor);
  const sortName = sql`lower(${accounts.name})`;
  const rows = await withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    selectMembers(tx, ctx.actor.workspaceId)
      .where(
        and(
          eq(memberships.workspaceId, ctx.actor.workspaceId),
          query.status ? eq(memberships.status, query.status) : undefined,
          query.partyId ? eq(memberships.partyId, query.partyId) : undefined,
          query.role ? eq(memberships.role, query.role) : undefined,
          query.q
            ? or(ilike(accounts.name, likePattern(query.q)), ilike(accounts.email, likePattern(query.q)))
            : undefined,
          after ? sql`(${sortName}, ${memberships.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined,
        ),
      )
      .orderBy(asc(sortName), asc(memberships.id))
      .limit(query.limit + 1),
  );
  return pageOf(rows as MemberRow[], query.limit, (r) => [r.name.toLowerCase(), r.id]);
}

async function loadMember(tx: Tx, ctx: WorkspaceContext, membershipId: string): Promise<MemberRow> {
  const [row] = await selectMembers(tx, ctx.actor.workspaceId).where(
    and(eq(memberships.workspaceId, ctx.actor.workspaceId), eq(memberships.id, membershipId)),
  );
  if (!row) throw new NotFound('No such member in this workspace.');
  return row as MemberRow;
}

const targetOf = (m: MemberRow) => ({
  membershipId: m.id,
  partyId: m.partyId,
  partyKind: m.partyKind,
  role: m.role,
});

/** Security: the workspace must always keep an active internal lead, or nobody could administer it. */
async function assertAnotherInternalLead(tx: Tx, workspaceId: string, exceptMembershipId: string) {
  // Security: lock every active internal lead (in one order, so two such changes queue instead of
  // deadlocking); without the lock two leads demoting each other at once would both pass.
  const leads = await activeInternalLeads(tx, workspaceId)
    .orderBy(asc(memberships.id))
    .for('update', { of: memberships });
  if (!leads.some((lead) => lead.id !== exceptMembershipId))
    throw new Conflict('The workspace must keep at least one active internal lead.', 'LAST_INTERNAL_LEAD');
}

function audit(tx: Tx, ctx: WorkspaceContext, action: string, before: MemberRow, after: MemberRow) {
  return recordWorkspaceAudit(tx, ctx, {
    action,
    entityType: 'membership',
    entityId: before.id,
    before: { role: before.role, status: before.status, partyId: before.partyId, email: before.email },
    after: { role: after.role, status: after.status, partyId: after.partyId, email: after.email },
  });
}

export async function changeMemberRole(
  ctx: WorkspaceContext,
  membershipId: string,
  input: { version: number; role: Role },
) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await loadMember(tx, ctx, membershipId);
    assertCanMember(ctx.actor, 'changeRole', targetOf(before));
    if (!canChangeRoleTo(ctx.actor, input.role))
      throw new Forbidden('Only the internal lead may make someone a lead.', 'MEMBER_RIGHT_REQUIRED');
    if (!isRoleAllowedForParty(input.role, before.partyId)) {
      throw new Invalid(
        before.partyId
          ? 'Members of a party are leads, agents or viewers; invite requesters separately.'
          : 'A requester has no party, so cannot take a staff role; invite them to a party instead.',
        'body.role',
      );
    }
    if (before.status !== 'active')
      throw new Conflict('Reactivate this member before changing their role.', 'MEMBER_DEACTIVATED');
    if (before.role === 'lead' && before.partyKind === 'internal' && input.role !== 'lead') {
      await assertAnotherInternalLead(tx, ctx.actor.workspaceId, before.id);
    }
    const [updated] = await tx
      .update(memberships)
      .set({ role: input.role, version: sql`${memberships.version} + 1` })
      .where(
        and(
          eq(memberships.id, membershipId),
          eq(memberships.workspaceId, ctx.actor.workspaceId),
          eq(memberships.version, input.version),
        ),
      )
      .returning({ id: memberships.id });
    if (!updated) throw new StaleVersion('member', before.version);
    const after = await loadMember(tx, ctx, membershipId);
    await audit(tx, ctx, 'member.role_changed', before, after);
    return after;
  });
}

/** Ends access at once: the membership's API tokens are revoked and, if it was the person's only workspace, their sessions too. */
export async function deactivateMember(ctx: WorkspaceContext, membershipId: string) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await loadMember(tx, ctx, membershipId);
    assertCanMember(ctx.actor, 'deactivate', targetOf(before));
    return (await endMembership(tx, ctx, before)).after;
  });
}

/**
 * Deactivates inside the caller's transaction (offboarding uses it); the caller checked the right.
 * Answers what was revoked, counted.
 */
export async function endMembershipInTx(tx: Tx, ctx: WorkspaceContext, membershipId: string) {
  return endMembership(tx, ctx, await loadMember(tx, ctx, membershipId));
}

async function endMembership(tx: Tx, ctx: WorkspaceContext, before: MemberRow) {
  const membershipId = before.id;
  if (before.status === 'deactivated')
    throw new Conflict('This member is already deactivated.', 'MEMBER_DEACTIVATED');
  if (before.role === 'lead' && before.partyKind === 'internal')
    await assertAnotherInternalLead(tx, ctx.actor.workspaceId, before.id);
  const now = new Date();
  await tx
    .update(memberships)
    .set({ status: 'deactivated', deactivatedAt: now, version: sql`${memberships.version} + 1` })
    .where(and(eq(memberships.id, membershipId), eq(memberships.workspaceId, ctx.actor.workspaceId)));
  const tokens = await tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.membershipId, membershipId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  const hasOtherWorkspace = await hasActiveMembershipElsewhere(tx, before.accountId, ctx.actor.workspaceId);
  let sessionsRevoked = 0;
  if (!hasOtherWorkspace) {
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: now, providerSignOutEnc: null })
      .where(and(eq(sessions.accountId, before.accountId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    sessionsRevoked = ended.length;
  }
  const after = await loadMember(tx, ctx, membershipId);
  await audit(tx, ctx, 'member.deactivated', before, after);
  return { after, tokensRevoked: tokens.length, sessionsRevoked };
}

// RLS shows this transaction only this workspace; a narrow owner function answers yes or no.
async function hasActiveMembershipElsewhere(
  tx: Tx,
  accountId: string,
  workspaceId: string,
): Promise<boolean> {
  const result = await tx.execute(
    sql`select tandem_has_other_membership(${accountId}::uuid, ${workspaceId}::uuid) as other`,
  );
  return Boolean((result as unknown as { rows: { other: boolean }[] }).rows[0]?.other);
}

export async function reactivateMember(ctx: WorkspaceContext, membershipId: string) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await loadMember(tx, ctx, membershipId);
    assertCanMember(ctx.actor, 'reactivate', targetOf(before));
    if (before.status === 'active') throw new Conflict('This member is already active.', 'MEMBER_ACTIVE');
    await tx
      .update(memberships)
      .set({ status: 'active', deactivatedAt: null, version: sql`${memberships.version} + 1` })
      .where(and(eq(memberships.id, membershipId), eq(memberships.workspaceId, ctx.actor.workspaceId)));
    const after = await loadMember(tx, ctx, membershipId);
    await audit(tx, ctx, 'member.reactivated', before, after);
    return after;
  });
}
