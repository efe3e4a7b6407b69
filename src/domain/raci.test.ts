import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Assignment,
  applyChanges,
  assignmentKey,
  diffAssignments,
  findAssignmentProblems,
  findGaps,
  type PartyForRaci,
  RACI_ROLES,
  type ServiceForRaci,
} from './raci.ts';

const internal: PartyForRaci = { id: 'p-int', name: 'Acme IT', kind: 'internal' };
const provider: PartyForRaci = { id: 'p-prov', name: 'Northwind', kind: 'provider' };
const parties = [internal, provider];
const service = (id: string, over: Partial<ServiceForRaci> = {}): ServiceForRaci => ({
  id,
  name: `Service ${id}`,
  status: 'active',
  carriesBusinessDecisions: false,
  businessDecisionNames: [],
  ...over,
});
const a = (
  serviceId: string,
  partyId: string,
  role: Assignment['role'],
  membershipId: string | null = null,
): Assignment => ({
  serviceId,
  partyId,
  role,
  membershipId,
});

describe('findGaps', () => {
  const backups = service('backups', {
    carriesBusinessDecisions: true,
    businessDecisionNames: ['Backup retention'],
  });
  it.each([
    ['a complete service has no gap', [a('s1', 'p-int', 'A'), a('s1', 'p-prov', 'R')], [service('s1')], []],
    ['no Accountable is a gap', [a('s1', 'p-prov', 'R')], [service('s1')], ['NO_ACCOUNTABLE']],
    [
      'no Responsible is a gap',
      [a('s1', 'p-int', 'A'), a('s1', 'p-prov', 'C')],
      [service('s1')],
      ['NO_RESPONSIBLE'],
    ],
    ['an empty service has both gaps', [], [service('s1')], ['NO_ACCOUNTABLE', 'NO_RESPONSIBLE']],
    [
      'a provider Accountable for a business-decision service is a warning',
      [a('backups', 'p-prov', 'A'), a('backups', 'p-prov', 'R')],
      [backups],
      ['PROVIDER_ACCOUNTABLE_FOR_BUSINESS_DECISION'],
    ],
    [
      'a provider Accountable for an ordinary service is fine',
      [a('s1', 'p-prov', 'A'), a('s1', 'p-prov', 'R')],
      [service('s1')],
      [],
    ],
    ['a retired service is not checked', [], [service('s1', { status: 'retired' })], []],
  ])('%s', (_name, assignments, services, rules) => {
    expect(findGaps(assignments, services, parties).map((g) => g.rule)).toEqual(rules);
  });

  it('names the decision in the provider-accountable warning', () => {
    const [gap] = findGaps([a('backups', 'p-prov', 'A'), a('backups', 'p-int', 'R')], [backups], parties);
    expect(gap?.message).toContain('Backup retention');
    expect(gap?.message).toContain('Northwind');
  });
});

describe('findAssignmentProblems', () => {
  const services = [service('s1'), service('old', { status: 'retired' })];
  it.each([
    ['unknown service', [a('nope', 'p-int', 'R')], 'UNKNOWN_SERVICE'],
    ['unknown party', [a('s1', 'p-x', 'R')], 'UNKNOWN_PARTY'],
    ['retired service', [a('old', 'p-int', 'R')], 'RETIRED_SERVICE'],
    ['duplicate', [a('s1', 'p-int', 'R'), a('s1', 'p-int', 'R')], 'DUPLICATE_ASSIGNMENT'],
    ['two Accountable', [a('s1', 'p-int', 'A'), a('s1', 'p-prov', 'A')], 'TWO_ACCOUNTABLE'],
  ])('refuses %s', (_name, assignments, code) => {
    expect(findAssignmentProblems(assignments, services, parties).map((p) => p.code)).toContain(code);
  });

  it('accepts a party that is both Accountable and Responsible, and named people', () => {
    expect(
      findAssignmentProblems(
        [a('s1', 'p-int', 'A'), a('s1', 'p-int', 'R'), a('s1', 'p-prov', 'R', 'm-1')],
        services,
        parties,
      ),
    ).toEqual([]);
  });
});

