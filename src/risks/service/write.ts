import { and, eq, sql } from 'drizzle-orm';
import { insertBacklogItem } from '../../backlog/service.ts';
import { nextNumber } from '../../db/counters.ts';
import { risks } from '../../db/schema/risks.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { recordTakenDecision } from '../../decisions/record.ts';
import { assertHoldsRight } from '../../decisions/types.ts';
import { acceptanceExpiryProblem, residualProblem, riskKey, riskLevel } from '../../domain/risks.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, Invalid, StaleVersion } from '../../server/errors.ts';
import type { CreateRiskBody, UpdateRiskBody } from '../contract.ts';
import { assertCanRisk } from '../policy.ts';
import {
  auditRisk,
  checkCategory,
  checkOwner,
  checkParty,
  loadAcceptRight,
  loadRisk,
  resolveSource,
  setLinks,
} from './common.ts';

function checkScores(r: {
  inherentLikelihood: number;
  inherentImpact: number;
  residualLikelihood: number;
  residualImpact: number;
}) {
  const problem = residualProblem(
    { likelihood: r.inherentLikelihood, impact: r.inherentImpact },
    { likelihood: r.residualLikelihood, impact: r.residualImpact },
  );
  if (problem) throw new Invalid(problem, 'body.residualLikelihood');
}

/** Raises a risk; a risk raised from a problem, incident or obligation keeps the link. */
export async function createRisk(ctx: WorkspaceContext, input: CreateRiskBody) {
  assertCanRisk(ctx.actor, 'create');
  checkCategory(input, 'body');
  checkScores(input);
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      await checkOwner(tx, ws, input.ownerMembershipId, 'body.ownerMembershipId');
      if (input.treatmentPartyId) await checkParty(tx, ws, input.treatmentPartyId, 'body.treatmentPartyId');
      const sourceId = input.source ? await resolveSource(tx, ws, input.source.kind, input.source.key) : null;
      const number = await nextNumber(tx, ws, 'risk');
      const [row] = await tx
        .insert(risks)
        .values({
          workspaceId: ws,
          number,
          title: input.title,
          description: input.description,
          csfCategory: input.csfCategory ?? null,
          ceControl: input.ceControl ?? null,
          customCategory: input.customCategory ?? null,
          inherentLikelihood: input.inherentLikelihood,
          inherentImpact: input.inherentImpact,
          residualLikelihood: input.residualLikelihood,
          residualImpact: input.residualImpact,
          treatment: input.treatment,
          treatmentPartyId: input.treatmentPartyId ?? null,
          ownerMembershipId: input.ownerMembershipId,
          reviewOn: input.reviewOn ?? null,
          sourceKind: input.source?.kind ?? null,
          sourceId,
          createdByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      const risk = row!;
      await setLinks(tx, ws, risk.id, input);
      await auditRisk(tx, ctx, 'risk.created', risk.id, undefined, {
        ...risk,
        systemIds: input.systemIds,
        serviceIds: input.serviceIds,
      });
      return risk;
    },
    ctx.meta,
  );
}

export async function updateRisk(ctx: WorkspaceContext, number: number, input: UpdateRiskBody) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const before = await loadRisk(tx, ws, number);
    assertCanRisk(
      ctx.actor,
      input.status === 'closed' && before.status === 'open' ? 'close' : 'edit',
      before,
    );
    if (before.version !== input.version) throw new StaleVersion('risk', before.version);
    const { version: _v, systemIds, serviceIds, ...fields } = input;
    const next = {
      ...before,
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    };
    if (
      input.csfCategory !== undefined ||
      input.ceControl !== undefined ||
      input.customCategory !== undefined
    )
      checkCategory(next, 'body');
    checkScores(next);
    if (input.ownerMembershipId) await checkOwner(tx, ws, input.ownerMembershipId, 'body.ownerMembershipId');
    if (input.treatmentPartyId) await checkParty(tx, ws, input.treatmentPartyId, 'body.treatmentPartyId');
    // Accepting is a decision: the treatment becomes "accept" only through the accept route.
    if (input.treatment === 'accept' && before.acceptance !== 'accepted')
      throw new Invalid(
        'a residual risk is accepted through POST …/accept, a decision of its right holder',
        'body.treatment',
      );
    const [after] = await tx
      .update(risks)
      .set({ ...fields, updatedAt: new Date(), version: sql`${risks.version} + 1` })
      .where(and(eq(risks.id, before.id), eq(risks.version, input.version)))
      .returning();
    if (!after) throw new StaleVersion('risk');
    await setLinks(tx, ws, before.id, { systemIds, serviceIds });
    await auditRisk(
      tx,
      ctx,
      input.status === 'closed' ? 'risk.closed' : 'risk.updated',
      before.id,
      before,
      after,
    );
    return after;
  });
}

