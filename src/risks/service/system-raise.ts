import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import { nextNumber } from '../../db/counters.ts';
import { type Risk, riskLinks, risks } from '../../db/schema/risks.ts';
import type { RiskSourceKind } from '../../domain/risks.ts';
import { systemMeta } from '../../server/context.ts';

export type SystemRiskInput = {
  workspaceId: string;
  title: string;
  description: string;
  csfCategory: string | null;
  ownerMembershipId: string;
  likelihood: number;
  impact: number;
  sourceKind: RiskSourceKind;
  sourceId: string;
  serviceId?: string | null;
};

/**
 * A risk raised by the system (three missed obligation occurrences in a row), inside the
 * caller's transaction; at most one open risk per source, so a repeated sweep raises nothing new.
 */
export async function raiseSystemRisk(tx: Tx, input: SystemRiskInput): Promise<Risk | null> {
  const [open] = await tx
    .select({ id: risks.id })
    .from(risks)
    .where(
      and(
        eq(risks.workspaceId, input.workspaceId),
        eq(risks.sourceKind, input.sourceKind),
        eq(risks.sourceId, input.sourceId),
        eq(risks.status, 'open'),
      ),
    )
    .for('update');
  if (open) return null;
  const [row] = await tx
    .insert(risks)
    .values({
      workspaceId: input.workspaceId,
      number: await nextNumber(tx, input.workspaceId, 'risk'),
      title: input.title,
      description: input.description,
      csfCategory: input.csfCategory,
      customCategory: input.csfCategory ? null : 'Compliance evidence',
      inherentLikelihood: input.likelihood,
      inherentImpact: input.impact,
      residualLikelihood: input.likelihood,
      residualImpact: input.impact,
      ownerMembershipId: input.ownerMembershipId,
      sourceKind: input.sourceKind,
      sourceId: input.sourceId,
    })
    .returning();
  if (input.serviceId)
    await tx.insert(riskLinks).values({
      workspaceId: input.workspaceId,
      riskId: row!.id,
      kind: 'service',
      targetId: input.serviceId,
    });
  await recordAudit(tx, systemMeta('obligations.sweep'), {
    workspaceId: input.workspaceId,
    actorAccountId: null,
    actorMembershipId: null,
    action: 'risk.created',
    entityType: 'risk',
    entityId: row!.id,
    after: row,
  });
  return row!;
}
