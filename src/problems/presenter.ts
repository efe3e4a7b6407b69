import type { Problem, RecurrenceProposal, recurrenceRuns } from '../db/schema/problems.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { proposalAsSeen } from '../domain/recurrence.ts';
import type { ProblemView, ProposalView, RecurrenceRunView } from './contract.ts';

export const problemKey = (n: number) => `PRB-${n}`;

export const presentProblem = (
  p: Problem,
  names: { ownerPartyName: string | null; serviceName: string | null } = {
    ownerPartyName: null,
    serviceName: null,
  },
): ProblemView => ({
  id: p.id,
  key: problemKey(p.number),
  number: p.number,
  title: p.title,
  description: p.description,
  status: p.status,
  service: p.serviceId ? { id: p.serviceId, name: names.serviceName } : null,
  ownerParty: { id: p.ownerPartyId, name: names.ownerPartyName },
  rootCause: p.rootCause,
  workaround: p.workaround,
  workaroundKind: p.workaroundKind,
  workaroundExpiresOn: p.workaroundExpiresOn,
  knownError: p.knownError || p.status === 'known_error',
  resolution: p.resolution,
  resolvedAt: p.resolvedAt,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
  version: p.version,
});

/** A ticket reference with the workspace's key (ACME-42). */
export const ticketRef = <T extends { number: number }>(actor: WorkspaceActor, t: T) => ({
  ...t,
  key: `${actor.ticketPrefix}-${t.number}`,
});

export const presentProposal = (
  actor: WorkspaceActor,
  row: {
    proposal: RecurrenceProposal;
    scopeName: string | null;
    tickets: Array<Omit<ProposalView['tickets'][number], 'key'>>;
  },
): ProposalView => {
  const p = row.proposal;
  // `row.tickets` are those the reader may see: someone who sees part of the group reads that part.
  const seen = proposalAsSeen({ ...p, pairs: p.evidence.pairs }, row.scopeName ?? '', row.tickets);
  return {
    id: p.id,
    title: seen.title,
    scope: { kind: p.scopeKind, id: p.scopeId, name: row.scopeName },
    averageSimilarity: seen.averageSimilarity,
    evidence: { pairs: seen.pairs },
    tickets: row.tickets.map((t) => ticketRef(actor, t)),
    status: p.status,
    problemId: p.problemId,
    dismissReason: p.dismissReason,
    createdAt: p.createdAt,
    decidedAt: p.decidedAt,
  };
};

export const presentRun = (r: typeof recurrenceRuns.$inferSelect): RecurrenceRunView => ({
  id: r.id,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  windowDays: r.windowDays,
  ticketsScanned: r.ticketsScanned,
  groupsFound: r.groupsFound,
  proposalsCreated: r.proposalsCreated,
  durationMs: r.durationMs,
});
