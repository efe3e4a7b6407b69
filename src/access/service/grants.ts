import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { nextNumber } from '../../db/counters.ts';
import { type AccessGrant, accessGrants } from '../../db/schema/access.ts';
import { decisions } from '../../db/schema/decisions.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { assertCanDecision } from '../../decisions/policy.ts';
import { closeDecision, insertDecision } from '../../decisions/record.ts';
import { assertHoldsRight } from '../../decisions/types.ts';
import { formatMinutes, grantDurationProblem, grantExpiry, grantKey } from '../../domain/access.ts';
import { notify } from '../../notifications/notify.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../server/errors.ts';
import type { GrantInput } from '../contract.ts';
import { assertCanAccess } from '../policy.ts';
import { assertSystem, auditAccess, loadGrantRight, loadSettings, peopleOf, systemsOf } from './common.ts';

const TIER_WORDS = {
  standard: 'standard',
  admin: 'admin',
  global_admin: 'global admin',
  break_glass: 'break-glass',
};

export type GrantRow = { grant: AccessGrant; decisionNumber: number; decisionStatus: string };

async function grantRows(tx: Tx, workspaceId: string, number?: number) {
  return tx
    .select({ grant: accessGrants, decisionNumber: decisions.number, decisionStatus: decisions.status })
    .from(accessGrants)
    .innerJoin(decisions, eq(decisions.id, accessGrants.decisionId))
    .where(
      and(eq(accessGrants.workspaceId, workspaceId), number ? eq(accessGrants.number, number) : undefined),
    )
    .orderBy(desc(accessGrants.number))
    .limit(number ? 1 : 200);
}

async function decorate(tx: Tx, ctx: WorkspaceContext, rows: GrantRow[]) {
  const ws = ctx.actor.workspaceId;
  const ids = rows
    .flatMap((r) => [r.grant.requestedByMembershipId, r.grant.decidedByMembershipId ?? ''])
    .filter(Boolean);
  // One transaction runs one statement at a time.
  const people = await peopleOf(tx, ws, ids);
  const systems = await systemsOf(tx, ws);
  const right = await loadGrantRight(tx, ws);
  return { rows, people, systems, right };
}

export async function listGrants(ctx: WorkspaceContext) {
  assertCanAccess(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const found = await decorate(tx, ctx, await grantRows(tx, ws));
    return { ...found, settings: await loadSettings(tx, ws) };
  });
}

export async function getGrant(ctx: WorkspaceContext, number: number) {
  assertCanAccess(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => oneGrant(tx, ctx, number));
}

async function oneGrant(tx: Tx, ctx: WorkspaceContext, number: number) {
  const rows = await grantRows(tx, ctx.actor.workspaceId, number);
  if (!rows[0]) throw new NotFound(`No access grant ${grantKey(number)}.`);
  return decorate(tx, ctx, rows);
}

/**
 * Anyone on staff asks for privileged access for a limited time; the request is a proposed
 * decision of the grant-approval type, so the decision log keeps it.
 */
export async function requestGrant(ctx: WorkspaceContext, input: GrantInput) {
  assertCanAccess(ctx.actor, 'requestGrant');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const system = await assertSystem(tx, ws, input.systemId, 'body.systemId');
      const settings = await loadSettings(tx, ws);
      const problem = grantDurationProblem(input.durationMinutes, settings.maxGrantMinutes);
      if (problem) throw new Invalid(`durationMinutes ${problem}.`, 'body.durationMinutes');
      const right = await loadGrantRight(tx, ws);
      if (!right.type)
        throw new Conflict(
          'The "grant privileged access" decision type is not active in this workspace; the internal IT lead must restore it first.',
          'DECISION_TYPE_INACTIVE',
        );
      assertCanDecision(ctx.actor, 'propose', right.type);
      const number = await nextNumber(tx, ws, 'access-grant');
      const key = grantKey(number);
      const [me] = (await peopleOf(tx, ws, [ctx.actor.membershipId])).values();
      const decision = await insertDecision(tx, ctx, {
        typeId: right.type.id,
        title: `${key}: ${TIER_WORDS[input.tier]} on ${system.name} for ${formatMinutes(input.durationMinutes)} (${me?.name ?? 'someone'})`,
        context: `${input.reason}\n\nDecide it on the Access page (grant ${key}); the grant expires ${formatMinutes(input.durationMinutes)} after approval.`,
        options: [],
        recommendation: '',
        links: [{ label: key, url: `/w/${ctx.actor.workspaceSlug}/access/grants` }],
      });
      const [grant] = await tx
        .insert(accessGrants)
        .values({
          workspaceId: ws,
          number,
          systemId: input.systemId,
          tier: input.tier,
          reason: input.reason,
          durationMinutes: input.durationMinutes,
          requestedByMembershipId: ctx.actor.membershipId,
          decisionId: decision.id,
        })
        .returning();
      await auditAccess(tx, ctx, 'decision.proposed', 'decision', decision.id, undefined, decision);
      await auditAccess(tx, ctx, 'access.grant_requested', 'access_grant', grant!.id, undefined, grant);
      await notify(tx, ctx, {
        event: 'access.grant.requested',
        recipients: [{ partyKind: 'internal', roles: ['lead'] }],
        subject: `${key}: ${me?.name ?? 'Someone'} asks for ${TIER_WORDS[input.tier]} on ${system.name}`,
        body: input.reason,
        link: `/w/${ctx.actor.workspaceSlug}/access/grants`,
        dedupeKey: `access.grant.requested:${grant!.id}`,
        data: { grant: key, system: system.name, tier: input.tier, durationMinutes: input.durationMinutes },
      });
      return oneGrant(tx, ctx, number);
    },
    ctx.meta,
  );
}

