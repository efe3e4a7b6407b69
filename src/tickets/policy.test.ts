import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { testActor } from '../test/actors.ts';
import { canTicket, ticketAbilities } from './policy.ts';

const actor = (over: Partial<WorkspaceActor>) =>
  testActor({ workspaceSlug: 'acme', ticketPrefix: 'ACME', ...over });
const ticket = { requesterMembershipId: 'someone-else', status: 'in_progress' as const };

describe('watching and time records', () => {
  it.each([
    ['an internal lead', actor({ role: 'lead' }), true, true],
    ['an internal agent', actor({}), true, true],
    ['an internal viewer', actor({ role: 'viewer' }), false, true],
    ['a provider agent', actor({ partyId: 'provider', partyKind: 'provider' }), true, true],
    ['a requester', actor({ role: 'requester', partyId: null, partyKind: null }), false, false],
  ])('%s: changes watchers %s, sees time entries %s', (_who, a, watch, viewTime) => {
    expect(canTicket(a, 'watch', ticket)).toBe(watch);
    expect(canTicket(a, 'viewTime', ticket)).toBe(viewTime);
    expect(ticketAbilities(a, ticket).watch).toBe(watch);
  });

  it('lets the requester of the ticket neither change watchers nor read time records', () => {
    const requester = actor({ role: 'requester', partyId: null, partyKind: null, membershipId: 'r' });
    const own = { ...ticket, requesterMembershipId: 'r' };
    expect(canTicket(requester, 'watch', own)).toBe(false);
    expect(canTicket(requester, 'viewTime', own)).toBe(false);
  });
});
