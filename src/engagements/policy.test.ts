import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { testActor as actor } from '../test/actors.ts';
import { canEngagement } from './policy.ts';

const engagement = { providerPartyId: 'provider' };
const provider = (role: WorkspaceActor['role'], partyId = 'provider') =>
  actor({ role, partyId, partyKind: 'provider' });

describe('engagement rights: person × action', () => {
  it.each([
    ['internal lead', actor({ role: 'lead' }), [true, true, true, false, true]],
    ['internal agent', actor({}), [true, false, false, false, false]],
    ['internal viewer', actor({ role: 'viewer' }), [true, false, false, false, false]],
    ['provider lead', provider('lead'), [true, false, false, true, false]],
    ['provider agent', provider('agent'), [true, false, false, true, false]],
    ['provider viewer', provider('viewer'), [true, false, false, false, false]],
    ['another provider’s lead', provider('lead', 'other-provider'), [true, false, false, false, false]],
    [
      'requester',
      actor({ role: 'requester', partyId: null, partyKind: null }),
      [false, false, false, false, false],
    ],
  ] as const)('%s: view, create, edit, propose, decide = %j', (_name, who, expected) => {
    const actions = ['view', 'create', 'edit', 'propose', 'decide'] as const;
    expect(actions.map((a) => canEngagement(who, a, engagement))).toEqual(expected);
  });
});
