import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { memberships, type PartyKind, parties, workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { PartyRef } from './contract.ts';

/** The signed-in account's active memberships across workspaces (the switcher, `me`, the cross-workspace queue). */
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

/** A membership's party (left-joined, so every column may be null). */
export const partyRefOf = (r: {
  partyId: string | null;
  partyName: string | null;
  partyKind: PartyKind | null;
}): PartyRef | null =>
  r.partyId && r.partyName && r.partyKind ? { id: r.partyId, name: r.partyName, kind: r.partyKind } : null;
