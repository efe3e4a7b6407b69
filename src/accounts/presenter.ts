import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { memberships, type PartyKind, parties, workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { isMfaRequired } from '../domain/mfa-policy.ts';
import type { PartyRef } from '../workspaces/contract.ts';
import type { Me } from './contract.ts';
import type { ResolvedSession } from './sessions.ts';

export async function listMyMemberships(db: Database, accountId: string) {
  return withScopedTx(db, { workspaceId: null, accountId }, (tx) =>
    tx
      .select({
        id: memberships.id,
        role: memberships.role,
        workspace: {
          id: workspaces.id,
          slug: workspaces.slug,
          name: workspaces.name,
          requireMfa: workspaces.requireMfa,
        },
        partyId: parties.id,
        partyName: parties.name,
        partyKind: parties.kind,
      })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .leftJoin(parties, eq(parties.id, memberships.partyId))
      .where(and(eq(memberships.accountId, accountId), eq(memberships.status, 'active')))
      .orderBy(asc(workspaces.name)),
  );
}

export async function presentMe(db: Database, resolved: ResolvedSession): Promise<Me> {
  const { account, session, mfaState } = resolved;
  const rows = await listMyMemberships(db, account.id);
  return {
    account: {
      id: account.id,
      email: account.email,
      name: account.name,
      isAdmin: account.isAdmin,
      mfaEnrolled: account.mfaSecretEnc !== null,
      mfaRequired: isMfaRequired(
        account,
        rows.map((r) => ({
          role: r.role,
          partyKind: r.partyKind,
          workspaceRequiresMfa: r.workspace.requireMfa,
        })),
      ),
    },
    session: { mfaState, expiresAt: session.expiresAt },
    csrfToken: session.csrfToken,
    memberships: rows.map((r) => ({
      id: r.id,
      role: r.role,
      workspace: { id: r.workspace.id, slug: r.workspace.slug, name: r.workspace.name },
      party: partyRefOf(r),
    })),
  };
}

/** A membership's party (left-joined, so every column may be null). */
export const partyRefOf = (r: {
  partyId: string | null;
  partyName: string | null;
  partyKind: PartyKind | null;
}): PartyRef | null =>
  r.partyId && r.partyName && r.partyKind ? { id: r.partyId, name: r.partyName, kind: r.partyKind } : null;
