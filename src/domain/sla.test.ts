import { describe, expect, it } from 'vitest';
import {
  coveringRule,
  findRotaGaps,
  handOvers,
  onCallAt,
  pickPolicy,
  raisedPriority,
  thresholdMinutes,
} from './sla.ts';

const p = (
  id: string,
  priority: string,
  serviceId: string | null = null,
  catalogueItemId: string | null = null,
) => ({
  id,
  priority,
  serviceId,
  catalogueItemId,
});
const h = (n: number) => new Date(Date.UTC(2026, 11, 1) + n * 3_600_000);

describe('pickPolicy', () => {
  const policies = [p('generic', 'P2'), p('svc', 'P2', 's1'), p('item', 'P2', null, 'i1'), p('p3', 'P3')];
  it.each([
    ['the catalogue item first', { priority: 'P2', serviceId: 's1', catalogueItemId: 'i1' }, 'item'],
    ['then the service', { priority: 'P2', serviceId: 's1', catalogueItemId: 'i9' }, 'svc'],
    ['then the priority alone', { priority: 'P2', serviceId: 's2', catalogueItemId: null }, 'generic'],
    ['only for its priority', { priority: 'P3', serviceId: 's1', catalogueItemId: 'i1' }, 'p3'],
  ])('picks %s', (_name, ticket, id) => {
    expect(pickPolicy(policies, ticket)?.id).toBe(id);
  });
  it('picks nothing when no policy has the priority', () => {
    expect(pickPolicy(policies, { priority: 'P4', serviceId: 's1', catalogueItemId: null })).toBeNull();
  });
});

describe('escalation arithmetic', () => {
  it('rounds a threshold up to whole minutes and raises priority one step', () => {
    expect(thresholdMinutes(240, 75)).toBe(180);
    expect(thresholdMinutes(15, 75)).toBe(11.25);
    expect(thresholdMinutes(1, 50)).toBe(0.5);
    expect(raisedPriority('P4')).toBe('P3');
    expect(raisedPriority('P2')).toBe('P1');
    expect(raisedPriority('P1')).toBe('P1');
  });
});

describe('cover and rota', () => {
  it('matches cover rules by priority and service (empty = all)', () => {
    const rules = [
      { id: 'net', partyId: 'nw', priorities: ['P1'], serviceIds: ['network'] },
      { id: 'all', partyId: 'nw', priorities: ['P1', 'P2'], serviceIds: [] },
    ];
    expect(coveringRule(rules, { priority: 'P1', serviceId: 'network' })?.id).toBe('net');
    expect(coveringRule(rules, { priority: 'P2', serviceId: 'network' })?.id).toBe('all');
    expect(coveringRule(rules, { priority: 'P3', serviceId: 'network' })).toBeNull();
  });
  const shifts = [
    { membershipId: 'ann', startsAt: h(0), endsAt: h(9) },
    { membershipId: 'bob', startsAt: h(8), endsAt: h(16) },
    { membershipId: 'cat', startsAt: h(18), endsAt: h(24) },
  ];
  it('finds who is on call, the later shift winning an overlap', () => {
    expect(onCallAt(shifts, h(1))?.membershipId).toBe('ann');
    expect(onCallAt(shifts, h(8.5))?.membershipId).toBe('bob');
    expect(onCallAt(shifts, h(17))).toBeNull();
    expect(onCallAt(shifts, h(24))).toBeNull();
  });
  it('reports gaps in a window, not errors', () => {
    expect(findRotaGaps(shifts, h(-2), h(26))).toEqual([
      { start: h(-2), end: h(0) },
      { start: h(16), end: h(18) },
      { start: h(24), end: h(26) },
    ]);
    expect(findRotaGaps([], h(0), h(1))).toEqual([{ start: h(0), end: h(1) }]);
  });
  it('lists hand-overs with who hands over', () => {
    expect(handOvers(shifts).map((x) => [x.from, x.to])).toEqual([
      [null, 'ann'],
      ['ann', 'bob'],
      [null, 'cat'],
    ]);
  });
});
