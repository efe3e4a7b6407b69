import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { normaliseEmail } from '../accounts/queries.ts';
import { assertNotThrottled, clearFailures, recordFailure } from '../accounts/sessions.ts';
import { recordAudit, recordWorkspaceAudit } from '../audit/record.ts';
import { dummyPasswordHash, hashPassword, randomSecret, sha256, verifyPassword } from '../crypto/secrets.ts';
import type { Database, Tx } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { invitations, memberships, parties, type Role, workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { RequestMeta, WorkspaceContext } from '../server/context.ts';
import { Conflict, Forbidden, Invalid, NotFound, Unauthenticated } from '../server/errors.ts';
import { assertCanMember } from './policy.ts';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const ROLE_WORDS: Record<Role, string> = {
  lead: 'a lead',
  agent: 'an agent',
  viewer: 'a viewer',
  requester: 'a requester',
};

function invitationMail(
  to: string,
  workspaceName: string,
  partyName: string | null,
  role: Role,
  url: string,
) {
  const as = partyName ? `${ROLE_WORDS[role]} of ${partyName}` : 'someone who can ask IT for help';
  return {
    to,
    subject: `You are invited to ${workspaceName} on Tandem`,
    text: [
      `You have been invited to join ${workspaceName} on Tandem as ${as}.`,
      '',
      `Open this link within 7 days to accept: ${url}`,
      '',
      'The link works once. If you did not expect this invitation, ignore this message.',
    ].join('\n'),
  };
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';
export function invitationStatus(
  i: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now = new Date(),
): InvitationStatus {
  if (i.acceptedAt) return 'accepted';
  if (i.revokedAt) return 'revoked';
  return i.expiresAt <= now ? 'expired' : 'pending';
}

async function findParty(tx: Tx, workspaceId: string, partyId: string | null) {
  if (!partyId) return null;
  const [party] = await tx
    .select()
    .from(parties)
    .where(and(eq(parties.id, partyId), eq(parties.workspaceId, workspaceId)));
  if (!party) throw new Invalid('partyId names no party of this workspace.', 'body.partyId');
  return party;
}

/** Creates a one-time link; the token is shown once, only its digest is kept. */
export async function inviteMember(
  ctx: WorkspaceContext,
  publicUrl: string,
  input: { email: string; role: Role; partyId: string | null },
) {
  const email = normaliseEmail(input.email);
  if ((input.role === 'requester') !== (input.partyId === null)) {
    throw new Invalid(
      input.role === 'requester'
        ? 'Requesters belong to no party: send partyId null.'
        : 'Staff roles need a partyId.',
      'body.partyId',
    );
  }
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const party = await findParty(tx, ctx.actor.workspaceId, input.partyId);
      assertCanMember(ctx.actor, 'invite', {
        membershipId: '',
        partyId: input.partyId,
        partyKind: party?.kind ?? null,
        role: input.role,
      });
      const [member] = await tx
        .select({ id: memberships.id, status: memberships.status })
        .from(memberships)
        .innerJoin(accounts, eq(accounts.id, memberships.accountId))
        .where(and(eq(memberships.workspaceId, ctx.actor.workspaceId), eq(accounts.email, email)));
      if (member) {
        throw new Conflict(
          member.status === 'active'
            ? `${email} is already a member of this workspace.`
            : `${email} was a member here; reactivate them instead.`,
          'ALREADY_A_MEMBER',
        );
      }
      // A new invitation replaces a pending one for the same address; the revocation is audited.
      const replaced = await tx
        .update(invitations)
        .set({ revokedAt: new Date() })
        .where(
          and(
            eq(invitations.workspaceId, ctx.actor.workspaceId),
            eq(invitations.email, email),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
          ),
        )
        .returning({ id: invitations.id, email: invitations.email, role: invitations.role });
      for (const old of replaced) {
        await recordWorkspaceAudit(tx, ctx, {
          action: 'invitation.revoked',
          entityType: 'invitation',
          entityId: old.id,
          before: { email: old.email, role: old.role },
          after: { reason: 'replaced by a new invitation' },
        });
      }
      const token = randomSecret();
      const [invitation] = await tx
        .insert(invitations)
        .values({
          workspaceId: ctx.actor.workspaceId,
          email,
          partyId: input.partyId,
          role: input.role,
          tokenHash: sha256(token),
          invitedByMembershipId: ctx.actor.membershipId,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        })
        .returning();
      const { tokenHash: _hidden, ...visible } = invitation!;
      await recordWorkspaceAudit(tx, ctx, {
        action: 'invitation.created',
        entityType: 'invitation',
        entityId: invitation!.id,
        after: visible,
      });
      const inviteUrl = `${publicUrl}/invite/${token}`;
      if (ctx.mailer) {
        // Queued in this transaction: the mail goes out only if the invitation commits.
        const [workspace] = await tx
          .select({ name: workspaces.name })
          .from(workspaces)
          .where(eq(workspaces.id, ctx.actor.workspaceId));
        await ctx.mailer.send(
          tx,
          invitationMail(email, workspace!.name, party?.name ?? null, input.role, inviteUrl),
        );
      }
      return { invitation: { ...invitation!, party }, inviteUrl, emailed: ctx.mailer !== undefined };
    },
    ctx.meta,
  );
}

