import type { PartyKind, Role } from './actor.ts';
import { isInternal, isInternalLead, isProviderLead, isSameParty, type WorkspaceActor } from './actor.ts';

export type MemberTarget = { partyId: string | null; partyKind: PartyKind | null; role: Role };

/**
 * Who may invite whom: the internal lead anyone; a provider lead agents and viewers of its own
 * party; internal agents requesters (the help desk onboards end users).
 */
export function canInvite(actor: WorkspaceActor, target: MemberTarget): boolean {
  if (isInternalLead(actor)) return true;
  if (isProviderLead(actor))
    return isSameParty(actor, target.partyId) && (target.role === 'agent' || target.role === 'viewer');
  if (isInternal(actor) && actor.role === 'agent') return target.role === 'requester';
  return false;
}

/** Changing the role of, deactivating or reactivating an existing member. */
export function canManageMember(
  actor: WorkspaceActor,
  target: MemberTarget & { membershipId: string },
): boolean {
  if (target.membershipId === actor.membershipId) return false; // nobody demotes or removes themselves
  if (isInternalLead(actor)) return true;
  if (isProviderLead(actor)) return isSameParty(actor, target.partyId) && target.role !== 'lead';
  return false;
}

/** A role change must keep party and role consistent: requesters have no party, staff have one. */
export function isRoleAllowedForParty(role: Role, partyId: string | null): boolean {
  return role === 'requester' ? partyId === null : partyId !== null;
}

export const canChangeRoleTo = (actor: WorkspaceActor, role: Role) =>
  isInternalLead(actor) || role === 'agent' || role === 'viewer';
