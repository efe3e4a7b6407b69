import { describe, expect, it } from 'vitest';
import { testActor as actor } from '../test/actors.ts';
import { canBacklog } from './policy.ts';

const providerItem = { ownerPartyId: 'provider' };

describe('backlog rights: person × action', () => {
  it.each([
    ['internal lead', actor({ role: 'lead' }), true, true, true, true],
    ['internal agent', actor({}), true, true, false, false],
    [
      'provider lead',
      actor({ role: 'lead', partyId: 'provider', partyKind: 'provider' }),
      true,
      true,
      true,
      false,
    ],
    [
      'provider engineer (owner party)',
      actor({ partyId: 'provider', partyKind: 'provider' }),
      true,
      true,
      true,
      false,
    ],
    [
      'viewer',
      actor({ role: 'viewer', partyId: 'provider', partyKind: 'provider' }),
      true,
      false,
      false,
      false,
    ],
    ['requester', actor({ role: 'requester', partyId: null, partyKind: null }), false, false, false, false],
  ])(
    '%s: view %s, create %s, update %s and prioritise %s a provider-owned item',
    (_name, who, view, create, update, prioritise) => {
      expect(canBacklog(who, 'view')).toBe(view);
      expect(canBacklog(who, 'create')).toBe(create);
      expect(canBacklog(who, 'update', providerItem)).toBe(update);
      expect(canBacklog(who, 'prioritise', providerItem)).toBe(prioritise);
    },
  );

  it('lets only the internal party set order and priority of an internal-owned item', () => {
    const internalItem = { ownerPartyId: 'internal' };
    expect(canBacklog(actor({ role: 'lead' }), 'prioritise', internalItem)).toBe(true);
    expect(canBacklog(actor({}), 'prioritise', internalItem)).toBe(true);
    const providerLead = actor({ role: 'lead', partyId: 'provider', partyKind: 'provider' });
    expect(canBacklog(providerLead, 'update', internalItem)).toBe(true);
    expect(canBacklog(providerLead, 'prioritise', internalItem)).toBe(false);
  });
});
