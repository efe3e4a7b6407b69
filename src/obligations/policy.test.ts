import { describe, expect, it } from 'vitest';
import { actorWithId as actor, expectPolicyMatrix, POLICY_PEOPLE } from '../test/actors.ts';
import { assertCanObligation, canObligation, type ObligationAction, occurrenceAbilities } from './policy.ts';

// The provider is Responsible for the service; the accountable person is an internal agent.
const facts = { accountableMembershipId: 'acc', responsiblePartyIds: ['provider'] };
const people = {
  ...POLICY_PEOPLE,
  accountable: actor('acc'),
  providerViewer: actor('pv', { role: 'viewer', partyId: 'provider', partyKind: 'provider' }),
  otherProvider: actor('op', { partyId: 'other', partyKind: 'provider' }),
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
    expectPolicyMatrix(
      matrix,
      people,
      (a, action) => canObligation(a, action, facts),
      (a, action) => assertCanObligation(a, action, facts),
      /Only/,
    );
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
