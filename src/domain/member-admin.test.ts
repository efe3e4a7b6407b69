import { describe, expect, it } from 'vitest';
import type { PartyKind, Role, WorkspaceActor } from './actor.ts';
import {
  canChangeRoleTo,
  canInvite,
  canManageMember,
  isRoleAllowedForParty,
  type MemberTarget,
} from './member-admin.ts';

const INTERNAL = 'party-internal';
const PROVIDER = 'party-provider';
const OTHER_PROVIDER = 'party-other-provider';
const kindOf = (partyId: string | null): PartyKind | null =>
  partyId === null ? null : partyId === INTERNAL ? 'internal' : 'provider';

const actor = (membershipId: string, role: Role, partyId: string | null): WorkspaceActor => ({
  accountId: `account-${membershipId}`,
  isAdmin: false,
  ticketPrefix: 'WS',
  membershipId,
  workspaceId: 'ws',
  workspaceSlug: 'acme',
  role,
  partyId,
  partyKind: kindOf(partyId),
});

const ACTORS = {
  internalLead: actor('m-il', 'lead', INTERNAL),
  internalAgent: actor('m-ia', 'agent', INTERNAL),
  internalViewer: actor('m-iv', 'viewer', INTERNAL),
  providerLead: actor('m-pl', 'lead', PROVIDER),
  providerAgent: actor('m-pa', 'agent', PROVIDER),
  providerViewer: actor('m-pv', 'viewer', PROVIDER),
  otherProviderLead: actor('m-ol', 'lead', OTHER_PROVIDER),
  requester: actor('m-rq', 'requester', null),
};
type ActorName = keyof typeof ACTORS;

const target = (
  membershipId: string,
  role: Role,
  partyId: string | null,
): MemberTarget & { membershipId: string } => ({
  membershipId,
  role,
  partyId,
  partyKind: kindOf(partyId),
});

// Targets are other people (the actors' own memberships are tested separately).
const TARGETS = {
  internalLead: target('t-il', 'lead', INTERNAL),
  internalAgent: target('t-ia', 'agent', INTERNAL),
  internalViewer: target('t-iv', 'viewer', INTERNAL),
  providerLead: target('t-pl', 'lead', PROVIDER),
  providerAgent: target('t-pa', 'agent', PROVIDER),
  providerViewer: target('t-pv', 'viewer', PROVIDER),
  otherProviderAgent: target('t-oa', 'agent', OTHER_PROVIDER),
  requester: target('t-rq', 'requester', null),
};
type TargetName = keyof typeof TARGETS;
const TARGET_ORDER = Object.keys(TARGETS) as TargetName[];

/** One row per actor; columns in TARGET_ORDER: il ia iv pl pa pv oa rq. */
type Row = [boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean];
const T = true;
const F = false;

function matrixCases(matrix: Record<ActorName, Row>) {
  return (Object.keys(matrix) as ActorName[]).flatMap((a) =>
    TARGET_ORDER.map((t, i) => [a, t, matrix[a][i]!] as [ActorName, TargetName, boolean]),
  );
}

/**
 * Who may manage an existing member of a party and role: the internal lead anyone, a provider lead
 * its own party's non-leads, nobody else. Inviting follows the same rights, and one more: an
 * internal agent may invite a requester.
 */
//                          il ia iv pl pa pv oa rq
const MANAGE_MATRIX: Record<ActorName, Row> = {
  internalLead: /*      */ [T, T, T, T, T, T, T, T],
  internalAgent: /*     */ [F, F, F, F, F, F, F, F],
  internalViewer: /*    */ [F, F, F, F, F, F, F, F],
  providerLead: /*      */ [F, F, F, F, T, T, F, F],
  providerAgent: /*     */ [F, F, F, F, F, F, F, F],
  providerViewer: /*    */ [F, F, F, F, F, F, F, F],
  otherProviderLead: /* */ [F, F, F, F, F, F, T, F],
  requester: /*         */ [F, F, F, F, F, F, F, F],
};

describe('canInvite (actor × invited party and role)', () => {
  const matrix: Record<ActorName, Row> = {
    ...MANAGE_MATRIX,
    //                      il ia iv pl pa pv oa rq
    internalAgent: /*   */ [F, F, F, F, F, F, F, T],
  };

  it.each(matrixCases(matrix))('%s inviting %s → %s', (a, t, expected) => {
    expect(canInvite(ACTORS[a], TARGETS[t])).toBe(expected);
  });
});

describe('canManageMember (actor × existing member)', () => {
  it.each(matrixCases(MANAGE_MATRIX))('%s managing %s → %s', (a, t, expected) => {
    expect(canManageMember(ACTORS[a], TARGETS[t])).toBe(expected);
  });

  it.each(Object.keys(ACTORS) as ActorName[])('refuses %s managing their own membership', (a) => {
    const self = ACTORS[a];
    expect(
      canManageMember(self, {
        membershipId: self.membershipId,
        role: self.role,
        partyId: self.partyId,
        partyKind: self.partyKind,
      }),
    ).toBe(false);
  });
});

describe('isRoleAllowedForParty', () => {
  const cases: Array<[Role, string | null, boolean]> = [
    ['lead', INTERNAL, true],
    ['agent', PROVIDER, true],
    ['viewer', PROVIDER, true],
    ['requester', null, true],
    ['lead', null, false],
    ['agent', null, false],
    ['viewer', null, false],
    ['requester', INTERNAL, false],
    ['requester', PROVIDER, false],
  ];

  it.each(cases)('%s with party %s → %s', (role, partyId, expected) => {
    expect(isRoleAllowedForParty(role, partyId)).toBe(expected);
  });
});

describe('canChangeRoleTo (which new role; the right to manage comes from canManageMember)', () => {
  const cases: Array<[ActorName, Role, boolean]> = [
    ['internalLead', 'lead', true],
    ['internalLead', 'agent', true],
    ['internalLead', 'viewer', true],
    ['internalLead', 'requester', true],
    ['providerLead', 'lead', false],
    ['providerLead', 'agent', true],
    ['providerLead', 'viewer', true],
    ['providerLead', 'requester', false],
    ['otherProviderLead', 'lead', false],
    ['internalAgent', 'lead', false],
    ['internalAgent', 'requester', false],
    ['requester', 'lead', false],
  ];

  it.each(cases)('%s to %s → %s', (a, role, expected) => {
    expect(canChangeRoleTo(ACTORS[a], role)).toBe(expected);
  });
});
