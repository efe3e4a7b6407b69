import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { memberships, parties, workspaces } from '../db/schema/workspaces.ts';
import type { WorkspaceActor } from '../domain/actor.ts';

/** The caller's active membership in the workspace with this slug, or null (which answers 404). */
export async function findActorBySlug(
  q: Queryable,
  account: { id: string; isAdmin: boolean },
  slug: string,
): Promise<WorkspaceActor | null> {
  const [row] = await q
    .select({
      membershipId: memberships.id,
      workspaceId: workspaces.id,
      workspaceSlug: workspaces.slug,
      ticketPrefix: workspaces.ticketPrefix,
      role: memberships.role,
      partyId: memberships.partyId,
      partyKind: parties.kind,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .leftJoin(parties, eq(parties.id, memberships.partyId))
    .where(
      and(eq(workspaces.slug, slug), eq(memberships.accountId, account.id), eq(memberships.status, 'active')),
    );
  if (!row) return null;
  return { ...row, accountId: account.id, isAdmin: account.isAdmin, partyKind: row.partyKind ?? null };
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
