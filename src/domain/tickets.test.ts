import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assignment, PartyForRaci } from './raci.ts';
import {
  allowedNextStatuses,
  canMoveTo,
  isBouncing,
  isFrozenChange,
  isReopen,
  LEVELS,
  priorityOf,
  routeByMap,
  TICKET_STATUSES,
} from './tickets.ts';

describe('priority from impact × urgency', () => {
  it.each([
    ['high', 'high', 'P1'],
    ['high', 'medium', 'P2'],
    ['medium', 'high', 'P2'],
    ['high', 'low', 'P3'],
    ['medium', 'medium', 'P3'],
    ['low', 'high', 'P3'],
    ['medium', 'low', 'P4'],
    ['low', 'medium', 'P4'],
    ['low', 'low', 'P4'],
  ] as const)('%s impact, %s urgency is %s', (impact, urgency, expected) => {
    expect(priorityOf(impact, urgency)).toBe(expected);
  });

  it('never gets less urgent when impact or urgency rises', () => {
    const rank = (l: (typeof LEVELS)[number]) => LEVELS.indexOf(l);
    fc.assert(
      fc.property(
        fc.constantFrom(...LEVELS),
        fc.constantFrom(...LEVELS),
        fc.constantFrom(...LEVELS),
        (i, u, higher) => {
          if (rank(higher) <= rank(i)) expect(priorityOf(higher, u) <= priorityOf(i, u)).toBe(true);
        },
      ),
    );
  });
});

describe('lifecycle', () => {
  it('forbids going back to new, and staying put', () => {
    for (const s of TICKET_STATUSES) {
      expect(canMoveTo(s, 'new')).toBe(false);
      expect(canMoveTo(s, s)).toBe(false);
    }
  });

  it('reopens resolved and closed tickets into work, and closes only from resolved or waiting', () => {
    expect(isReopen('resolved', 'in_progress')).toBe(true);
    expect(isReopen('closed', 'in_progress')).toBe(true);
    expect(canMoveTo('in_progress', 'closed')).toBe(false);
    expect(canMoveTo('resolved', 'closed')).toBe(true);
    expect(allowedNextStatuses('closed')).toEqual(['in_progress']);
  });

  it('keeps a closed ticket as it is unless the change reopens it; a resolved one stays editable', () => {
    expect(isFrozenChange('closed', undefined)).toBe(true);
    expect(isFrozenChange('closed', 'closed')).toBe(true);
    expect(isFrozenChange('closed', 'in_progress')).toBe(false);
    expect(isFrozenChange('resolved', undefined)).toBe(false);
    expect(isFrozenChange('in_progress', 'resolved')).toBe(false);
  });

  it('flags a ticket that has been handed off three times or more', () => {
    expect(isBouncing(2)).toBe(false);
    expect(isBouncing(3)).toBe(true);
  });
});

describe('routing by the responsibility map', () => {
  const parties: PartyForRaci[] = [
    { id: 'int', name: 'Acme IT', kind: 'internal' },
    { id: 'nw', name: 'Northwind', kind: 'provider' },
  ];
  const service = { id: 's', name: 'Endpoint management' };
  const a = (partyId: string, role: Assignment['role']): Assignment => ({
    serviceId: 's',
    partyId,
    membershipId: null,
    role,
  });

  it('routes to the single Responsible party and says why', () => {
    const routing = routeByMap(service, [a('int', 'A'), a('nw', 'R'), a('int', 'I')], parties);
    expect(routing.lane).toEqual({ kind: 'party', partyId: 'nw' });
    expect(routing.reason).toBe('Routed to Northwind lane: Endpoint management, Responsible = Northwind');
    expect(routing.watcherPartyIds).toEqual(['int']);
  });

  it('sends shared responsibility to joint triage', () => {
    const routing = routeByMap(service, [a('int', 'R'), a('nw', 'R')], parties);
    expect(routing.lane).toEqual({ kind: 'joint' });
    expect(routing.reason).toContain('shared');
  });

  it('sends a service nobody is Responsible for to joint triage', () => {
    const routing = routeByMap(service, [a('int', 'A')], parties);
    expect(routing.lane).toEqual({ kind: 'joint' });
    expect(routing.reason).toContain('nobody is Responsible');
  });

  it('ignores assignments of other services', () => {
    const routing = routeByMap(
      service,
      [{ serviceId: 'other', partyId: 'nw', membershipId: null, role: 'R' }],
      parties,
    );
    expect(routing.lane).toEqual({ kind: 'joint' });
  });
});
