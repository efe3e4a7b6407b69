import type { PartyKind, Role } from './actor.ts';

export type MembershipForMfa = { role: Role; partyKind: PartyKind | null; workspaceRequiresMfa: boolean };

/**
 * MFA is required for administrators, every provider membership, every lead, and anyone in a
 * workspace that requires it. Deactivated memberships do not count.
 */
export function isMfaRequired(account: { isAdmin: boolean }, memberships: MembershipForMfa[]): boolean {
  if (account.isAdmin) return true;
  return memberships.some((m) => m.partyKind === 'provider' || m.role === 'lead' || m.workspaceRequiresMfa);
}

export type MfaState = 'verified' | 'not_required' | 'pending' | 'enrolment_required';

export function sessionMfaState(input: {
  enrolled: boolean;
  required: boolean;
  sessionVerified: boolean;
  /** The identity provider asserted multi-factor at this sign-in (single sign-on). */
  providerMfa?: boolean | undefined;
}): MfaState {
  if (input.providerMfa) return 'verified';
  if (input.enrolled) return input.sessionVerified ? 'verified' : 'pending';
  return input.required ? 'enrolment_required' : 'not_required';
}

export const isMfaSatisfied = (state: MfaState) => state === 'verified' || state === 'not_required';
