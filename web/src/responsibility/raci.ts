import type { PartyRef } from '../ui/api-types';
import type { Assignment, AssignmentChange, ChangeOp, Gap, GapRule, RaciRole, Service } from './api';

export const RACI_ROLES: readonly RaciRole[] = ['A', 'R', 'C', 'I'];

export const RACI_NAMES: Record<RaciRole, string> = {
  A: 'Accountable',
  R: 'Responsible',
  C: 'Consulted',
  I: 'Informed',
};

export const GAP_RULE_LABELS: Record<GapRule, string> = {
  NO_ACCOUNTABLE: 'Exactly one party must be Accountable',
  NO_RESPONSIBLE: 'At least one party must be Responsible',
  PROVIDER_ACCOUNTABLE_FOR_BUSINESS_DECISION: 'A provider should not be Accountable for business decisions',
};

/** One assignment, as the server keys it: service, party, person (or none) and role. */
export const assignmentKey = (a: Pick<Assignment, 'serviceId' | 'partyId' | 'membershipId' | 'role'>) =>
  `${a.serviceId}|${a.partyId}|${a.membershipId ?? ''}|${a.role}`;

export const cellKey = (serviceId: string, partyId: string) => `${serviceId}|${partyId}`;

/** The assignments of each cell (service × party), for rendering the matrix without searching. */
export function indexCells(assignments: Assignment[]): Map<string, Assignment[]> {
  const cells = new Map<string, Assignment[]>();
  for (const a of assignments) {
    const key = cellKey(a.serviceId, a.partyId);
    const list = cells.get(key);
    if (list) list.push(a);
    else cells.set(key, [a]);
  }
  for (const list of cells.values()) list.sort(compareAssignments);
  return cells;
}

const ROLE_ORDER: Record<RaciRole, number> = { A: 0, R: 1, C: 2, I: 3 };

export function compareAssignments(a: Assignment, b: Assignment): number {
  if (a.membershipId === null && b.membershipId !== null) return -1;
  if (a.membershipId !== null && b.membershipId === null) return 1;
  return ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.personName ?? '').localeCompare(b.personName ?? '');
}

export function indexGaps(gaps: Gap[]): Map<string, Gap[]> {
  const byService = new Map<string, Gap[]>();
  for (const gap of gaps) byService.set(gap.serviceId, [...(byService.get(gap.serviceId) ?? []), gap]);
  return byService;
}

/**
 * A change set, grouped by service so that toggling a role in one row leaves every other row's object
 * untouched (rows are memoised on it).
 */
export type ChangeSet = Readonly<Record<string, Readonly<Record<string, AssignmentChange>>>>;

export const EMPTY_CHANGES: ChangeSet = {};

export function changeCount(changes: ChangeSet): number {
  let count = 0;
  for (const row of Object.values(changes)) count += Object.keys(row).length;
  return count;
}

export function listChanges(changes: ChangeSet): AssignmentChange[] {
  return Object.values(changes).flatMap((row) => Object.values(row));
}

/**
 * Toggles one assignment: a pending change is undone; otherwise an assignment that exists is marked
 * for removal and one that does not is marked to be added.
 */
export function toggleAssignment(
  changes: ChangeSet,
  assignment: Omit<Assignment, 'personName'> & { personName?: string | null },
  exists: boolean,
): ChangeSet {
  const key = assignmentKey(assignment);
  const row = changes[assignment.serviceId] ?? {};
  const next: Record<string, AssignmentChange> = { ...row };
  if (next[key]) delete next[key];
  else {
    const op: ChangeOp = exists ? 'remove' : 'add';
    next[key] = { ...assignment, personName: assignment.personName ?? null, op };
  }
  const out: Record<string, Readonly<Record<string, AssignmentChange>>> = { ...changes };
  if (Object.keys(next).length === 0) delete out[assignment.serviceId];
  else out[assignment.serviceId] = next;
  return out;
}

/** Services that would end with more than one Accountable: the server refuses such a map. */
export function accountableClashes(
  assignments: Assignment[],
  changes: ChangeSet,
  services: Service[],
): string[] {
  const names: string[] = [];
  for (const [serviceId, row] of Object.entries(changes)) {
    const keys = new Set(
      assignments.filter((a) => a.serviceId === serviceId && a.role === 'A').map(assignmentKey),
    );
    for (const [key, change] of Object.entries(row)) {
      if (change.role !== 'A') continue;
      if (change.op === 'add') keys.add(key);
      else keys.delete(key);
    }
    if (keys.size > 1) names.push(services.find((s) => s.id === serviceId)?.name ?? 'A service');
  }
  return names;
}

/** "Northwind IT Services" or "Ed Park (Northwind IT Services)". */
export function holderName(
  a: Pick<Assignment, 'partyId' | 'personName' | 'membershipId'>,
  parties: PartyRef[],
) {
  const party = parties.find((p) => p.id === a.partyId)?.name ?? 'An unknown party';
  if (!a.membershipId) return party;
  return `${a.personName ?? 'A named person'} (${party})`;
}
