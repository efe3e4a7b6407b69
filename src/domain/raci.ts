/** Responsibility map rules: pure functions over services, parties and RACI assignments. */

export const RACI_ROLES = ['A', 'R', 'C', 'I'] as const;
export type RaciRole = (typeof RACI_ROLES)[number];

export const RACI_ROLE_NAMES: Record<RaciRole, string> = {
  A: 'Accountable',
  R: 'Responsible',
  C: 'Consulted',
  I: 'Informed',
};

export type Assignment = { serviceId: string; partyId: string; membershipId: string | null; role: RaciRole };
export type ServiceForRaci = {
  id: string;
  name: string;
  status: 'active' | 'retired';
  carriesBusinessDecisions: boolean;
  businessDecisionNames: string[];
};
export type PartyForRaci = { id: string; name: string; kind: 'internal' | 'provider' };

export const assignmentKey = (a: Assignment) =>
  `${a.serviceId}|${a.partyId}|${a.membershipId ?? ''}|${a.role}`;

export type AssignmentProblem = {
  code: 'UNKNOWN_SERVICE' | 'UNKNOWN_PARTY' | 'RETIRED_SERVICE' | 'DUPLICATE_ASSIGNMENT' | 'TWO_ACCOUNTABLE';
  message: string;
  index?: number;
};

/**
 * Hard problems that make a map invalid (refused with 400): references to nothing, the same
 * assignment twice, or more than one Accountable for a service.
 */
export function findAssignmentProblems(
  assignments: Assignment[],
  services: ServiceForRaci[],
  parties: PartyForRaci[],
): AssignmentProblem[] {
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const partyIds = new Set(parties.map((p) => p.id));
  const seen = new Set<string>();
  const accountable = new Map<string, number>();
  const problems: AssignmentProblem[] = [];
  assignments.forEach((a, index) => {
    const service = serviceById.get(a.serviceId);
    if (!service)
      problems.push({
        code: 'UNKNOWN_SERVICE',
        message: `No service ${a.serviceId} in this workspace.`,
        index,
      });
    else if (service.status === 'retired') {
      problems.push({
        code: 'RETIRED_SERVICE',
        message: `"${service.name}" is retired; its responsibilities cannot change.`,
        index,
      });
    }
    if (!partyIds.has(a.partyId))
      problems.push({ code: 'UNKNOWN_PARTY', message: `No party ${a.partyId} in this workspace.`, index });
    const key = assignmentKey(a);
    if (seen.has(key)) {
      problems.push({
        code: 'DUPLICATE_ASSIGNMENT',
        message: `The same ${RACI_ROLE_NAMES[a.role]} assignment appears twice.`,
        index,
      });
    }
    seen.add(key);
    if (a.role === 'A') accountable.set(a.serviceId, (accountable.get(a.serviceId) ?? 0) + 1);
  });
  for (const [serviceId, count] of accountable) {
    if (count > 1) {
      const name = serviceById.get(serviceId)?.name ?? serviceId;
      problems.push({
        code: 'TWO_ACCOUNTABLE',
        message: `"${name}" would have ${count} Accountable assignments; exactly one may be.`,
      });
    }
  }
  return problems;
}

export type GapRule = 'NO_ACCOUNTABLE' | 'NO_RESPONSIBLE' | 'PROVIDER_ACCOUNTABLE_FOR_BUSINESS_DECISION';
export type Gap = {
  serviceId: string;
  serviceName: string;
  rule: GapRule;
  severity: 'gap' | 'warning';
  message: string;
};

/** What is missing or risky in a map, per active service, with the rule broken. */
export function findGaps(
  assignments: Assignment[],
  services: ServiceForRaci[],
  parties: PartyForRaci[],
): Gap[] {
  const partyById = new Map(parties.map((p) => [p.id, p]));
  const byService = new Map<string, Assignment[]>();
  for (const a of assignments) byService.set(a.serviceId, [...(byService.get(a.serviceId) ?? []), a]);
  const gaps: Gap[] = [];
  for (const service of services) {
    if (service.status !== 'active') continue;
    const rows = byService.get(service.id) ?? [];
    const base = { serviceId: service.id, serviceName: service.name };
    const accountable = rows.filter((a) => a.role === 'A');
    if (accountable.length === 0) {
      gaps.push({
        ...base,
        rule: 'NO_ACCOUNTABLE',
        severity: 'gap',
        message: `Nobody is Accountable for "${service.name}".`,
      });
    }
    if (!rows.some((a) => a.role === 'R')) {
      gaps.push({
        ...base,
        rule: 'NO_RESPONSIBLE',
        severity: 'gap',
        message: `Nobody is Responsible for "${service.name}".`,
      });
    }
    const providerAccountable = accountable
      .map((a) => partyById.get(a.partyId))
      .find((p) => p?.kind === 'provider');
    if (providerAccountable && service.carriesBusinessDecisions) {
      const decisions =
        service.businessDecisionNames.length > 0
          ? service.businessDecisionNames.join('; ')
          : 'business decisions';
      gaps.push({
        ...base,
        rule: 'PROVIDER_ACCOUNTABLE_FOR_BUSINESS_DECISION',
        severity: 'warning',
        message: `${providerAccountable.name} (provider) is Accountable for "${service.name}", which carries business decisions: ${decisions}.`,
      });
    }
  }
  return gaps;
}

export type AssignmentChange = Assignment & { op: 'add' | 'remove' };

/**
 * Applies a change set; removing an absent assignment or adding a present one is a conflict,
 * phrased with the service's and party's names when `names` knows them (never their ids).
 */
export function applyChanges(
  current: Assignment[],
  changes: AssignmentChange[],
  names: { services?: ServiceForRaci[]; parties?: PartyForRaci[] } = {},
): { result: Assignment[]; conflicts: string[] } {
  const where = (a: Assignment) => {
    const party = names.parties?.find((p) => p.id === a.partyId)?.name ?? 'the party';
    const service = names.services?.find((s) => s.id === a.serviceId)?.name ?? 'the service';
    return `for ${party} on ${service}`;
  };
  const byKey = new Map(current.map((a) => [assignmentKey(a), a]));
  const touched = new Set<string>();
  const conflicts: string[] = [];
  for (const change of changes) {
    const { op, ...assignment } = change;
    const key = assignmentKey(assignment);
    const role = RACI_ROLE_NAMES[assignment.role];
    const repeated = touched.has(key);
    if (repeated) conflicts.push(`${role} ${where(assignment)} is changed twice in these changes.`);
    touched.add(key);
    if (op === 'add') {
      if (byKey.has(key) && !repeated)
        conflicts.push(
          `${role} ${where(assignment)} is already in the map (another change may have made it already).`,
        );
      byKey.set(key, assignment);
    } else {
      if (!byKey.has(key) && !repeated)
        conflicts.push(
          `${role} ${where(assignment)} is not in the map, so it cannot be removed (another change may have taken it out already).`,
        );
      byKey.delete(key);
    }
  }
  return { result: [...byKey.values()], conflicts };
}

/** Assignments present in `to` and not in `from` (added), and the reverse (removed). */
export function diffAssignments(from: Assignment[], to: Assignment[]) {
  const fromKeys = new Set(from.map(assignmentKey));
  const toKeys = new Set(to.map(assignmentKey));
  return {
    added: to.filter((a) => !fromKeys.has(assignmentKey(a))),
    removed: from.filter((a) => !toKeys.has(assignmentKey(a))),
  };
}
