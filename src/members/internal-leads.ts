import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';

/**
 * The active leads of a workspace's internal party (their membership ids): who can always
 * administer it. A query to finish: callers order it, limit it or lock the rows.
 */
export const activeInternalLeads = (tx: Tx, workspaceId: string) =>
  tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(parties, eq(parties.id, memberships.partyId))
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        eq(parties.kind, 'internal'),
        eq(memberships.role, 'lead'),
        eq(memberships.status, 'active'),
      ),
    )
    .$dynamic();
