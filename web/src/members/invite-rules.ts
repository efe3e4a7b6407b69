import type { Party, Role, WorkspaceDetail } from '../ui/api-types';

type Inviter = WorkspaceDetail['membership'];

export const NO_PARTY = 'none';

/**
 * Mirrors the server's invitation rule, only to offer sensible choices (the server decides): the
 * internal lead invites anyone; a provider lead agents and viewers of its own party; an internal agent
 * requesters.
 */
export function invitablePartyIds(parties: Party[], inviter: Inviter): string[] {
  const isLead = inviter.role === 'lead';
  if (inviter.partyKind === 'internal' && isLead) return [...parties.map((p) => p.id), NO_PARTY];
  if (inviter.partyKind === 'provider' && isLead) return inviter.partyId ? [inviter.partyId] : [];
  if (inviter.partyKind === 'internal' && inviter.role === 'agent') return [NO_PARTY];
  return [];
}

export function invitableRoles(partyId: string, inviter: Inviter): Role[] {
  if (partyId === NO_PARTY) return ['requester'];
  if (inviter.partyKind === 'internal' && inviter.role === 'lead') return ['lead', 'agent', 'viewer'];
  return ['agent', 'viewer'];
}

/** Whether the inviter could have made (and so may revoke) an invitation for this party and role. */
export function mayInviteTo(partyId: string | null, role: Role, inviter: Inviter, parties: Party[]): boolean {
  const key = partyId ?? NO_PARTY;
  return invitablePartyIds(parties, inviter).includes(key) && invitableRoles(key, inviter).includes(role);
}
