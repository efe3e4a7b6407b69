import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { testActor } from '../test/actors.ts';
import { assertCanRisk, canRisk, type RiskAction, riskAbilities } from './policy.ts';

const actor = (membershipId: string, over: Partial<WorkspaceActor> = {}) =>
  testActor({ accountId: `a-${membershipId}`, membershipId, ...over });
const risk = { ownerMembershipId: 'owner', status: 'open' as const };
const people = {
  lead: actor('lead', { role: 'lead' }),
  owner: actor('owner'),
  agent: actor('agent'),
  viewer: actor('viewer', { role: 'viewer' }),
  providerLead: actor('plead', { role: 'lead', partyId: 'provider', partyKind: 'provider' }),
  engineer: actor('eng', { partyId: 'provider', partyKind: 'provider' }),
  requester: actor('req', { role: 'requester', partyId: null, partyKind: null }),
};
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
    for (const [who, answers] of Object.entries(matrix)) {
      const a = people[who as keyof typeof people];
      for (const [action, allowed] of Object.entries(answers)) {
        expect(canRisk(a, action as RiskAction, risk), `${who} ${action}`).toBe(allowed);
        if (allowed) expect(() => assertCanRisk(a, action as RiskAction, risk)).not.toThrow();
        else expect(() => assertCanRisk(a, action as RiskAction, risk)).toThrow(/Only/);
      }
    }
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
