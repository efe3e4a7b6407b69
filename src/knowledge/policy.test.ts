import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { testActor } from '../test/actors.ts';
import { articleAbilities, canArticle } from './policy.ts';

const actor = (role: WorkspaceActor['role'], party: 'internal' | 'provider' | null) =>
  testActor({ role, partyId: party, partyKind: party });

const internalLead = actor('lead', 'internal');
const internalAgent = actor('agent', 'internal');
const providerLead = actor('lead', 'provider');
const providerAgent = actor('agent', 'provider');
const viewer = actor('viewer', 'internal');
const requester = actor('requester', null);
const providerOwned = (status: 'draft' | 'published' | 'needs_review' | 'retired') => ({
  ownerPartyId: 'provider',
  status,
});

describe('article abilities: actor × action', () => {
  it.each([
    // actor, draft edit, published edit, publish, link, history
    ['internal lead', internalLead, true, true, true, true, true],
    ['internal agent', internalAgent, true, false, false, true, true],
    ['provider lead (owner party)', providerLead, true, true, true, true, true],
    ['provider agent (owner party)', providerAgent, true, true, true, true, true],
    ['viewer', viewer, false, false, false, false, true],
    ['requester', requester, false, false, false, false, false],
  ] as const)('%s', (_name, who, editDraft, editPublished, publish, link, history) => {
    expect(canArticle(who, 'edit', providerOwned('draft'))).toBe(editDraft);
    expect(canArticle(who, 'edit', providerOwned('published'))).toBe(editPublished);
    expect(canArticle(who, 'publish', providerOwned('draft'))).toBe(publish);
    expect(canArticle(who, 'link', providerOwned('draft'))).toBe(link);
    expect(canArticle(who, 'viewHistory', providerOwned('draft'))).toBe(history);
  });

  it('offers a drafter outside the owner party only "needs review" on a live article', () => {
    expect(articleAbilities(internalAgent, providerOwned('published')).nextStatuses).toEqual([
      'needs_review',
    ]);
    expect(articleAbilities(providerAgent, providerOwned('published')).nextStatuses).toEqual([
      'needs_review',
      'retired',
      'draft',
    ]);
    expect(articleAbilities(viewer, providerOwned('published')).nextStatuses).toEqual([]);
    expect(articleAbilities(internalLead, providerOwned('retired')).nextStatuses).toEqual(['draft']);
  });
});
