import type { MapProposal, Service } from '../db/schema/responsibility.ts';
import type { Assignment } from '../domain/raci.ts';

export const presentAssignment = (a: Assignment, people: Map<string, string>) => ({
  serviceId: a.serviceId,
  partyId: a.partyId,
  membershipId: a.membershipId,
  personName: a.membershipId ? (people.get(a.membershipId) ?? null) : null,
  role: a.role,
});

export const presentService = (s: Service) => ({
  id: s.id,
  key: s.key,
  name: s.name,
  description: s.description,
  carriesBusinessDecisions: s.carriesBusinessDecisions,
  decisionTypeKeys: s.decisionTypeKeys,
  status: s.status,
  version: s.version,
  createdAt: s.createdAt,
});

export const presentProposal = (p: MapProposal) => ({
  id: p.id,
  number: p.number,
  title: p.title,
  rationale: p.rationale,
  status: p.status,
  createdAt: p.createdAt,
  decidedAt: p.decidedAt,
  decisionNote: p.decisionNote,
  proposedByMembershipId: p.proposedByMembershipId,
});
