import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { canBacklog } from './policy.ts';

const actor = (over: Partial<WorkspaceActor>): WorkspaceActor => ({
  accountId: 'a',
  isAdmin: false,
  membershipId: 'm',
  workspaceId: 'w',
  workspaceSlug: 'w',
  ticketPrefix: 'W',
  role: 'agent',
  partyId: 'internal',
  partyKind: 'internal',
  ...over,
});
const providerItem = { ownerPartyId: 'provider' };

describe('backlog rights: person × action', () => {
  it.each([
    ['internal lead', actor({ role: 'lead' }), true, true, true],
    ['internal agent', actor({}), true, true, false],
    ['provider lead', actor({ role: 'lead', partyId: 'provider', partyKind: 'provider' }), true, true, true],
    [
      'provider engineer (owner party)',
      actor({ partyId: 'provider', partyKind: 'provider' }),
      true,
      true,
      true,
    ],
    ['viewer', actor({ role: 'viewer', partyId: 'provider', partyKind: 'provider' }), true, false, false],
    ['requester', actor({ role: 'requester', partyId: null, partyKind: null }), false, false, false],
  ])('%s: view %s, create %s, update a provider-owned item %s', (_name, who, view, create, update) => {
    expect(canBacklog(who, 'view')).toBe(view);
    expect(canBacklog(who, 'create')).toBe(create);
    expect(canBacklog(who, 'update', providerItem)).toBe(update);
  });
});
