import type { EngagementProposal } from '../db/schema/engagements.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { CLAUSE_TITLES, type EngagementTerms, missingClauses } from '../domain/engagements.ts';
import type { ClauseView, EngagementDetail, EngagementSummary, ProposalView } from './contract.ts';
import { type EnforcementContext, enforcementOf } from './links.ts';
import { engagementAbilities } from './policy.ts';
import type { EngagementData, listEngagements } from './service.ts';

const person = (people: Map<string, string>, id: string | null) =>
  id ? { membershipId: id, name: people.get(id) ?? null } : null;

export function presentTerms(terms: EngagementTerms, people: Map<string, string>, links: EnforcementContext) {
  return {
    purposes: terms.purposes,
    intent: terms.intent,
    owner: person(people, terms.ownerMembershipId)!,
    reviewCadence: terms.reviewCadence,
    clauses: terms.clauses.map(
      (c): ClauseView => ({
        ...c,
        title: CLAUSE_TITLES[c.kind],
        enforcedBy: enforcementOf(c, terms.reviewCadence, links),
      }),
    ),
    missingClauses: missingClauses(terms.clauses),
  };
}

export function presentEngagementSummary(
  row: Awaited<ReturnType<typeof listEngagements>>[number],
): EngagementSummary {
  const { engagement, terms } = row;
  return {
    id: engagement.id,
    provider: { partyId: engagement.providerPartyId, name: row.providerName },
    startsOn: engagement.startsOn,
    currentVersion: engagement.currentVersion,
    purposes: terms.purposes,
    intent: terms.intent,
    owner: person(row.people, terms.ownerMembershipId)!,
    reviewCadence: terms.reviewCadence,
    openProposals: row.openProposals,
    updatedAt: engagement.updatedAt,
  };
}

export function presentProposal(
  p: EngagementProposal,
  people: Map<string, string>,
  links: EnforcementContext,
): ProposalView {
  return {
    id: p.id,
    baseVersion: p.baseVersion,
    summary: p.summary,
    status: p.status,
    proposedBy: person(people, p.proposedByMembershipId),
    decidedBy: person(people, p.decidedByMembershipId),
    decidedAt: p.decidedAt,
    decisionNote: p.decisionNote,
    resultVersion: p.resultVersion,
    createdAt: p.createdAt,
    terms: presentTerms(p.terms, people, links),
  };
}

export function presentEngagement(actor: WorkspaceActor, data: EngagementData): EngagementDetail {
  const { engagement, current, people, links } = data;
  return {
    id: engagement.id,
    provider: { partyId: engagement.providerPartyId, name: data.providerName },
    startsOn: engagement.startsOn,
    currentVersion: engagement.currentVersion,
    purposes: current.terms.purposes,
    intent: current.terms.intent,
    owner: person(people, current.terms.ownerMembershipId)!,
    reviewCadence: current.terms.reviewCadence,
    openProposals: data.proposals.filter((p) => p.status === 'open').length,
    updatedAt: engagement.updatedAt,
    terms: presentTerms(current.terms, people, links),
    versions: data.versions.map((v) => ({
      number: v.number,
      summary: v.summary,
      fromProposal: v.proposalId !== null,
      createdBy: person(people, v.createdByMembershipId),
      createdAt: v.createdAt,
    })),
    proposals: data.proposals.map((p) => presentProposal(p, people, links)),
    abilities: engagementAbilities(actor, engagement),
  };
}
