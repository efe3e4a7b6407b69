import { describe, expect, it } from 'vitest';
import { actorWithId as actor, expectPolicyMatrix, POLICY_PEOPLE } from '../test/actors.ts';
import { assertCanRisk, canRisk, type RiskAction, riskAbilities } from './policy.ts';

const risk = { ownerMembershipId: 'owner', status: 'open' as const };
const people = { ...POLICY_PEOPLE, owner: actor('owner') };
// Expected answers per person: view, create, addAction, edit, close.
const matrix: Record<keyof typeof people, Record<RiskAction, boolean>> = {
  lead: { view: true, create: true, addAction: true, edit: true, close: true },
  owner: { view: true, create: true, addAction: true, edit: true, close: true },
  agent: { view: true, create: true, addAction: true, edit: true, close: false },
  viewer: { view: true, create: false, addAction: false, edit: false, close: false },
  providerLead: { view: true, create: true, addAction: true, edit: false, close: false },
  engineer: { view: true, create: true, addAction: true, edit: false, close: false },
  requester: { view: false, create: false, addAction: false, edit: false, close: false },
};

describe('risk policy', () => {
  it('answers the refusal matrix, and assert agrees with can', () => {
    expectPolicyMatrix(
      matrix,
      people,
      (a, action) => canRisk(a, action, risk),
      (a, action) => assertCanRisk(a, action, risk),
      /Only/,
    );
  });

  it('offers nothing on a closed risk, and accept only to the right holder', () => {
    expect(riskAbilities(people.lead, { ...risk, status: 'closed' }, true)).toEqual({
      edit: false,
      addAction: false,
      close: false,
      accept: false,
    });
    expect(riskAbilities(people.agent, risk, false).accept).toBe(false);
    expect(riskAbilities(people.agent, risk, true).accept).toBe(true);
  });
});
