import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';
import { testActor as actor } from '../test/actors.ts';
import { assertCanReadiness, canReadiness, readinessAbilities } from './policy.ts';

const people: Record<string, [WorkspaceActor, boolean]> = {
  internalLead: [actor({ role: 'lead' }), true],
  internalAgent: [actor({}), true],
  businessLeader: [actor({ role: 'viewer' }), true],
  providerLead: [actor({ role: 'lead', partyId: 'p', partyKind: 'provider' }), true],
  providerAgent: [actor({ partyId: 'p', partyKind: 'provider' }), true],
  requester: [actor({ role: 'requester', partyId: null, partyKind: null }), false],
};

describe('readiness policy', () => {
  it.each(Object.entries(people))(
    '%s reads the checklist and the home summary: %s',
    (_name, [a, expected]) => {
      expect(canReadiness(a, 'view')).toBe(expected);
      expect(canReadiness(a, 'viewHome')).toBe(expected);
      expect(readinessAbilities(a)).toEqual({ view: expected, viewHome: expected });
      if (expected) expect(() => assertCanReadiness(a, 'view')).not.toThrow();
      else expect(() => assertCanReadiness(a, 'view')).toThrow(Forbidden);
    },
  );
});
