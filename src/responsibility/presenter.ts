import type { MapProposal, Service } from '../db/schema/responsibility.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import type { Assignment } from '../domain/raci.ts';
import type { Assignment as AssignmentOut, Proposal, Service as ServiceOut } from './contract.ts';
import { canResponsibility } from './policy.ts';

export const presentAssignment = (a: Assignment, people: Map<string, string>): AssignmentOut => ({
  serviceId: a.serviceId,
  partyId: a.partyId,
  membershipId: a.membershipId,
  personName: a.membershipId ? (people.get(a.membershipId) ?? null) : null,
  role: a.role,
});

export const presentService = (s: Service): ServiceOut => ({
  id: s.id,
  key: s.key,
  name: s.name,
  description: s.description,
  carriesBusinessDecisions: s.carriesBusinessDecisions,
  decisionTypeKeys: s.decisionTypeKeys,
  businessPriority: s.businessPriority,
  status: s.status,
  version: s.version,
  createdAt: s.createdAt,
});

export const presentProposal = (p: MapProposal): Proposal => ({
  id: p.id,
  number: p.number,
  title: p.title,
  rationale: p.rationale,
  status: p.status,
  createdAt: p.createdAt,
  decidedAt: p.decidedAt,
  decisionNote: p.decisionNote,
  proposedByMembershipId: p.proposedByMembershipId,
  priorityChanges: p.priorityChanges,
});

/** Approve, reject and withdraw as this person may use them on this proposal now. */
export function proposalAbilities(actor: WorkspaceActor, proposal: MapProposal) {
  const open = proposal.status === 'proposed';
  const decide = open && canResponsibility(actor, 'decideProposal');
  return {
    approve: decide,
    reject: decide,
    withdraw: open && canResponsibility(actor, 'withdrawProposal', proposal),
  };
}
