import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { assertCanIncident, type IncidentAction, incidentAbilities } from './policy.ts';

const actor = (membershipId: string, over: Partial<WorkspaceActor> = {}): WorkspaceActor => ({
  accountId: `a-${membershipId}`,
  isAdmin: false,
  membershipId,
  workspaceId: 'w',
  workspaceSlug: 'w',
  ticketPrefix: 'W',
  role: 'agent',
  partyId: 'provider',
  partyKind: 'provider',
  ...over,
});
const open = {
  status: 'open' as const,
  commanderMembershipId: 'cmd',
  communicationsLeadMembershipId: 'comms',
};
const resolved = { ...open, status: 'resolved' as const };

const people = {
  holder: [actor('lead', { role: 'lead', partyId: 'internal', partyKind: 'internal' }), true],
  commander: [actor('cmd'), false],
  comms: [actor('comms'), false],
  engineer: [actor('eng'), false],
  viewer: [actor('cmd', { role: 'viewer' }), false],
  requester: [actor('req', { role: 'requester', partyId: null, partyKind: null }), false],
} as const;

// The expected abilities on an open incident, then on a resolved one, per person.
const matrix: Record<keyof typeof people, { open: IncidentAction[]; resolved: IncidentAction[] }> = {
  holder: {
    open: ['postUpdate', 'linkTickets', 'changeRoles', 'resolve', 'subscribeOthers'],
    resolved: ['writeReview', 'completeReview'],
  },
  commander: {
    open: ['postUpdate', 'linkTickets', 'changeRoles', 'resolve', 'subscribeOthers'],
    resolved: ['writeReview', 'completeReview'],
  },
  comms: { open: ['postUpdate', 'linkTickets', 'subscribeOthers'], resolved: ['writeReview'] },
  engineer: { open: [], resolved: ['writeReview'] },
  viewer: { open: [], resolved: [] },
  requester: { open: [], resolved: [] },
};

describe('incident abilities: person × action × state', () => {
  for (const [name, [who, holds]] of Object.entries(people) as Array<
    [keyof typeof people, (typeof people)[keyof typeof people]]
  >) {
    it(`${name}`, () => {
      for (const [state, incident] of [
        ['open', open],
        ['resolved', resolved],
      ] as const) {
        const abilities = incidentAbilities(who, incident, holds);
        const granted = Object.entries(abilities)
          .filter(([, v]) => v)
          .map(([k]) => k)
          .sort();
        expect(granted, `${name} on ${state}`).toEqual([...matrix[name][state]].sort());
      }
    });
  }

  it('refuses a missing role with 403 and a wrong state with 409', () => {
    expect(() => assertCanIncident(people.engineer[0], 'postUpdate', open, false)).toThrow(
      expect.objectContaining({ statusCode: 403, code: 'INCIDENT_ROLE_REQUIRED' }),
    );
    expect(() => assertCanIncident(people.commander[0], 'postUpdate', resolved, false)).toThrow(
      expect.objectContaining({ statusCode: 409, code: 'INCIDENT_RESOLVED' }),
    );
    expect(() => assertCanIncident(people.commander[0], 'writeReview', open, false)).toThrow(
      expect.objectContaining({ statusCode: 409, code: 'INCIDENT_OPEN' }),
    );
    expect(() => assertCanIncident(people.requester[0], 'view', open, false)).toThrow(
      expect.objectContaining({ statusCode: 403 }),
    );
  });
});
