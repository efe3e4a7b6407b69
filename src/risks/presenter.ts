import { presentRaisedAction } from '../backlog/presenter.ts';
import type { Risk } from '../db/schema/risks.ts';
import { ceControlName, csfCategoryName } from '../defaults/governance.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { changeKey } from '../domain/changes.ts';
import { acceptanceView, heatMap, riskKey, riskLevel, riskScore } from '../domain/risks.ts';
import type { RiskDetail, RiskListResponse, RiskSummary } from './contract.ts';
import { riskAbilities } from './policy.ts';
import type { SourceView } from './service/common.ts';
import type { getRisk, listRisks } from './service/read.ts';

const person = (id: string | null, names: Map<string, string>) =>
  id ? { membershipId: id, name: names.get(id) ?? null } : null;
const rating = (likelihood: number, impact: number) => ({
  likelihood,
  impact,
  score: riskScore(likelihood, impact),
  level: riskLevel(likelihood, impact),
});
const today = (now: Date) => now.toISOString().slice(0, 10);

export function presentRiskSummary(
  risk: Risk,
  names: Map<string, string>,
  sources: Map<string, SourceView>,
  now = new Date(),
): RiskSummary {
  return {
    id: risk.id,
    key: riskKey(risk.number),
    number: risk.number,
    title: risk.title,
    category: {
      csf: risk.csfCategory ? { id: risk.csfCategory, name: csfCategoryName(risk.csfCategory) } : null,
      cyberEssentials: risk.ceControl ? { key: risk.ceControl, name: ceControlName(risk.ceControl) } : null,
      custom: risk.customCategory,
    },
    inherent: rating(risk.inherentLikelihood, risk.inherentImpact),
    residual: rating(risk.residualLikelihood, risk.residualImpact),
    treatment: risk.treatment,
    owner: person(risk.ownerMembershipId, names),
    reviewOn: risk.reviewOn,
    reviewOverdue: risk.status === 'open' && risk.reviewOn !== null && risk.reviewOn < today(now),
    status: risk.status,
    acceptance: acceptanceView(risk.acceptance, risk.acceptedUntil, now),
    acceptedUntil: risk.acceptedUntil,
    source: risk.sourceId ? (sources.get(risk.sourceId) ?? null) : null,
    updatedAt: risk.updatedAt,
    version: risk.version,
  };
}

export function presentRiskDetail(
  actor: WorkspaceActor,
  found: Awaited<ReturnType<typeof getRisk>>,
): RiskDetail {
  const { risk, names } = found;
  return {
    ...presentRiskSummary(risk, names, found.sources),
    description: risk.description,
    systems: found.systems,
    services: found.services,
    treatmentParty: found.treatmentParty,
    acceptedAt: risk.acceptedAt,
    acceptedBy: person(risk.acceptedByMembershipId, names),
    acceptanceDecision: found.decision
      ? { id: found.decision.id, key: `DEC-${found.decision.number}` }
      : null,
    actions: found.actions.map(presentRaisedAction),
    changes: found.changes.map((c) => ({
      id: c.id,
      key: changeKey(c.number),
      title: c.title,
      status: c.status,
      path: `/w/${actor.workspaceSlug}/changes/${changeKey(c.number)}`,
    })),
    createdAt: risk.createdAt,
    abilities: riskAbilities(actor, risk, found.holdsRight),
    acceptRightHolder: found.acceptHolder,
  };
}

/** The register: every listed risk, and the heat maps of the open ones before and after treatment. */
export function presentRiskList(found: Awaited<ReturnType<typeof listRisks>>): RiskListResponse {
  const open = found.rows.filter((r) => r.status === 'open');
  return {
    items: found.rows.map((r) => presentRiskSummary(r, found.names, found.sources)),
    heatMap: {
      inherent: heatMap(open.map((r) => ({ likelihood: r.inherentLikelihood, impact: r.inherentImpact }))),
      residual: heatMap(open.map((r) => ({ likelihood: r.residualLikelihood, impact: r.residualImpact }))),
    },
    abilities: { create: found.canCreate },
    acceptRightHolder: found.acceptHolder,
  };
}
