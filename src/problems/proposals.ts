import { and, desc, eq, inArray } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { problemTickets, type RecurrenceProposal, recurrenceProposals } from '../db/schema/problems.ts';
import { services } from '../db/schema/responsibility.ts';
import { systems } from '../db/schema/systems.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { WorkaroundKind } from '../domain/problems.ts';
import { proposalAsSeen } from '../domain/recurrence.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Conflict, NotFound } from '../server/errors.ts';
import { visibleTickets } from '../tickets/queries.ts';
import { assertCanProblem } from './policy.ts';
import { insertProblem, withDefaults } from './service.ts';

/** Recurrence proposals: groups of similar tickets the job found, accepted as a problem or dismissed. */

async function proposalTickets(tx: Tx, ctx: WorkspaceContext, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      createdAt: tickets.createdAt,
    })
    .from(tickets)
    .where(
      and(
        eq(tickets.workspaceId, ctx.actor.workspaceId),
        inArray(tickets.id, ids),
        visibleTickets(ctx.actor),
      ),
    )
    .orderBy(tickets.createdAt);
}

export async function listProposals(
  ctx: WorkspaceContext,
  status: RecurrenceProposal['status'] = 'proposed',
) {
  assertCanProblem(ctx.actor, 'view');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const rows = await tx
      .select()
      .from(recurrenceProposals)
      .where(and(eq(recurrenceProposals.workspaceId, ws), eq(recurrenceProposals.status, status)))
      .orderBy(desc(recurrenceProposals.createdAt))
      .limit(100);
    const scopeNames = await scopeNameMap(tx, ws);
    // Every proposal's tickets in one read (a page holds up to 100 proposals).
    const all = await proposalTickets(tx, ctx, [...new Set(rows.flatMap((p) => p.ticketIds))]);
    return rows
      .map((p) => {
        const mine = new Set(p.ticketIds);
        return {
          proposal: p,
          scopeName: scopeNames.get(p.scopeId) ?? null,
          tickets: all.filter((t) => mine.has(t.id)),
        };
      })
      .filter((r) => r.tickets.length > 0); // a group wholly outside what the reader sees is not theirs to read
  });
}

async function scopeNameMap(tx: Tx, ws: string) {
  const s = await tx
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(eq(services.workspaceId, ws));
  const a = await tx
    .select({ id: systems.id, name: systems.name })
    .from(systems)
    .where(eq(systems.workspaceId, ws));
  return new Map([...s, ...a].map((r) => [r.id, r.name]));
}

/**
 * The open proposal and what the actor reads of it (proposalAsSeen): a group none of whose tickets
 * they may see answers 404, as the list leaves it out.
 */
async function findOpenProposal(tx: Tx, ctx: WorkspaceContext, id: string) {
  const ws = ctx.actor.workspaceId;
  const [proposal] = await tx
    .select()
    .from(recurrenceProposals)
    .where(and(eq(recurrenceProposals.workspaceId, ws), eq(recurrenceProposals.id, id)))
    .for('update');
  const visible = proposal ? await proposalTickets(tx, ctx, proposal.ticketIds) : [];
  if (!proposal || visible.length === 0) throw new NotFound('No such recurrence proposal here.');
  if (proposal.status !== 'proposed')
    throw new Conflict(`This proposal was already ${proposal.status}.`, 'PROPOSAL_DECIDED');
  const partial = visible.length < proposal.ticketIds.length;
  const scopeName = partial ? ((await scopeNameMap(tx, ws)).get(proposal.scopeId) ?? '') : '';
  return {
    proposal,
    seen: proposalAsSeen({ ...proposal, pairs: proposal.evidence.pairs }, scopeName, visible),
  };
}

export type AcceptProposalInput = {
  title?: string | undefined;
  ownerPartyId?: string | undefined;
  rootCause?: string | undefined;
  workaround?: string | undefined;
  workaroundKind?: WorkaroundKind | undefined;
  workaroundExpiresOn?: string | null | undefined;
  knownError?: boolean | undefined;
};

/** Accepting creates a problem with the group's tickets linked (those still free of a problem). */
export async function acceptProposal(ctx: WorkspaceContext, id: string, input: AcceptProposalInput) {
  assertCanProblem(ctx.actor, 'manage');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const { proposal, seen } = await findOpenProposal(tx, ctx, id);
      const taken = await tx
        .select({ ticketId: problemTickets.ticketId })
        .from(problemTickets)
        .where(inArray(problemTickets.ticketId, proposal.ticketIds));
      const takenIds = new Set(taken.map((t) => t.ticketId));
      const problem = await insertProblem(
        tx,
        ctx,
        withDefaults(ctx, {
          ...input,
          // As the reader saw it: the stored title may name a ticket they may not see.
          title: input.title ?? seen.title,
          description: `Found by recurrence detection: ${seen.ticketCount} similar ticket${seen.ticketCount === 1 ? '' : 's'} (average similarity ${seen.averageSimilarity}).`,
          serviceId: proposal.scopeKind === 'service' ? proposal.scopeId : null,
        }),
        proposal.ticketIds.filter((t) => !takenIds.has(t)),
        { proposalId: proposal.id },
      );
      await closeProposal(
        tx,
        ctx,
        proposal,
        { status: 'accepted', problemId: problem.id },
        { problemId: problem.id, number: problem.number },
      );
      return problem;
    },
    ctx.meta,
  );
}

/** Records the actor's decision on a proposal (accepted as a problem, or dismissed) and audits it. */
async function closeProposal(
  tx: Tx,
  ctx: WorkspaceContext,
  proposal: RecurrenceProposal,
  decision: { status: 'accepted'; problemId: string } | { status: 'dismissed'; dismissReason: string },
  audited: Record<string, unknown>,
) {
  await tx
    .update(recurrenceProposals)
    .set({ ...decision, decidedByMembershipId: ctx.actor.membershipId, decidedAt: new Date() })
    .where(eq(recurrenceProposals.id, proposal.id));
  await recordWorkspaceAudit(tx, ctx, {
    action: `recurrence.${decision.status}`,
    entityType: 'recurrence_proposal',
    entityId: proposal.id,
    after: audited,
  });
}

export async function dismissProposal(ctx: WorkspaceContext, id: string, reason: string) {
  assertCanProblem(ctx.actor, 'manage');
  await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const { proposal } = await findOpenProposal(tx, ctx, id);
    await closeProposal(tx, ctx, proposal, { status: 'dismissed', dismissReason: reason }, { reason });
  });
}
