import type { Database } from '../db/client.ts';
import type { Account, Session } from '../db/schema/accounts.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import type { MfaState } from '../domain/mfa-policy.ts';

// Who is calling, as the server's request hook sees it. The shapes live here and the lookups are
// passed in by the app (server/app.ts), so the server layer does not import the accounts and
// workspaces areas that build on it.

export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export type ResolvedSession = {
  session: Session;
  account: Account;
  mfaState: MfaState;
  mfaSatisfied: boolean;
  /** The account's active membership in the workspace resolveSession was asked about; else null. */
  workspaceActor: WorkspaceActor | null;
};

export type ResolvedToken = { actor: WorkspaceActor; scopes: TokenScope[]; tokenId: string };

/**
 * The lookups registerAuth needs: a session cookie (with the membership in the workspace of the
 * URL, when there is one, in the same lookup) and an API token.
 */
export type IdentityResolvers = {
  resolveSession(db: Database, token: string, workspaceSlug?: string): Promise<ResolvedSession | null>;
  resolveApiToken(db: Database, secret: string): Promise<ResolvedToken | null>;
};
