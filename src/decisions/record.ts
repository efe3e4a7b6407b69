// The decision log's rows as every area writes them: a decision raised (numbered in the workspace,
// proposed by the actor), one its holder takes as they act, and one closed with its outcome.

import { and, eq, sql } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { nextNumber } from '../db/counters.ts';
import { type Decision, decisions } from '../db/schema/decisions.ts';
import type { WorkspaceContext } from '../server/context.ts';
import type { DecisionOutcome } from './outcomes.ts';

type NewDecision = Omit<typeof decisions.$inferInsert, 'workspaceId' | 'number' | 'proposedByMembershipId'>;

/** A new decision, numbered in the workspace and proposed by the actor. */
export async function insertDecision(tx: Tx, ctx: WorkspaceContext, values: NewDecision): Promise<Decision> {
  const ws = ctx.actor.workspaceId;
  const number = await nextNumber(tx, ws, 'decision');
  const [decision] = await tx
    .insert(decisions)
    .values({ workspaceId: ws, number, ...values, proposedByMembershipId: ctx.actor.membershipId })
    .returning();
  return decision!;
}

/**
 * A decision its holder takes in the act (declaring an incident, accepting a risk): logged as
 * approved by them at once and audited with what it was about. Returns its id; null when the
 * workspace has no active type for it (the act still happens, unlogged).
 */
export async function recordTakenDecision(
  tx: Tx,
  ctx: WorkspaceContext,
  right: { typeId: string | null },
  values: { title: string; context: string; rationale: string },
  at: Date,
  about: Record<string, unknown>,
) {
  if (!right.typeId) return null;
  const decision = await insertDecision(tx, ctx, {
    typeId: right.typeId,
    ...values,
    status: 'approved',
    decidedByMembershipId: ctx.actor.membershipId,
    decidedAt: at,
  });
  await recordWorkspaceAudit(tx, ctx, {
    action: 'decision.approved',
    entityType: 'decision',
    entityId: decision.id,
    after: { status: 'approved', rationale: decision.rationale, ...about },
  });
  return decision.id;
}

/**
 * Closes a proposed decision with its outcome, by whom, when and why. The status guard makes a
 * racing decider lose: undefined when the decision was no longer proposed.
 */
export async function closeDecision(
  tx: Tx,
  decisionId: string,
  outcome: DecisionOutcome,
  by: { membershipId: string; at: Date; rationale: string },
): Promise<Decision | undefined> {
  const [closed] = await tx
    .update(decisions)
    .set({
      status: outcome,
      decidedByMembershipId: by.membershipId,
      decidedAt: by.at,
      rationale: by.rationale,
      version: sql`${decisions.version} + 1`,
    })
    .where(and(eq(decisions.id, decisionId), eq(decisions.status, 'proposed')))
    .returning();
  return closed;
}
