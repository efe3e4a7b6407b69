import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { auditorFor } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { accessGrants } from '../db/schema/access.ts';
import { accounts } from '../db/schema/accounts.ts';
import { type DecisionStatus, decisionComments, decisions, decisionTypes } from '../db/schema/decisions.ts';
import { services } from '../db/schema/responsibility.ts';
import { memberships } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { isInternalLead, type WorkspaceActor } from '../domain/actor.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { decodeCursor, pageOf } from '../server/cursor.ts';
import { Conflict, Invalid, NotFound } from '../server/errors.ts';
import { decisionLogCsv } from './export.ts';
import { applyDecisionOutcome, type DecisionOutcome } from './outcomes.ts';
import { assertCanDecision } from './policy.ts';
import { closeDecision, insertDecision } from './record.ts';
import { selectTypes } from './types.ts';

export type ProposeDecisionInput = {
  typeKey: string;
  title: string;
  context: string;
  options: Array<{ label: string; description: string }>;
  recommendation: string;
  links: Array<{ label: string; url: string }>;
  serviceId?: string | undefined;
};

const audit = auditorFor('decision');

async function typeByKey(tx: Tx, workspaceId: string, key: string) {
  const [type] = await tx
    .select()
    .from(decisionTypes)
    .where(and(eq(decisionTypes.workspaceId, workspaceId), eq(decisionTypes.key, key)));
  if (type?.status !== 'active') throw new Invalid(`Unknown decision type "${key}".`, 'body.typeKey');
  return type;
}

export async function proposeDecision(ctx: WorkspaceContext, input: ProposeDecisionInput) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const type = await typeByKey(tx, ws, input.typeKey);
      assertCanDecision(ctx.actor, 'propose', type);
      if (input.serviceId) {
        const [service] = await tx
          .select({ id: services.id })
          .from(services)
          .where(and(eq(services.id, input.serviceId), eq(services.workspaceId, ws)));
        if (!service) throw new Invalid('serviceId names no service of this workspace.', 'body.serviceId');
      }
      const decision = await insertDecision(tx, ctx, { typeId: type.id, ...input });
      await audit(tx, ctx, 'decision.proposed', decision.id, undefined, decision);
      // The type comes back too, so the answer is presented from this same transaction.
      return { decision, type };
    },
    ctx.meta,
  );
}

export type ListDecisionsQuery = {
  status?: DecisionStatus | undefined;
  typeKey?: string | undefined;
  q?: string | undefined;
  awaitingMe?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
};

function selectDecisions(
  tx: Tx,
  actor: WorkspaceActor,
  query: Omit<ListDecisionsQuery, 'limit' | 'cursor'>,
  beforeNumber: number | undefined,
  limit: number | undefined,
) {
  // Whose turn: the internal lead decides everything; delegates and provider leads only their types.
  const awaitingMe = query.awaitingMe
    ? and(
        eq(decisions.status, 'proposed'),
        isInternalLead(actor)
          ? undefined
          : or(
              and(
                eq(decisionTypes.decider, 'internal_delegate'),
                eq(decisionTypes.delegateMembershipId, actor.membershipId),
              ),
              actor.role === 'lead' && actor.partyKind === 'provider' && actor.partyId
                ? and(
                    eq(decisionTypes.decider, 'provider_lead'),
                    eq(decisionTypes.delegatePartyId, actor.partyId),
                  )
                : sql`false`,
            ),
      )
    : undefined;
  const search = query.q
    ? sql`to_tsvector('english', ${decisions.title} || ' ' || ${decisions.context} || ' ' || coalesce(${decisions.rationale}, '')) @@ websearch_to_tsquery('english', ${query.q})`
    : undefined;
  return tx
    .select({ decision: decisions, type: decisionTypes, proposedBy: accounts.name })
    .from(decisions)
    .innerJoin(decisionTypes, eq(decisionTypes.id, decisions.typeId))
    .leftJoin(memberships, eq(memberships.id, decisions.proposedByMembershipId))
    .leftJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(
      and(
        eq(decisions.workspaceId, actor.workspaceId),
        query.status ? eq(decisions.status, query.status) : undefined,
        query.typeKey ? eq(decisionTypes.key, query.typeKey) : undefined,
        awaitingMe,
        search,
        beforeNumber !== undefined ? lt(decisions.number, beforeNumber) : undefined,
      ),
    )
    .orderBy(desc(decisions.number))
    .limit(limit ?? Number.MAX_SAFE_INTEGER);
}

/** The whole decision log for the CSV export, read in one transaction (oldest rows last). */
export async function exportDecisionLog(ctx: WorkspaceContext) {
  assertCanDecision(ctx.actor, 'view');
  const rows = await withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    selectDecisions(tx, ctx.actor, {}, undefined, undefined),
  );
  return { filename: `${ctx.actor.workspaceSlug}-decision-log.csv`, csv: decisionLogCsv(rows) };
}

