import { describe, expect, it } from 'vitest';
import { POLICY_PEOPLE as people } from '../test/actors.ts';
import { assertCanReview, canReview, type ReviewAction, reviewAbilities } from './policy.ts';

const all = (value: boolean) => ({
  view: value,
  create: value,
  comment: value,
  agreeAction: value,
  hold: value,
});
const matrix: Record<keyof typeof people, Record<ReviewAction, boolean>> = {
  lead: { ...all(true), settings: true },
  providerLead: { ...all(true), settings: false },
  agent: { ...all(false), view: true, settings: false },
  viewer: { ...all(false), view: true, settings: false },
  engineer: { ...all(false), view: true, settings: false },
  requester: { ...all(false), settings: false },
};

describe('who may do what with a service review', () => {
  for (const [who, expected] of Object.entries(matrix))
    it(`${who}: ${JSON.stringify(expected)}`, () => {
      const person = people[who as keyof typeof people];
      for (const [action, allowed] of Object.entries(expected)) {
        expect(canReview(person, action as ReviewAction), action).toBe(allowed);
        if (!allowed) expect(() => assertCanReview(person, action as ReviewAction)).toThrow(/lead|staff/);
      }
    });

  it('closes commentary, actions and the hold once held', () => {
    expect(reviewAbilities(people.lead, { status: 'draft' })).toEqual({
      comment: true,
      agreeAction: true,
      hold: true,
    });
    expect(reviewAbilities(people.lead, { status: 'held' })).toEqual({
      comment: false,
      agreeAction: false,
      hold: false,
    });
  });
});
