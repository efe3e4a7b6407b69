import type { PartyKind } from './actor.ts';
import { isInternalLead, isStaff, type WorkspaceActor } from './actor.ts';

export type Decider = 'internal_lead' | 'internal_delegate' | 'provider_lead';

export type DecisionRight = {
  name: string;
  proposerKinds: string[];
  decider: Decider;
  /** internal_delegate: the named internal member who decides (besides the internal lead). */
  delegateMembershipId: string | null;
  /** provider_lead: the provider party whose lead decides (besides the internal lead). */
  delegatePartyId: string | null;
};

/** Who holds the right to decide, in words, for refusals and the page. */
export function describeDecider(
  right: DecisionRight,
  names: { delegate?: string | null; party?: string | null } = {},
): string {
  switch (right.decider) {
    case 'internal_lead':
      return 'the internal IT lead';
    case 'internal_delegate':
      return `${names.delegate ?? 'a named internal delegate'} or the internal IT lead`;
    case 'provider_lead':
      return `the lead of ${names.party ?? 'the delegated provider'} or the internal IT lead`;
  }
}

/**
 * Security: the internal lead always keeps the right; a type can be delegated to one named internal
 * member, or deliberately to one provider party's lead. Nobody else decides.
 */
export function canDecide(actor: WorkspaceActor, right: DecisionRight): boolean {
  if (isInternalLead(actor)) return true;
  switch (right.decider) {
    case 'internal_lead':
      return false;
    case 'internal_delegate':
      return actor.partyKind === 'internal' && actor.membershipId === right.delegateMembershipId;
    case 'provider_lead':
      return (
        actor.partyKind === 'provider' && actor.role === 'lead' && actor.partyId === right.delegatePartyId
      );
  }
}

export function canPropose(actor: WorkspaceActor, right: DecisionRight): boolean {
  return (
    isStaff(actor) && actor.role !== 'viewer' && right.proposerKinds.includes(actor.partyKind as PartyKind)
  );
}

/** The proposer may withdraw their own request; the internal lead any. */
export function canWithdraw(actor: WorkspaceActor, proposedByMembershipId: string): boolean {
  return isInternalLead(actor) || actor.membershipId === proposedByMembershipId;
}

/** Discussion is open to the staff of every party (consulted parties comment before a decision). */
export const canComment = (actor: WorkspaceActor) => isStaff(actor) && actor.role !== 'viewer';