/** The decision log: newest first, searchable (full text over title, context and rationale). */
export async function listDecisions(ctx: WorkspaceContext, query: ListDecisionsQuery) {
  assertCanDecision(ctx.actor, 'view');
  const after = decodeCursor(query.cursor, ['integer']);
  const rows = await withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    selectDecisions(tx, ctx.actor, query, after ? Number(after[0]) : undefined, query.limit + 1),
  );
  return pageOf(rows, query.limit, (r) => [r.decision.number]);
}

async function loadDecision(tx: Tx, workspaceId: string, number: number) {
  const [row] = await tx
    .select({ decision: decisions, type: decisionTypes })
    .from(decisions)
    .innerJoin(decisionTypes, eq(decisionTypes.id, decisions.typeId))
    .where(and(eq(decisions.workspaceId, workspaceId), eq(decisions.number, number)));
  if (!row) throw new NotFound(`No decision DEC-${number}.`);
  return row;
}

export async function getDecision(ctx: WorkspaceContext, number: number) {
  assertCanDecision(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const { decision, type } = await loadDecision(tx, ws, number);
    const comments = await tx
      .select({ comment: decisionComments, author: accounts.name })
      .from(decisionComments)
      .leftJoin(memberships, eq(memberships.id, decisionComments.authorMembershipId))
      .leftJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(eq(decisionComments.decisionId, decision.id))
      .orderBy(asc(decisionComments.createdAt));
    const ids = [decision.proposedByMembershipId, decision.decidedByMembershipId].filter(
      (x): x is string => x !== null,
    );
    const names = await tx
      .select({ id: memberships.id, name: accounts.name })
      .from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(inArray(memberships.id, ids));
    const [typeRow] = (await selectTypes(tx, ws)).filter((t) => t.type.id === type.id);
    return { decision, type, typeRow: typeRow!, comments, names: new Map(names.map((n) => [n.id, n.name])) };
  });
}

export async function commentOnDecision(ctx: WorkspaceContext, number: number, body: string) {
  assertCanDecision(ctx.actor, 'comment');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const { decision } = await loadDecision(tx, ctx.actor.workspaceId, number);
      if (decision.status !== 'proposed')
        throw new Conflict(
          `DEC-${number} is ${decision.status}; its discussion is closed.`,
          'DECISION_CLOSED',
        );
      const [comment] = await tx
        .insert(decisionComments)
        .values({
          workspaceId: ctx.actor.workspaceId,
          decisionId: decision.id,
          authorMembershipId: ctx.actor.membershipId,
          body,
        })
        .returning();
      await audit(tx, ctx, 'decision.commented', decision.id, undefined, { commentId: comment!.id, body });
      return comment!;
    },
    ctx.meta,
  );
}

/**
 * A time-bound access grant's decision is taken on the grant (src/access), which also starts its
 * expiry timer and refuses self-approval; deciding it here would leave the grant behind.
 */
async function refuseGrantDecision(tx: Tx, decisionId: string, number: number) {
  const [grant] = await tx
    .select({ number: accessGrants.number })
    .from(accessGrants)
    .where(eq(accessGrants.decisionId, decisionId));
  if (grant)
    throw new Conflict(
      `DEC-${number} decides access grant AG-${grant.number}; decide or withdraw it on the Access page.`,
      'DECIDED_ON_GRANT',
    );
}

/** Approve or reject: only the holder of the right, once (the status guard makes racing deciders lose). */
export async function decide(
  ctx: WorkspaceContext,
  number: number,
  outcome: 'approved' | 'rejected',
  rationale: string,
) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const { decision, type } = await loadDecision(tx, ws, number);
    const [typeRow] = (await selectTypes(tx, ws)).filter((t) => t.type.id === type.id);
    assertCanDecision(ctx.actor, 'decide', type, {
      delegateName: typeRow?.delegateName,
      partyName: typeRow?.partyName,
    });
    return settle(tx, ctx, { decision, type }, number, outcome, rationale);
  });
}

export async function withdrawDecision(ctx: WorkspaceContext, number: number, rationale: string) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const { decision, type } = await loadDecision(tx, ctx.actor.workspaceId, number);
    assertCanDecision(ctx.actor, 'withdraw', undefined, {
      proposedByMembershipId: decision.proposedByMembershipId,
    });
    return settle(tx, ctx, { decision, type }, number, 'withdrawn', rationale);
  });
}

/** Deciding and withdrawing alike: close it once, let its area act on the outcome, audit it. */
async function settle(
  tx: Tx,
  ctx: WorkspaceContext,
  { decision, type }: Awaited<ReturnType<typeof loadDecision>>,
  number: number,
  outcome: DecisionOutcome,
  rationale: string,
) {
  await refuseGrantDecision(tx, decision.id, number);
  const updated = await closeDecision(tx, decision.id, outcome, {
    membershipId: ctx.actor.membershipId,
    at: new Date(),
    rationale,
  });
  if (!updated) throw new Conflict(`DEC-${number} has already been ${decision.status}.`, 'ALREADY_DECIDED');
  await applyDecisionOutcome(tx, ctx, type, updated, outcome);
  await audit(
    tx,
    ctx,
    `decision.${outcome}`,
    decision.id,
    { status: decision.status },
    { status: outcome, rationale },
  );
  return { decision: updated, type };
}
