import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from './actor.ts';
import { canKeepLibraryItem, canSeeLibraryItem, canUseLibraryItem } from './party-library.ts';

const actor = (over: Partial<WorkspaceActor>): WorkspaceActor =>
  ({ partyId: 'p1', partyKind: 'provider', role: 'agent', ...over }) as WorkspaceActor;

describe('party library items (canned responses, macros, ticket templates)', () => {
  it('shows staff the workspace-wide items and their own party’s, never another party’s', () => {
    expect(canSeeLibraryItem(actor({}), { partyId: null })).toBe(true);
    expect(canSeeLibraryItem(actor({}), { partyId: 'p1' })).toBe(true);
    expect(canSeeLibraryItem(actor({}), { partyId: 'p2' })).toBe(false);
    expect(canSeeLibraryItem(actor({ partyId: null, role: 'requester' }), { partyId: null })).toBe(false);
  });

  it('lets workers use what they see, and viewers nothing', () => {
    expect(canUseLibraryItem(actor({}), { partyId: 'p1' })).toBe(true);
    expect(canUseLibraryItem(actor({ role: 'viewer' }), { partyId: 'p1' })).toBe(false);
  });

  it('lets a party’s lead keep its own items and only the internal lead the workspace-wide ones', () => {
    expect(canKeepLibraryItem(actor({ role: 'lead' }), { partyId: 'p1' })).toBe(true);
    expect(canKeepLibraryItem(actor({ role: 'lead' }), { partyId: null })).toBe(false);
    expect(canKeepLibraryItem(actor({ role: 'lead', partyKind: 'internal' }), { partyId: null })).toBe(true);
    expect(canKeepLibraryItem(actor({ role: 'agent' }), { partyId: 'p1' })).toBe(false);
  });
});
