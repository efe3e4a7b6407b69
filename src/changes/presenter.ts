import type { ChangeFeedToken, ChangeFreeze, ChangeTemplate } from '../db/schema/changes.ts';
import type { Decision } from '../db/schema/decisions.ts';
import { isInternalLead, type WorkspaceActor } from '../domain/actor.ts';
import { changeKey, needsReview, riskLevel, templateKey } from '../domain/changes.ts';
import { backlogKey } from '../domain/incidents.ts';
import { riskKey } from '../domain/risks.ts';
import type { ChangeDetail, ChangeSummary, FeedView, FreezeView, TemplateView } from './contract.ts';
import { changeAbilities } from './policy.ts';
import type { CalendarChange, ChangeDetailData, PartyNames } from './service/read.ts';

export function presentChangeSummary(change: CalendarChange, parties: PartyNames): ChangeSummary {
  return {
    id: change.id,
    key: changeKey(change.number),
    number: change.number,
    type: change.type,
    status: change.status,
    title: change.title,
    riskLevel: riskLevel(change.likelihood, change.impact),
    likelihood: change.likelihood,
    impact: change.impact,
    implementingParty: change.implementingPartyId ? (parties.get(change.implementingPartyId) ?? null) : null,
    plannedStart: change.plannedStart,
    plannedEnd: change.plannedEnd,
    timezone: change.timezone,
    outcome: change.outcome,
    updatedAt: change.updatedAt,
  };
}

export function presentChangeDetail(actor: WorkspaceActor, d: ChangeDetailData): ChangeDetail {
  const c = d.change;
  const name = (id: string | null) => (id ? (d.names.get(id) ?? null) : null);
  return {
    ...presentChangeSummary(c, d.parties),
    description: c.description,
    template: d.template
      ? { id: d.template.id, key: templateKey(d.template.number), title: d.template.title }
      : null,
    implementingPartyOverridden: c.implementingPartyOverridden,
    suggestedImplementingParty: d.suggestedPartyId ? (d.parties.get(d.suggestedPartyId) ?? null) : null,
    implementationPlan: c.implementationPlan,
    testPlan: c.testPlan,
    backoutPlan: c.backoutPlan,
    userImpact: c.userImpact,
    downtimeMinutes: c.downtimeMinutes,
    emergencyReason: c.emergencyReason,
    links: {
      services: d.links.services.map((s) => ({ id: s.id, key: null, title: s.name })),
      systems: d.links.systems.map((s) => ({
        id: s.id,
        key: null,
        title: s.name,
        criticality: s.criticality,
      })),
      tickets: d.links.tickets.map((t) => ({
        id: t.id,
        key: `${actor.ticketPrefix}-${t.number}`,
        title: t.subject,
      })),
      problems: d.links.problems.map((p) => ({ id: p.id, key: `PRB-${p.number}`, title: p.title })),
      incidents: d.links.incidents.map((i) => ({ id: i.id, key: `MI-${i.number}`, title: i.title })),
    },
    decision: d.decision ? presentDecisionRef(d.decision, d.right.holder) : null,
    decisionRight: { name: d.right.name, holder: d.right.holder },
    createdBy: name(c.createdByMembershipId),
    submittedBy: name(c.submittedByMembershipId),
    submittedAt: c.submittedAt,
    rejectionReason: c.rejectionReason,
    approvedAt: c.approvedAt,
    startedAt: c.startedAt,
    completedAt: c.completedAt,
    completionNote: c.completionNote,
    review: { summary: c.reviewSummary, lessons: c.reviewLessons, required: needsReview(c) },
    reviewActions: d.actions.map((a) => ({
      id: a.item.id,
      key: backlogKey(a.item.number),
      title: a.item.title,
      status: a.item.status,
      ownerPartyName: a.ownerName,
    })),
    closedAt: c.closedAt,
    treatsRisks: d.treats.map((r) => ({
      id: r.id,
      key: riskKey(r.number),
      title: r.title,
      status: r.status,
      path: `/w/${actor.workspaceSlug}/risks/${riskKey(r.number)}`,
    })),
    conflicts: d.conflicts.map((x) => ({
      change: {
        id: x.other.id,
        key: changeKey(x.other.number),
        title: x.other.title,
        status: x.other.status,
      },
      system: { id: x.systemId, name: x.systemName },
      otherSystem: { id: x.otherSystemId, name: x.otherSystemName },
      reason: x.reason,
      plannedStart: x.other.plannedStart,
      plannedEnd: x.other.plannedEnd,
    })),
    freeze: d.freeze
      ? { id: d.freeze.freeze.id, title: d.freeze.freeze.title, overridden: d.freeze.overridden }
      : null,
    watchers: d.watchers.map((w) => ({
      membershipId: w.membershipId,
      name: name(w.membershipId) ?? 'former member',
    })),
    watching: d.watchers.some((w) => w.membershipId === actor.membershipId),
    events: d.events.map((e) => ({
      kind: e.kind,
      actor: name(e.actorMembershipId),
      detail: e.detail,
      at: e.at,
    })),
    createdAt: c.createdAt,
    version: c.version,
    abilities: changeAbilities(actor, c, d.canDecide),
  };
}

const presentDecisionRef = (d: Decision, holder: string) => ({
  number: d.number,
  key: `DEC-${d.number}`,
  status: d.status,
  holder,
  rationale: d.rationale,
});

export const presentFreeze = (
  f: Pick<ChangeFreeze, 'id' | 'title' | 'startsAt' | 'endsAt' | 'reason' | 'createdAt'>,
): FreezeView => ({
  id: f.id,
  title: f.title,
  startsAt: f.startsAt,
  endsAt: f.endsAt,
  reason: f.reason,
  createdAt: f.createdAt,
});

export const presentTemplate = (t: ChangeTemplate, decision: Decision | null): TemplateView => ({
  id: t.id,
  key: templateKey(t.number),
  title: t.title,
  description: t.description,
  implementationPlan: t.implementationPlan,
  testPlan: t.testPlan,
  backoutPlan: t.backoutPlan,
  likelihood: t.likelihood,
  impact: t.impact,
  riskLevel: riskLevel(t.likelihood, t.impact),
  status: t.status,
  decision: decision
    ? { number: decision.number, key: `DEC-${decision.number}`, status: decision.status }
    : null,
  createdAt: t.createdAt,
});

export function presentFeed(
  actor: WorkspaceActor,
  f: ChangeFeedToken,
  owner: string | null,
  url?: string,
): FeedView {
  return {
    id: f.id,
    scope: f.membershipId ? 'personal' : 'workspace',
    label: f.label,
    owner,
    createdAt: f.createdAt,
    revokedAt: f.revokedAt,
    ...(url !== undefined && { url }),
    canRevoke: f.membershipId ? f.membershipId === actor.membershipId : isInternalLead(actor),
  };
}
