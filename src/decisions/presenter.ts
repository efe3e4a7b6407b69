import type { Decision as DecisionRow, DecisionType as DecisionTypeRow } from '../db/schema/decisions.ts';
import type { PartyKind } from '../db/schema/workspaces.ts';
import { describeDecider } from '../domain/decision-rights.ts';
import type { Decision, DecisionType } from './contract.ts';

export const presentDecisionType = (
  t: DecisionTypeRow,
  delegateName: string | null,
  partyName: string | null,
): DecisionType => ({
  id: t.id,
  key: t.key,
  name: t.name,
  description: t.description,
  proposerKinds: t.proposerKinds as PartyKind[],
  consultedKinds: t.consultedKinds as PartyKind[],
  urgency: t.urgency,
  recordWithDecision: t.recordWithDecision,
  whyInternalDecides: t.whyInternalDecides,
  decider: t.decider,
  delegateMembershipId: t.delegateMembershipId,
  delegatePartyId: t.delegatePartyId,
  deciderDescription: describeDecider(t, { delegate: delegateName, party: partyName }),
  version: t.version,
});

export const presentDecision = (d: DecisionRow, type: DecisionTypeRow): Decision => ({
  id: d.id,
  number: d.number,
  key: `DEC-${d.number}`,
  type: { key: type.key, name: type.name },
  title: d.title,
  context: d.context,
  options: d.options,
  recommendation: d.recommendation,
  links: d.links,
  serviceId: d.serviceId,
  status: d.status,
  createdAt: d.createdAt,
  decidedAt: d.decidedAt,
  rationale: d.rationale,
  version: d.version,
});
