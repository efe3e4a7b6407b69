import { and, asc, eq, inArray } from 'drizzle-orm';
import { actionsRaisedFrom } from '../../backlog/service.ts';
import { decisions } from '../../db/schema/decisions.ts';
import { services } from '../../db/schema/responsibility.ts';
import { riskLinks, risks } from '../../db/schema/risks.ts';
import { systems } from '../../db/schema/systems.ts';
import { parties } from '../../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { type RiskLevel, riskLevel } from '../../domain/risks.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { memberNames } from '../../workspaces/names.ts';
import { assertCanRisk, canRisk } from '../policy.ts';
import { holdsAcceptRight, loadAcceptRight, loadRisk, loadSources } from './common.ts';
import { treatmentChangesOf } from './treatment-changes.ts';

export type RiskFilter = { status?: ('open' | 'closed')[] | undefined; level?: RiskLevel[] | undefined };

export async function listRisks(ctx: WorkspaceContext, filter: RiskFilter) {
  assertCanRisk(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const all = await tx
      .select()
      .from(risks)
      .where(and(eq(risks.workspaceId, ws), filter.status ? inArray(risks.status, filter.status) : undefined))
      .orderBy(asc(risks.number));
    const rows = filter.level
      ? all.filter((r) => filter.level!.includes(riskLevel(r.residualLikelihood, r.residualImpact)))
      : all;
    const names = await memberNames(
      tx,
      ws,
      rows.map((r) => r.ownerMembershipId),
    );
    const sources = await loadSources(tx, ctx.actor.workspaceSlug, rows);
    const right = await loadAcceptRight(tx, ws);
    return { rows, names, sources, canCreate: canRisk(ctx.actor, 'create'), acceptHolder: right.holder };
  });
}

export async function getRisk(ctx: WorkspaceContext, number: number) {
  assertCanRisk(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const risk = await loadRisk(tx, ws, number);
    const links = await tx.select().from(riskLinks).where(eq(riskLinks.riskId, risk.id));
    const ids = (kind: 'system' | 'service') => links.filter((l) => l.kind === kind).map((l) => l.targetId);
    const systemRows = ids('system').length
      ? await tx
          .select({ id: systems.id, name: systems.name })
          .from(systems)
          .where(inArray(systems.id, ids('system')))
      : [];
    const serviceRows = ids('service').length
      ? await tx
          .select({ id: services.id, name: services.name })
          .from(services)
          .where(inArray(services.id, ids('service')))
      : [];
    const [treatmentParty] = risk.treatmentPartyId
      ? await tx
          .select({ id: parties.id, name: parties.name })
          .from(parties)
          .where(eq(parties.id, risk.treatmentPartyId))
      : [];
    const [decision] = risk.acceptanceDecisionId
      ? await tx
          .select({ id: decisions.id, number: decisions.number })
          .from(decisions)
          .where(eq(decisions.id, risk.acceptanceDecisionId))
      : [];
    const actions = await actionsRaisedFrom(tx, ws, 'risk', risk.id);
    const names = await memberNames(tx, ws, [risk.ownerMembershipId, risk.acceptedByMembershipId]);
    const sources = await loadSources(tx, ctx.actor.workspaceSlug, [risk]);
    const right = await loadAcceptRight(tx, ws);
    return {
      risk,
      systems: systemRows,
      services: serviceRows,
      treatmentParty: treatmentParty ?? null,
      decision: decision ?? null,
      actions,
      changes: await treatmentChangesOf(tx, risk.id),
      names,
      sources,
      holdsRight: holdsAcceptRight(ctx.actor, right),
      acceptHolder: right.holder,
    };
  });
}
