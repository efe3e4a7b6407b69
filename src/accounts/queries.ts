import { and, eq, getTableColumns, gt, isNull, sql } from 'drizzle-orm';
import { type Queryable, selectRows } from '../db/client.ts';
import { prebuilt } from '../db/prebuilt.ts';
import { jsonOf } from '../db/rows.ts';
import { accounts, sessions } from '../db/schema/accounts.ts';
import type { ActorRow } from '../domain/actor.ts';
import type { MembershipForMfa } from '../domain/mfa-policy.ts';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findAccountByEmail(q: Queryable, email: string) {
  const [row] = await q
    .select()
    .from(accounts)
    .where(eq(accounts.email, normaliseEmail(email)));
  return row ?? null;
}

export async function findAccountById(q: Queryable, id: string) {
  const [row] = await q.select().from(accounts).where(eq(accounts.id, id));
  return row ?? null;
}

// The provider's sealed sign-out URL (an ID token long) is read at sign-out only, not on every request.
export const { providerSignOutEnc: _readAtSignOut, ...sessionColumns } = getTableColumns(sessions);

const liveSessionStatement = prebuilt<
  { tokenHash: string; workspaceSlug: string | null },
  { inWorkspace: boolean }
>()('session.live', (q, value, { inWorkspace }) => {
  const actor = inWorkspace
    ? sql<unknown>`(select row_to_json(wa) from tandem_workspace_actor(${accounts.id}, ${value('workspaceSlug')}) wa)`
    : sql<null>`null`;
  const mfaMemberships = sql<unknown>`(select coalesce(json_agg(json_build_object('role', mm.role,
    'partyKind', mm.party_kind, 'workspaceRequiresMfa', mm.workspace_requires_mfa)), '[]')
    from tandem_account_mfa_memberships(${accounts.id}) mm)`;
  return q
    .select({ session: sessionColumns, account: accounts, actor, mfaMemberships })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(
      and(
        eq(sessions.tokenHash, value('tokenHash')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
      ),
    );
});

/**
 * A live session with its account, by the digest of the cookie value, and in the same statement
 * (a browser request is identified in one round trip): the account's active memberships as the
 * two-step sign-in rule reads them, and given a workspace slug, the account's membership there
 * (`actor`, null when not an active member). Both through definer functions: no scope yet.
 */
export async function findLiveSession(q: Queryable, tokenHash: string, workspaceSlug?: string) {
  const [row] = await liveSessionStatement(
    q,
    { tokenHash, workspaceSlug: workspaceSlug || null },
    { inWorkspace: Boolean(workspaceSlug) },
  );
  if (!row) return null;
  return {
    session: row.session,
    account: row.account,
    actor: row.actor === null ? null : jsonOf<ActorRow>(row.actor),
    memberships: jsonOf<MembershipForMfa[]>(row.mfaMemberships),
  };
}

/**
 * The account's active memberships as the two-step sign-in rule reads them, through the same definer
 * function as findLiveSession's column (migration 0062): one definition of which memberships count.
 */
export function listMembershipsForMfa(q: Queryable, accountId: string): Promise<MembershipForMfa[]> {
  return selectRows<MembershipForMfa>(
    q,
    sql`select role, party_kind as "partyKind", workspace_requires_mfa as "workspaceRequiresMfa"
      from tandem_account_mfa_memberships(${accountId})`,
  );
}
