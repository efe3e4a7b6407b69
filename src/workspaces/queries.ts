import { and, eq, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { memberships, parties, workspaces } from '../db/schema/workspaces.ts';
import { type ActorRow, actorOfRow, type WorkspaceActor } from '../domain/actor.ts';

/**
 * The caller's active membership in the workspace with this slug, or null (which answers 404).
 * Runs before the request has a row-level-security scope, through a narrow database function.
 */
export async function findActorBySlug(
  q: Queryable,
  account: { id: string; isAdmin: boolean },
  slug: string,
): Promise<WorkspaceActor | null> {
  const result = await q.execute(sql`select * from tandem_workspace_actor(${account.id}, ${slug})`);
  const [row] = (result as unknown as { rows: ActorRow[] }).rows;
  return row ? actorOfRow(account, row) : null;
}

export async function findActorByMembershipId(
  q: Queryable,
  account: { id: string; isAdmin: boolean },
  membershipId: string,
) {
  const [row] = await q
    .select({
      membershipId: memberships.id,
      workspaceId: workspaces.id,
      workspaceSlug: workspaces.slug,
      ticketPrefix: workspaces.ticketPrefix,
      role: memberships.role,
      partyId: memberships.partyId,
      partyKind: parties.kind,
      status: memberships.status,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .leftJoin(parties, eq(parties.id, memberships.partyId))
    .where(eq(memberships.id, membershipId));
  if (row?.status !== 'active') return null;
  const { status: _status, ...actor } = row;
  return { ...actor, accountId: account.id, isAdmin: account.isAdmin, partyKind: actor.partyKind ?? null };
}

/**
 * A member of a workspace as the actor of work done in their name (a mail's sender, the lead an
 * integration raises tickets for): null when the membership or the account is not active.
 */
export async function memberActor(
  tx: Tx,
  workspaceId: string,
  membershipId: string,
): Promise<WorkspaceActor | null> {
  const [row] = await tx
    .select({
      accountId: memberships.accountId,
      accountStatus: accounts.status,
      status: memberships.status,
      role: memberships.role,
      partyId: memberships.partyId,
      partyKind: parties.kind,
      slug: workspaces.slug,
      ticketPrefix: workspaces.ticketPrefix,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .leftJoin(parties, eq(parties.id, memberships.partyId))
    .where(and(eq(memberships.id, membershipId), eq(memberships.workspaceId, workspaceId)));
  if (row?.status !== 'active' || row.accountStatus !== 'active') return null;
  return {
    accountId: row.accountId,
    isAdmin: false,
    membershipId,
    workspaceId,
    workspaceSlug: row.slug,
    ticketPrefix: row.ticketPrefix,
    role: row.role,
    partyId: row.partyId,
    partyKind: row.partyKind,
  };
}

/** A member's status and party kind, for checks that name a person (undefined: not a member here). */
export async function memberStanding(tx: Tx, workspaceId: string, membershipId: string) {
  const [m] = await tx
    .select({ status: memberships.status, kind: parties.kind })
    .from(memberships)
    .innerJoin(parties, eq(parties.id, memberships.partyId))
    .where(and(eq(memberships.id, membershipId), eq(memberships.workspaceId, workspaceId)));
  return m;
}

/** Whether the id names a party of this workspace (a foreign or unknown id does not). */
export async function isWorkspaceParty(tx: Tx, workspaceId: string, partyId: string) {
  const [party] = await tx
    .select({ id: parties.id })
    .from(parties)
    .where(and(eq(parties.id, partyId), eq(parties.workspaceId, workspaceId)));
  return party !== undefined;
}