const assignmentArb = fc.record({
  serviceId: fc.constantFrom('s1', 's2', 's3'),
  partyId: fc.constantFrom('p-int', 'p-prov'),
  membershipId: fc.constantFrom(null, 'm-1'),
  role: fc.constantFrom(...RACI_ROLES),
});
const uniqueAssignments = fc.uniqueArray(assignmentArb, { selector: assignmentKey, maxLength: 20 });

describe('properties', () => {
  it('applying the diff between two maps turns the first into the second', () => {
    fc.assert(
      fc.property(uniqueAssignments, uniqueAssignments, (from, to) => {
        const { added, removed } = diffAssignments(from, to);
        const changes = [
          ...removed.map((x) => ({ ...x, op: 'remove' as const })),
          ...added.map((x) => ({ ...x, op: 'add' as const })),
        ];
        const { result, conflicts } = applyChanges(from, changes);
        expect(conflicts).toEqual([]);
        expect(new Set(result.map(assignmentKey))).toEqual(new Set(to.map(assignmentKey)));
      }),
    );
  });

  it('a service has a NO_ACCOUNTABLE gap exactly when no assignment of it is Accountable', () => {
    const services = ['s1', 's2', 's3'].map((id) => service(id));
    fc.assert(
      fc.property(uniqueAssignments, (assignments) => {
        const gaps = findGaps(assignments, services, parties);
        for (const s of services) {
          const hasA = assignments.some((x) => x.serviceId === s.id && x.role === 'A');
          expect(gaps.some((g) => g.serviceId === s.id && g.rule === 'NO_ACCOUNTABLE')).toBe(!hasA);
        }
      }),
    );
  });

  it('a map never has two Accountable for a service without TWO_ACCOUNTABLE being reported', () => {
    const services = ['s1', 's2', 's3'].map((id) => service(id));
    fc.assert(
      fc.property(uniqueAssignments, (assignments) => {
        const problems = findAssignmentProblems(assignments, services, parties);
        const counts = new Map<string, number>();
        for (const x of assignments)
          if (x.role === 'A') counts.set(x.serviceId, (counts.get(x.serviceId) ?? 0) + 1);
        const expected = [...counts.values()].filter((n) => n > 1).length;
        expect(problems.filter((p) => p.code === 'TWO_ACCOUNTABLE')).toHaveLength(expected);
      }),
    );
  });

  it('adding an assignment twice or removing an absent one is a conflict', () => {
    const x = a('s1', 'p-int', 'R');
    expect(applyChanges([x], [{ ...x, op: 'add' }]).conflicts).toHaveLength(1);
    expect(applyChanges([], [{ ...x, op: 'remove' }]).conflicts).toHaveLength(1);
  });
});

describe('a change that another change overtook', () => {
  it('is phrased with names, not ids', () => {
    const a = { serviceId: 'svc-uuid-1', partyId: 'party-uuid-1', membershipId: null, role: 'R' as const };
    const names = {
      services: [
        {
          id: 'svc-uuid-1',
          name: 'Email',
          status: 'active' as const,
          carriesBusinessDecisions: false,
          businessDecisionNames: [],
        },
      ],
      parties: [{ id: 'party-uuid-1', name: 'Northwind', kind: 'provider' as const }],
    };
    const added = applyChanges([a], [{ ...a, op: 'add' }], names).conflicts[0]!;
    expect(added).toMatch(/for Northwind on Email is already in the map/);
    const twice = applyChanges(
      [],
      [
        { ...a, op: 'add' },
        { ...a, op: 'add' },
      ],
      names,
    ).conflicts[0]!;
    expect(twice).toBe('Responsible for Northwind on Email is changed twice in these changes.');
    const removed = applyChanges([], [{ ...a, op: 'remove' }], names).conflicts[0]!;
    expect(removed).toMatch(/for Northwind on Email is not in the map/);
    for (const message of [added, removed]) expect(message).not.toMatch(/uuid/);
  });
});
