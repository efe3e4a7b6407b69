import type { Database } from '../../db/client.ts';
import { withScopedTx } from '../../db/tenant.ts';
import type { Jobs } from '../../jobs/queue.ts';
import type { RequestMeta } from '../../server/context.ts';
import { listMyMemberships } from '../../workspaces/my-memberships.ts';
import { findActorByMembershipId } from '../../workspaces/queries.ts';
import { presentTicketSummary } from '../presenter.ts';
import { listTickets } from './read-tickets.ts';

const PRIORITY_RANK = { P1: 0, P2: 1, P3: 2, P4: 3 } as const;

/**
 * One queue across every workspace a person serves (a provider engineer's week): the open tickets
 * of their party's lane and of joint triage in each, most urgent first. Each workspace is read in its own scoped
 * transaction, so row-level security still applies workspace by workspace.
 */
export async function listQueueAcrossWorkspaces(
  db: Database,
  meta: RequestMeta,
  jobs: Jobs,
  account: { id: string; isAdmin: boolean },
  limit: number,
) {
  const memberships = (await listMyMemberships(db, account.id)).filter(
    (m) => m.partyId !== null && m.role !== 'requester',
  );
  const perWorkspace = await Promise.all(
    memberships.map(async (m) => {
      const actor = await withScopedTx(db, { workspaceId: m.workspace.id, accountId: account.id }, (tx) =>
        findActorByMembershipId(tx, account, m.id),
      );
      if (!actor) return [];
      // The party's lane and joint triage (new tickets of shared services land there), in turn.
      const lane = await listTickets(
        { db, actor, meta, jobs },
        { queue: 'lane', open: true, sort: 'priority', limit },
      );
      const joint = await listTickets(
        { db, actor, meta, jobs },
        { queue: 'joint', open: true, sort: 'priority', limit },
      );
      return [...lane.items, ...joint.items].map((r) => ({
        workspace: { slug: m.workspace.slug, name: m.workspace.name },
        ...presentTicketSummary(actor.ticketPrefix, r.ticket, r),
      }));
    }),
  );
  return perWorkspace
    .flat()
    .sort(
      (a, b) =>
        PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
        b.updatedAt.getTime() - a.updatedAt.getTime(),
    )
    .slice(0, limit);
}
