import type { Database } from '../db/client.ts';
import { isMfaRequired } from '../domain/mfa-policy.ts';
import { listMyMemberships, partyRefOf } from '../workspaces/my-memberships.ts';
import type { Me } from './contract.ts';
import type { ResolvedSession } from './sessions.ts';

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
