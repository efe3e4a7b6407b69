import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { assertCanChange, type ChangeAction, canChange, changeAbilities } from './policy.ts';

const actor = (role: WorkspaceActor['role'], party: 'internal' | 'provider' | null): WorkspaceActor => ({
  accountId: `a-${role}-${party}`,
  isAdmin: false,
  membershipId: `m-${role}-${party}`,
  workspaceId: 'w',
  workspaceSlug: 'w',
  ticketPrefix: 'W',
  role,
  partyId: party,
  partyKind: party,
});

const people = {
  internalLead: actor('lead', 'internal'),
  internalAgent: actor('agent', 'internal'),
  internalViewer: actor('viewer', 'internal'),
  providerLead: actor('lead', 'provider'),
  engineer: actor('agent', 'provider'),
  requester: actor('requester', null),
};
type Person = keyof typeof people;

const byProvider = {
  status: 'scheduled' as const,
  implementingPartyId: 'provider',
  type: 'normal' as const,
  outcome: null,
};
const byInternal = { ...byProvider, implementingPartyId: 'internal' };

describe('change policy', () => {
  it('matches the refusal matrix (person × action)', () => {
    const actions: ChangeAction[] = [
      'view',
      'create',
      'setImplementingParty',
      'manageFreezes',
      'manageWorkspaceFeed',
      'close',
    ];
    const allowed: Record<Person, ChangeAction[]> = {
      internalLead: [
        'view',
        'create',
        'setImplementingParty',
        'manageFreezes',
        'manageWorkspaceFeed',
        'close',
      ],
      internalAgent: ['view', 'create', 'close'],
      internalViewer: ['view'],
      providerLead: ['view', 'create'],
      engineer: ['view', 'create'],
      requester: [],
    };
    for (const [name, who] of Object.entries(people) as [Person, WorkspaceActor][])
      expect(
        actions.filter((a) => canChange(who, a, byProvider)),
        name,
      ).toEqual(allowed[name]);
  });

  it('lets the implementing party (and the internal lead) carry a change out', () => {
    expect(canChange(people.engineer, 'implement', byProvider)).toBe(true);
    expect(canChange(people.engineer, 'implement', byInternal)).toBe(false);
    expect(canChange(people.internalAgent, 'implement', byProvider)).toBe(false);
    expect(canChange(people.internalLead, 'implement', byProvider)).toBe(true);
    // Nobody named: the internal party's staff.
    expect(canChange(people.internalAgent, 'implement', { ...byProvider, implementingPartyId: null })).toBe(
      true,
    );
    expect(() => assertCanChange(people.internalViewer, 'implement', byInternal)).toThrow(
      /implementing party/,
    );
  });

  it('offers only the steps the state allows, and says when a review is required', () => {
    const draft = changeAbilities(people.engineer, { ...byProvider, status: 'draft' }, false);
    expect(draft).toMatchObject({ edit: true, submit: true, start: false, decide: false });
    const submitted = changeAbilities(people.internalLead, { ...byProvider, status: 'submitted' }, true);
    expect(submitted).toMatchObject({ edit: false, decide: true });
    const failed = changeAbilities(
      people.internalLead,
      { ...byProvider, status: 'failed', outcome: 'failed' },
      true,
    );
    expect(failed).toMatchObject({ writeReview: true, close: true, reviewRequired: true });
  });
});