export type AcceptRiskInput = { version: number; expiresAt: string; rationale: string };

/**
 * Accepts the residual risk until an expiry: a decision of the "accept residual risk" type, taken
 * by its holder and kept in the decision log. The expiry is a durable timer committed with it.
 */
export async function acceptRisk(ctx: WorkspaceContext, number: number, input: AcceptRiskInput) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const right = await loadAcceptRight(tx, ws);
    // Security: the decision right is checked before anything about the risk is revealed.
    assertHoldsRight(ctx.actor, right, 'Accepting a residual risk');
    const before = await loadRisk(tx, ws, number);
    if (before.version !== input.version) throw new StaleVersion('risk', before.version);
    if (before.status !== 'open') throw new Conflict('The risk is closed.', 'RISK_CLOSED');
    const now = new Date();
    const expiresAt = new Date(input.expiresAt);
    const problem = acceptanceExpiryProblem(expiresAt, now);
    if (problem) throw new Invalid(problem, 'body.expiresAt');
    const key = riskKey(before.number);
    const decisionId = await recordTakenDecision(
      tx,
      ctx,
      right,
      {
        title: `Accept residual risk ${key}: ${before.title}`,
        context: `Residual risk ${riskLevel(before.residualLikelihood, before.residualImpact)} (likelihood ${before.residualLikelihood} × impact ${before.residualImpact}), accepted until ${expiresAt.toISOString()}.`,
        rationale: input.rationale,
      },
      now,
      { risk: key },
    );
    const [after] = await tx
      .update(risks)
      .set({
        treatment: 'accept',
        acceptance: 'accepted',
        acceptanceDecisionId: decisionId,
        acceptedUntil: expiresAt,
        acceptedAt: now,
        acceptedByMembershipId: ctx.actor.membershipId,
        updatedAt: now,
        version: sql`${risks.version} + 1`,
      })
      .where(eq(risks.id, before.id))
      .returning();
    await auditRisk(tx, ctx, 'risk.accepted', before.id, before, after);
    // A durable timer committed with the acceptance; its handler lapses the acceptance only while it
    // is still this one, so a repeated or late timer changes nothing.
    await ctx.jobs.enqueue(
      tx,
      'risks.acceptance-expiry',
      { workspaceId: ws, riskId: before.id, expiresAt: expiresAt.toISOString() },
      { startAfter: expiresAt, singletonKey: `risk-acceptance:${before.id}:${expiresAt.toISOString()}` },
    );
    return after!;
  });
}

export type RiskActionInput = {
  title: string;
  why: string;
  ownerPartyId: string;
  priority: 'high' | 'medium' | 'low';
};

/** A treatment action: an improvement backlog item that remembers its risk. */
export async function addRiskAction(ctx: WorkspaceContext, number: number, input: RiskActionInput) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const risk = await loadRisk(tx, ctx.actor.workspaceId, number);
      assertCanRisk(ctx.actor, 'addAction', risk);
      if (risk.status !== 'open') throw new Conflict('The risk is closed.', 'RISK_CLOSED');
      const item = await insertBacklogItem(tx, ctx, {
        ...input,
        targetQuarter: null,
        source: 'risk',
        sourceId: risk.id,
        sourceLabel: `${riskKey(risk.number)} ${risk.title}`,
      });
      await auditRisk(tx, ctx, 'risk.action_added', risk.id, undefined, { backlogItemId: item.id });
      return item;
    },
    ctx.meta,
  );
}
