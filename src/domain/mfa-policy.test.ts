import { describe, expect, it } from 'vitest';
import {
  isMfaRequired,
  isMfaSatisfied,
  type MembershipForMfa,
  type MfaState,
  sessionMfaState,
} from './mfa-policy.ts';

const m = (
  role: MembershipForMfa['role'],
  partyKind: MembershipForMfa['partyKind'],
  workspaceRequiresMfa = false,
) => ({
  role,
  partyKind,
  workspaceRequiresMfa,
});

describe('isMfaRequired', () => {
  const cases: Array<[string, boolean, MembershipForMfa[], boolean]> = [
    ['an administrator with no membership', true, [], true],
    ['an administrator who is a requester', true, [m('requester', null)], true],
    ['an account with no membership', false, [], false],
    ['an internal agent', false, [m('agent', 'internal')], false],
    ['an internal viewer', false, [m('viewer', 'internal')], false],
    ['a requester', false, [m('requester', null)], false],
    ['an internal lead', false, [m('lead', 'internal')], true],
    ['a provider lead', false, [m('lead', 'provider')], true],
    ['a provider agent', false, [m('agent', 'provider')], true],
    ['a provider viewer', false, [m('viewer', 'provider')], true],
    ['a requester in a workspace that requires MFA', false, [m('requester', null, true)], true],
    ['an internal agent in a workspace that requires MFA', false, [m('agent', 'internal', true)], true],
    [
      'an internal agent here and a provider agent elsewhere',
      false,
      [m('agent', 'internal'), m('agent', 'provider')],
      true,
    ],
    [
      'a requester in two workspaces, one requiring MFA',
      false,
      [m('requester', null), m('requester', null, true)],
      true,
    ],
    [
      'an internal agent in two relaxed workspaces',
      false,
      [m('agent', 'internal'), m('viewer', 'internal')],
      false,
    ],
  ];

  it.each(cases)('%s (admin=%s) → required=%s', (_name, isAdmin, memberships, expected) => {
    expect(isMfaRequired({ isAdmin }, memberships)).toBe(expected);
  });
});

describe('sessionMfaState', () => {
  const cases: Array<[enrolled: boolean, required: boolean, sessionVerified: boolean, expected: MfaState]> = [
    [true, true, true, 'verified'],
    [true, true, false, 'pending'],
    // Once enrolled, MFA is asked for even when no rule requires it.
    [true, false, true, 'verified'],
    [true, false, false, 'pending'],
    [false, true, false, 'enrolment_required'],
    [false, true, true, 'enrolment_required'],
    [false, false, false, 'not_required'],
    [false, false, true, 'not_required'],
  ];

  it.each(cases)(
    'enrolled=%s required=%s sessionVerified=%s → %s',
    (enrolled, required, sessionVerified, expected) => {
      expect(sessionMfaState({ enrolled, required, sessionVerified })).toBe(expected);
    },
  );
});

it('takes multi-factor asserted by the identity provider as verified, enrolled or not', () => {
  for (const enrolled of [true, false])
    for (const required of [true, false])
      expect(sessionMfaState({ enrolled, required, sessionVerified: false, providerMfa: true })).toBe(
        'verified',
      );
});

describe('isMfaSatisfied', () => {
  const cases: Array<[MfaState, boolean]> = [
    ['verified', true],
    ['not_required', true],
    ['pending', false],
    ['enrolment_required', false],
  ];

  it.each(cases)('%s → %s', (state, expected) => {
    expect(isMfaSatisfied(state)).toBe(expected);
  });
});