async function lockGrant(tx: Tx, workspaceId: string, number: number) {
  const [grant] = await tx
    .select()
    .from(accessGrants)
    .where(and(eq(accessGrants.workspaceId, workspaceId), eq(accessGrants.number, number)))
    .for('update');
  if (!grant) throw new NotFound(`No access grant ${grantKey(number)}.`);
  return grant;
}

/**
 * The holder of the grant-approval right approves or rejects. Security: nobody approves their own
 * request, and a provider never approves access for its own party, even with a delegated right.
 */
export async function decideGrant(
  ctx: WorkspaceContext,
  number: number,
  outcome: 'approved' | 'rejected',
  rationale: string,
) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const grant = await lockGrant(tx, ws, number);
    const right = await loadGrantRight(tx, ws);
    assertHoldsRight(ctx.actor, right, 'Approving privileged access');
    if (outcome === 'approved' && grant.requestedByMembershipId === ctx.actor.membershipId)
      throw new Forbidden(
        'You asked for this access; another holder of the decision right must approve it.',
        'OWN_GRANT',
      );
    if (outcome === 'approved' && ctx.actor.partyKind === 'provider') {
      const requester = (await peopleOf(tx, ws, [grant.requestedByMembershipId])).get(
        grant.requestedByMembershipId,
      );
      if (requester?.partyId === ctx.actor.partyId)
        throw new Forbidden(
          'A provider may not approve privileged access for its own party; the internal IT lead approves it.',
          'OWN_GRANT',
        );
    }
    if (grant.status !== 'requested')
      throw new Conflict(
        `${grantKey(number)} is ${grant.status}; it can no longer be decided.`,
        'GRANT_DECIDED',
      );
    const now = new Date();
    const expiresAt = outcome === 'approved' ? grantExpiry(now, grant.durationMinutes) : null;
    const decided = await closeDecision(tx, grant.decisionId, outcome, {
      membershipId: ctx.actor.membershipId,
      at: now,
      rationale:
        rationale || (outcome === 'approved' ? 'Access approved for the time asked.' : 'Access refused.'),
    });
    if (!decided)
      throw new Conflict(`The decision behind ${grantKey(number)} was already closed.`, 'ALREADY_DECIDED');
    const [after] = await tx
      .update(accessGrants)
      .set({
        status: outcome === 'approved' ? 'active' : 'rejected',
        decidedByMembershipId: ctx.actor.membershipId,
        decidedAt: now,
        expiresAt,
        version: grant.version + 1,
      })
      .where(eq(accessGrants.id, grant.id))
      .returning();
    await auditAccess(
      tx,
      ctx,
      `decision.${outcome}`,
      'decision',
      decided.id,
      { status: 'proposed' },
      {
        status: outcome,
        rationale: decided.rationale,
        grant: grantKey(number),
      },
    );
    await auditAccess(
      tx,
      ctx,
      outcome === 'approved' ? 'access.grant_approved' : 'access.grant_rejected',
      'access_grant',
      grant.id,
      grant,
      after,
    );
    await notify(tx, ctx, {
      event: 'access.grant.decided',
      recipients: [{ membershipId: grant.requestedByMembershipId }],
      subject: `${grantKey(number)} ${outcome}${expiresAt ? ` until ${expiresAt.toISOString()}` : ''}`,
      body: decided.rationale ?? '',
      link: `/w/${ctx.actor.workspaceSlug}/access/grants`,
      dedupeKey: `access.grant.decided:${grant.id}`,
      data: { grant: grantKey(number), outcome, expiresAt: expiresAt?.toISOString() ?? null },
    });
    // Durability: the expiry timer commits with the approval. A second timer for the grant (queues
    // do not de-duplicate keys, jobs/queue.ts) finds it no longer active and does nothing.
    if (expiresAt)
      await ctx.jobs.enqueue(
        tx,
        'access.grant-expiry',
        { workspaceId: ws, grantId: grant.id, expiresAt: expiresAt.toISOString() },
        { startAfter: expiresAt, singletonKey: `access.grant-expiry:${grant.id}` },
      );
    return oneGrant(tx, ctx, number);
  });
}

export async function withdrawGrant(ctx: WorkspaceContext, number: number, rationale: string) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const grant = await lockGrant(tx, ws, number);
    assertCanAccess(ctx.actor, 'withdrawGrant', { requestedByMembershipId: grant.requestedByMembershipId });
    if (grant.status !== 'requested')
      throw new Conflict(
        `${grantKey(number)} is ${grant.status}; only a request can be withdrawn.`,
        'GRANT_DECIDED',
      );
    await closeDecision(tx, grant.decisionId, 'withdrawn', {
      membershipId: ctx.actor.membershipId,
      at: new Date(),
      rationale,
    });
    const [after] = await tx
      .update(accessGrants)
      .set({ status: 'withdrawn', version: grant.version + 1 })
      .where(eq(accessGrants.id, grant.id))
      .returning();
    await auditAccess(tx, ctx, 'decision.withdrawn', 'decision', grant.decisionId, undefined, { rationale });
    await auditAccess(tx, ctx, 'access.grant_withdrawn', 'access_grant', grant.id, grant, after);
    return oneGrant(tx, ctx, number);
  });
}

/** Active grants of these people (for offboarding's preview). */
export async function activeGrantsOf(tx: Tx, workspaceId: string, membershipIds: string[]) {
  if (membershipIds.length === 0) return [];
  return tx
    .select()
    .from(accessGrants)
    .where(
      and(
        eq(accessGrants.workspaceId, workspaceId),
        eq(accessGrants.status, 'active'),
        inArray(accessGrants.requestedByMembershipId, membershipIds),
      ),
    );
}
