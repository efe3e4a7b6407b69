import type { Obligation } from '../db/schema/obligations.ts';
import { isInternalLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type ObligationAction = 'view' | 'manage' | 'submit' | 'review';

/** What an action needs to know: the parties Responsible for the obligation's service. */
export type ObligationFacts = Pick<Obligation, 'accountableMembershipId'> & { responsiblePartyIds: string[] };

/**
 * Staff of both parties read obligations and their evidence; the internal lead defines them; a
 * member of a responsible party hands evidence in; the internal party (its lead or the
 * accountable person) accepts or rejects it.
 */
export function canObligation(actor: WorkspaceActor, action: ObligationAction, o?: ObligationFacts) {
  switch (action) {
    case 'view':
      return isStaff(actor);
    case 'manage':
      return isInternalLead(actor);
    case 'submit':
      return (
        isStaff(actor) &&
        actor.role !== 'viewer' &&
        o !== undefined &&
        actor.partyId !== null &&
        o.responsiblePartyIds.includes(actor.partyId)
      );
    case 'review':
      return (
        isInternalLead(actor) ||
        (actor.partyKind === 'internal' &&
          o !== undefined &&
          o.accountableMembershipId === actor.membershipId)
      );
  }
}

const MESSAGES: Record<ObligationAction, string> = {
  view: 'Only staff of a party can read obligations.',
  manage: 'Only the internal IT lead may define or change obligations.',
  submit: 'Only a lead or agent of the party responsible for the service may hand in evidence.',
  review: 'Only the internal IT lead or the accountable internal person may accept or reject evidence.',
};

export function assertCanObligation(actor: WorkspaceActor, action: ObligationAction, o?: ObligationFacts) {
  if (!canObligation(actor, action, o)) throw new Forbidden(MESSAGES[action], 'OBLIGATION_ROLE_REQUIRED');
}

export function occurrenceAbilities(
  actor: WorkspaceActor,
  o: ObligationFacts,
  occurrence: { status: 'open' | 'submitted' | 'accepted' },
) {
  return {
    submit: occurrence.status === 'open' && canObligation(actor, 'submit', o),
    review: occurrence.status === 'submitted' && canObligation(actor, 'review', o),
  };
}
