import { and, asc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { type Decider, decisionTypes } from '../db/schema/decisions.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { canDecide, type DecisionRight, describeDecider } from '../domain/decision-rights.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Forbidden, Invalid, NotFound, StaleVersion } from '../server/errors.ts';
import { assertCanDecision } from './policy.ts';

/** Decision types with the names of whoever a type is delegated to. */
export async function listDecisionTypes(ctx: WorkspaceContext) {
  assertCanDecision(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) => selectTypes(tx, ctx.actor.workspaceId));
}

/** The workspace's decision types (or the one with `key`), with whoever each is delegated to. */
export async function selectTypes(tx: Tx, workspaceId: string, key?: string) {
  return tx
    .select({ type: decisionTypes, delegateName: accounts.name, partyName: parties.name })
    .from(decisionTypes)
    .leftJoin(memberships, eq(memberships.id, decisionTypes.delegateMembershipId))
    .leftJoin(accounts, eq(accounts.id, memberships.accountId))
    .leftJoin(parties, eq(parties.id, decisionTypes.delegatePartyId))
    .where(
      and(
        eq(decisionTypes.workspaceId, workspaceId),
        key === undefined ? undefined : eq(decisionTypes.key, key),
      ),
    )
    .orderBy(asc(decisionTypes.name));
}

/**
 * The decision right an area enforces (declaring a major incident, approving a change, a grant, a
 * residual risk): the workspace's active type of that key with its holder named, or `fallback` (the
 * internal lead alone) when the type is missing or retired.
 */
export async function loadDecisionRight(tx: Tx, workspaceId: string, key: string, fallback: DecisionRight) {
  const row = (await selectTypes(tx, workspaceId, key)).find((t) => t.type.status === 'active');
  const right = row?.type ?? fallback;
  return {
    right,
    type: row?.type ?? null,
    typeId: row?.type.id ?? null,
    name: right.name,
    holder: describeDecider(right, { delegate: row?.delegateName, party: row?.partyName }),
  };
}

/** Security: a 403 for an actor who does not hold the right, naming the right and its holder. */
export function assertHoldsRight(
  actor: WorkspaceActor,
  right: Pick<Awaited<ReturnType<typeof loadDecisionRight>>, 'right' | 'name' | 'holder'>,
  doing: string,
) {
  if (!canDecide(actor, right.right))
    throw new Forbidden(
      `${doing} needs the "${right.name}" decision right, held by ${right.holder}.`,
      'DECISION_RIGHT_REQUIRED',
    );
}

export type DelegationInput = {
  version: number;
  decider: Decider;
  delegateMembershipId?: string | null | undefined;
  delegatePartyId?: string | null | undefined;
  reason: string;
};

/**
 * Changes who holds a decision right. Delegating to a provider is deliberate: only the internal
 * lead does it, with a reason, and the audit log records it under its own action.
 */
export async function changeDecisionRight(ctx: WorkspaceContext, typeId: string, input: DelegationInput) {
  assertCanDecision(ctx.actor, 'manageTypes');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const [before] = await tx
      .select()
      .from(decisionTypes)
      .where(and(eq(decisionTypes.id, typeId), eq(decisionTypes.workspaceId, ws)));
    if (!before) throw new NotFound('No such decision type.');
    let delegateMembershipId: string | null = null;
    let delegatePartyId: string | null = null;
    if (input.decider === 'internal_delegate') {
      if (!input.delegateMembershipId)
        throw new Invalid('Name the internal member who decides.', 'body.delegateMembershipId');
      const [m] = await tx
        .select({
          id: memberships.id,
          status: memberships.status,
          role: memberships.role,
          kind: parties.kind,
        })
        .from(memberships)
        .innerJoin(parties, eq(parties.id, memberships.partyId))
        .where(and(eq(memberships.id, input.delegateMembershipId), eq(memberships.workspaceId, ws)));
      if (m?.kind !== 'internal' || m.status !== 'active' || m.role === 'viewer') {
        throw new Invalid(
          'The delegate must be an active internal lead or agent of this workspace.',
          'body.delegateMembershipId',
        );
      }
      delegateMembershipId = m.id;
    } else if (input.decider === 'provider_lead') {
      if (!input.delegatePartyId)
        throw new Invalid('Name the provider party whose lead decides.', 'body.delegatePartyId');
      const [p] = await tx
        .select()
        .from(parties)
        .where(and(eq(parties.id, input.delegatePartyId), eq(parties.workspaceId, ws)));
      if (p?.kind !== 'provider')
        throw new Invalid(
          'delegatePartyId must name a provider party of this workspace.',
          'body.delegatePartyId',
        );
      delegatePartyId = p.id;
    }
    const [after] = await tx
      .update(decisionTypes)
      .set({
        decider: input.decider,
        delegateMembershipId,
        delegatePartyId,
        version: sql`${decisionTypes.version} + 1`,
      })
      .where(
        and(
          eq(decisionTypes.id, typeId),
          eq(decisionTypes.workspaceId, ws),
          eq(decisionTypes.version, input.version),
        ),
      )
      .returning();
    if (!after) throw new StaleVersion('decision type', before.version);
    await recordAudit(tx, ctx.meta, {
      workspaceId: ws,
      actorAccountId: ctx.actor.accountId,
      actorMembershipId: ctx.actor.membershipId,
      action:
        input.decider === 'provider_lead'
          ? 'decision_type.delegated_to_provider'
          : 'decision_type.decider_changed',
      entityType: 'decision_type',
      entityId: typeId,
      before: {
        decider: before.decider,
        delegateMembershipId: before.delegateMembershipId,
        delegatePartyId: before.delegatePartyId,
      },
      after: { decider: after.decider, delegateMembershipId, delegatePartyId, reason: input.reason },
    });
    return after;
  });
}