export async function listInvitations(ctx: WorkspaceContext) {
  assertCanMember(ctx.actor, 'list');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select({ invitation: invitations, party: parties, invitedByName: accounts.name })
      .from(invitations)
      .leftJoin(parties, eq(parties.id, invitations.partyId))
      .leftJoin(memberships, eq(memberships.id, invitations.invitedByMembershipId))
      .leftJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(eq(invitations.workspaceId, ctx.actor.workspaceId))
      .orderBy(desc(invitations.createdAt))
      .limit(200),
  );
}

export async function revokeInvitation(ctx: WorkspaceContext, invitationId: string) {
  await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.workspaceId, ctx.actor.workspaceId)));
    if (!inv) throw new NotFound('No such invitation.');
    const party = await findParty(tx, ctx.actor.workspaceId, inv.partyId);
    assertCanMember(ctx.actor, 'invite', {
      membershipId: '',
      partyId: inv.partyId,
      partyKind: party?.kind ?? null,
      role: inv.role,
    });
    if (invitationStatus(inv) !== 'pending')
      throw new Conflict(`This invitation is already ${invitationStatus(inv)}.`, 'INVITATION_NOT_PENDING');
    await tx.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, inv.id));
    await recordWorkspaceAudit(tx, ctx, {
      action: 'invitation.revoked',
      entityType: 'invitation',
      entityId: inv.id,
      before: { email: inv.email, role: inv.role },
    });
  });
}

/** Security: the token's digest is the only key that reaches across workspaces (an owner function). */
async function workspaceOfToken(db: Database, token: string): Promise<string | null> {
  const result = await db.execute(sql`select tandem_invitation_workspace(${sha256(token)}) as workspace_id`);
  return (result as unknown as { rows: { workspace_id: string | null }[] }).rows[0]?.workspace_id ?? null;
}

