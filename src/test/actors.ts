import { expect } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';

/** A workspace actor for pure policy tests: an internal agent of workspace `w` unless `over` says otherwise. */
export const testActor = (over: Partial<WorkspaceActor> = {}): WorkspaceActor => ({
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

/** A test actor with its own membership (and account) id, for policies that compare ids. */
export const actorWithId = (membershipId: string, over: Partial<WorkspaceActor> = {}) =>
  testActor({ accountId: `a-${membershipId}`, membershipId, ...over });

/** One person per party and role of a co-managed workspace, each with its own membership id. */
export const POLICY_PEOPLE = {
  lead: actorWithId('lead', { role: 'lead' }),
  agent: actorWithId('agent'),
  viewer: actorWithId('viewer', { role: 'viewer' }),
  providerLead: actorWithId('plead', { role: 'lead', partyId: 'provider', partyKind: 'provider' }),
  engineer: actorWithId('eng', { partyId: 'provider', partyKind: 'provider' }),
  requester: actorWithId('req', { role: 'requester', partyId: null, partyKind: null }),
};

/**
 * A pure policy checked against its table: `can` answers each person × action as the table says,
 * and `assert` agrees (throws `refusal` exactly where the answer is no).
 */
export function expectPolicyMatrix<Who extends string, Action extends string>(
  matrix: Record<Who, Record<Action, boolean>>,
  people: Record<Who, WorkspaceActor>,
  can: (actor: WorkspaceActor, action: Action) => boolean,
  assert: (actor: WorkspaceActor, action: Action) => void,
  refusal: RegExp,
) {
  for (const [who, answers] of Object.entries(matrix) as Array<[Who, Record<Action, boolean>]>) {
    const actor = people[who];
    for (const [action, allowed] of Object.entries(answers) as Array<[Action, boolean]>) {
      expect(can(actor, action), `${who} ${action}`).toBe(allowed);
      if (allowed) expect(() => assert(actor, action)).not.toThrow();
      else expect(() => assert(actor, action)).toThrow(refusal);
    }
  }
}
