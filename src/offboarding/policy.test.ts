import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { testActor } from '../test/actors.ts';
import { canOffboarding } from './policy.ts';

const actor = (over: Partial<WorkspaceActor>) => testActor({ membershipId: 'me', ...over });
const target = (partyKind: 'internal' | 'provider', role: WorkspaceActor['role']) => ({
  membershipId: 'them',
  partyId: partyKind,
  partyKind,
  role,
});
const providerLead = actor({ role: 'lead', partyId: 'provider', partyKind: 'provider' });

describe('offboarding rights: person × target', () => {
  it.each([
    ['internal lead → provider engineer', actor({ role: 'lead' }), target('provider', 'agent'), true],
    ['internal lead → provider lead', actor({ role: 'lead' }), target('provider', 'lead'), true],
    ['internal lead → internal agent', actor({ role: 'lead' }), target('internal', 'agent'), true],
    ['provider lead → own engineer', providerLead, target('provider', 'agent'), true],
    ['provider lead → another provider lead', providerLead, target('provider', 'lead'), false],
    ['provider lead → internal agent', providerLead, target('internal', 'agent'), false],
    ['internal agent → provider engineer', actor({}), target('provider', 'agent'), false],
    [
      'provider engineer → provider engineer',
      actor({ partyId: 'provider', partyKind: 'provider' }),
      target('provider', 'agent'),
      false,
    ],
  ] as const)('%s: %s', (_name, who, whom, expected) => {
    expect(canOffboarding(who, 'offboard', whom)).toBe(expected);
  });

  it('never oneself (the service answers 400 before asking)', () => {
    expect(
      canOffboarding(actor({ role: 'lead' }), 'offboard', {
        ...target('internal', 'lead'),
        membershipId: 'me',
      }),
    ).toBe(false);
  });

  it('records and tasks: the internal lead, or a provider lead for its own party', () => {
    expect(canOffboarding(actor({ role: 'lead' }), 'completeTask', target('provider', 'agent'))).toBe(true);
    expect(canOffboarding(providerLead, 'completeTask', target('provider', 'agent'))).toBe(true);
    expect(canOffboarding(providerLead, 'completeTask', target('internal', 'agent'))).toBe(false);
    expect(canOffboarding(actor({}), 'view')).toBe(false);
  });
});