async function loadPendingInvitation(tx: Tx, token: string) {
  const [row] = await tx
    .select({
      invitation: invitations,
      workspaceName: workspaces.name,
      workspaceSlug: workspaces.slug,
      party: parties,
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .leftJoin(parties, eq(parties.id, invitations.partyId))
    .where(
      and(
        eq(invitations.tokenHash, sha256(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    );
  if (!row)
    throw new NotFound('This invitation link is unknown, used, revoked or expired; ask for a new one.');
  return row;
}

export async function describeInvitation(db: Database, token: string) {
  const workspaceId = await workspaceOfToken(db, token);
  if (!workspaceId)
    throw new NotFound('This invitation link is unknown, used, revoked or expired; ask for a new one.');
  return withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const row = await loadPendingInvitation(tx, token);
    return row;
  });
}

/** Joins the workspace: a new account is created, or an existing one proves it with its password. */
export async function acceptInvitation(
  db: Database,
  meta: RequestMeta,
  token: string,
  input: { name?: string | undefined; password: string },
) {
  const workspaceId = await workspaceOfToken(db, token);
  if (!workspaceId)
    throw new NotFound('This invitation link is unknown, used, revoked or expired; ask for a new one.');
  const preview = await describeInvitation(db, token);
  const email = preview.invitation.email;
  // Security: the link holder (also the inviter, who is shown the link) must not learn whether the
  // address has a Tandem account, nor guess its password without limit. Every refusal below
  // answers alike for both cases, costs one password hash check, and counts for the sign-in
  // throttle of this address and pair.
  const ip = meta.ip ?? 'unknown';
  await assertNotThrottled(db, email, ip);
  const [found] = await db.select().from(accounts).where(eq(accounts.email, email));
  // An account restored by `tandem import` has no password (secrets are never exported): its
  // one-time link sets the password instead of asking for it.
  const awaitingPassword = found !== undefined && found.passwordHash === null && found.status === 'active';
  const existing = awaitingPassword ? undefined : found;
  const creating = input.name !== undefined || awaitingPassword;
  if (creating && input.password.length < 12) {
    throw new Invalid('Password must be at least 12 characters.', 'body.password');
  }
  const passwordMatches = await verifyPassword(
    existing?.passwordHash ?? (await dummyPasswordHash()),
    input.password,
  );
  if (existing ? !passwordMatches : !creating) {
    await recordFailure(db, email, ip);
    throw new Unauthenticated(
      'The invitation was not accepted: enter the password of your Tandem account, or, if you are new to Tandem, your name and a new password.',
      'INVALID_CREDENTIALS',
    );
  }
  if (existing) {
    await clearFailures(db, email, ip);
    // Told only to whoever proved the password.
    if (existing.status !== 'active')
      throw new Forbidden('This account is disabled; ask your administrator.', 'ACCOUNT_DISABLED');
  }
  const passwordHash = existing ? null : await hashPassword(input.password);
  return withScopedTx(db, { workspaceId, accountId: existing?.id ?? null }, async (tx) => {
    const { invitation } = await loadPendingInvitation(tx, token);
    let account = existing;
    if (awaitingPassword) {
      const [claimed] = await tx
        .update(accounts)
        .set({ passwordHash, updatedAt: new Date() })
        .where(and(eq(accounts.id, found.id), isNull(accounts.passwordHash)))
        .returning();
      if (!claimed)
        throw new Conflict('This account already has a password; sign in instead.', 'ACCOUNT_EXISTS');
      account = claimed;
    } else if (!account) {
      const [created] = await tx
        .insert(accounts)
        .values({ email: invitation.email, name: input.name!.trim(), passwordHash })
        .onConflictDoNothing({ target: accounts.email })
        .returning();
      if (!created)
        throw new Conflict(
          'An account with this email was just created; sign in and open the link again.',
          'ACCOUNT_EXISTS',
        );
      account = created;
    }
    await tx.execute(sql`select set_config('app.account_id', ${account.id}, true)`);
    const [inserted] = await tx
      .insert(memberships)
      .values({ workspaceId, accountId: account.id, partyId: invitation.partyId, role: invitation.role })
      .onConflictDoNothing()
      .returning();
    // The restored membership is kept as it was (role, party, history).
    const [restored] =
      !inserted && awaitingPassword
        ? await tx
            .select()
            .from(memberships)
            .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.accountId, account.id)))
        : [];
    const membership = inserted ?? restored;
    if (!membership) throw new Conflict('You are already a member of this workspace.', 'ALREADY_A_MEMBER');
    const claimed = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (claimed.length === 0) throw new Conflict('This invitation was just used.', 'INVITATION_NOT_PENDING');
    await recordAudit(tx, meta, {
      workspaceId,
      actorAccountId: account.id,
      actorMembershipId: membership.id,
      action: 'member.joined',
      entityType: 'membership',
      entityId: membership.id,
      after: {
        email: account.email,
        role: membership.role,
        partyId: membership.partyId,
        invitationId: invitation.id,
      },
    });
    return account;
  });
}
