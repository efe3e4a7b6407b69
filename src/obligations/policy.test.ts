import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { testActor } from '../test/actors.ts';
import { assertCanObligation, canObligation, type ObligationAction, occurrenceAbilities } from './policy.ts';

const actor = (membershipId: string, over: Partial<WorkspaceActor> = {}) =>
  testActor({ accountId: `a-${membershipId}`, membershipId, ...over });
// The provider is Responsible for the service; the accountable person is an internal agent.
const facts = { accountableMembershipId: 'acc', responsiblePartyIds: ['provider'] };
const people = {
  lead: actor('lead', { role: 'lead' }),
  accountable: actor('acc'),
  agent: actor('agent'),
  viewer: actor('viewer', { role: 'viewer' }),
  providerLead: actor('plead', { role: 'lead', partyId: 'provider', partyKind: 'provider' }),
  engineer: actor('eng', { partyId: 'provider', partyKind: 'provider' }),
  providerViewer: actor('pv', { role: 'viewer', partyId: 'provider', partyKind: 'provider' }),
  otherProvider: actor('op', { partyId: 'other', partyKind: 'provider' }),
  requester: actor('req', { role: 'requester', partyId: null, partyKind: null }),
};
const matrix: Record<keyof typeof people, Record<ObligationAction, boolean>> = {
  lead: { view: true, manage: true, submit: false, review: true },
  accountable: { view: true, manage: false, submit: false, review: true },
  agent: { view: true, manage: false, submit: false, review: false },
  viewer: { view: true, manage: false, submit: false, review: false },
  providerLead: { view: true, manage: false, submit: true, review: false },
  engineer: { view: true, manage: false, submit: true, review: false },
  providerViewer: { view: true, manage: false, submit: false, review: false },
  otherProvider: { view: true, manage: false, submit: false, review: false },
  requester: { view: false, manage: false, submit: false, review: false },
};

describe('obligation policy', () => {
  it('answers the refusal matrix, and assert agrees with can', () => {
    for (const [who, answers] of Object.entries(matrix)) {
      const a = people[who as keyof typeof people];
      for (const [action, allowed] of Object.entries(answers)) {
        expect(canObligation(a, action as ObligationAction, facts), `${who} ${action}`).toBe(allowed);
        if (allowed) expect(() => assertCanObligation(a, action as ObligationAction, facts)).not.toThrow();
        else expect(() => assertCanObligation(a, action as ObligationAction, facts)).toThrow(/Only/);
      }
    }
  });

  it('offers submit only while open and review only once handed in', () => {
    expect(occurrenceAbilities(people.engineer, facts, { status: 'open' })).toEqual({
      submit: true,
      review: false,
    });
    expect(occurrenceAbilities(people.engineer, facts, { status: 'submitted' })).toEqual({
      submit: false,
      review: false,
    });
    expect(occurrenceAbilities(people.lead, facts, { status: 'submitted' })).toEqual({
      submit: false,
      review: true,
    });
    expect(occurrenceAbilities(people.lead, facts, { status: 'accepted' })).toEqual({
      submit: false,
      review: false,
    });
  });
});
