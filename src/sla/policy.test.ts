import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { testActor } from '../test/actors.ts';
import { canSla, slaAbilities } from './policy.ts';

const actor = (role: WorkspaceActor['role'], partyKind: WorkspaceActor['partyKind']) =>
  testActor({
    workspaceSlug: 'acme',
    ticketPrefix: 'ACME',
    role,
    partyId: partyKind === 'internal' ? 'p-int' : partyKind === 'provider' ? 'p-prov' : null,
    partyKind,
  });

describe('SLA policy', () => {
  it.each([
    [
      'internal lead',
      actor('lead', 'internal'),
      { view: true, managePolicies: true, internalParty: true, providerParty: true },
    ],
    [
      'internal agent',
      actor('agent', 'internal'),
      { view: true, managePolicies: false, internalParty: false, providerParty: false },
    ],
    [
      'internal viewer',
      actor('viewer', 'internal'),
      { view: true, managePolicies: false, internalParty: false, providerParty: false },
    ],
    [
      'provider lead',
      actor('lead', 'provider'),
      { view: true, managePolicies: false, internalParty: false, providerParty: true },
    ],
    [
      'provider engineer',
      actor('agent', 'provider'),
      { view: true, managePolicies: false, internalParty: false, providerParty: false },
    ],
    [
      'requester',
      actor('requester', null),
      { view: false, managePolicies: false, internalParty: false, providerParty: false },
    ],
  ])('%s', (_name, a, expected) => {
    expect({
      view: canSla(a, 'view'),
      managePolicies: canSla(a, 'managePolicies'),
      internalParty: canSla(a, 'manageParty', 'p-int'),
      providerParty: canSla(a, 'manageParty', 'p-prov'),
    }).toEqual(expected);
    expect(slaAbilities(a).managePolicies).toBe(expected.managePolicies);
  });
});
