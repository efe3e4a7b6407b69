import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { testActor } from '../test/actors.ts';
import { type AccessAction, accessAbilities, assertCanAccess, canAccess } from './policy.ts';

const actor = (over: Partial<WorkspaceActor>) =>
  testActor({
    membershipId: 'm-self',
    workspaceSlug: 'acme',
    ticketPrefix: 'ACME',
    partyId: 'p-internal',
    ...over,
  });

const people = {
  internalLead: actor({ role: 'lead' }),
  internalAgent: actor({}),
  internalViewer: actor({ role: 'viewer' }),
  providerLead: actor({ role: 'lead', partyId: 'p-provider', partyKind: 'provider' }),
  providerEngineer: actor({ partyId: 'p-provider', partyKind: 'provider' }),
  requester: actor({ role: 'requester', partyId: null, partyKind: null }),
};
type Person = keyof typeof people;

/** Expected answer per action (no subject): who may. */
const MAY: Record<Exclude<AccessAction, 'withdrawGrant' | 'confirmRevocation' | 'decideLine'>, Person[]> = {
  view: ['internalLead', 'internalAgent', 'internalViewer', 'providerLead', 'providerEngineer'],
  manageAccounts: ['internalLead', 'internalAgent'],
  manageSettings: ['internalLead'],
  startReview: ['internalLead'],
  requestGrant: ['internalLead', 'internalAgent', 'providerLead', 'providerEngineer'],
};

describe('access policy', () => {
  for (const [action, allowed] of Object.entries(MAY) as [AccessAction, Person[]][])
    it(`${action}: ${allowed.join(', ')} only`, () => {
      for (const [name, who] of Object.entries(people) as [Person, WorkspaceActor][])
        expect(canAccess(who, action), name).toBe(allowed.includes(name));
    });

  it('withdrawing: the requester or the internal lead', () => {
    const subject = { requestedByMembershipId: 'm-other' };
    expect(canAccess(people.internalLead, 'withdrawGrant', subject)).toBe(true);
    expect(canAccess(people.providerLead, 'withdrawGrant', subject)).toBe(false);
    expect(
      canAccess(actor({ membershipId: 'm-other', partyKind: 'provider' }), 'withdrawGrant', subject),
    ).toBe(true);
  });

  it('confirming a revocation: staff of the responsible party (not viewers) or the internal lead', () => {
    const subject = { responsiblePartyId: 'p-provider' };
    expect(canAccess(people.providerEngineer, 'confirmRevocation', subject)).toBe(true);
    expect(canAccess(people.internalAgent, 'confirmRevocation', subject)).toBe(false);
    expect(canAccess(people.internalLead, 'confirmRevocation', subject)).toBe(true);
    expect(
      canAccess(
        actor({ role: 'viewer', partyId: 'p-provider', partyKind: 'provider' }),
        'confirmRevocation',
        subject,
      ),
    ).toBe(false);
  });

  it('deciding a review line: its reviewer only, not even the internal lead; the refusal says who', () => {
    const subject = { reviewerMembershipId: 'm-ian' };
    expect(canAccess(actor({ membershipId: 'm-ian' }), 'decideLine', subject)).toBe(true);
    expect(canAccess(people.internalLead, 'decideLine', subject)).toBe(false);
    expect(() =>
      assertCanAccess(people.internalLead, 'decideLine', subject, 'Its reviewer is Ian Cole.'),
    ).toThrow(/Only the line's reviewer may decide it\. Its reviewer is Ian Cole\./);
  });

  it('abilities follow the same rules', () => {
    expect(accessAbilities(people.providerEngineer)).toEqual({
      manageAccounts: false,
      manageSettings: false,
      requestGrant: true,
      startReview: false,
    });
  });
});
