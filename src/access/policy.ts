import { isInternal, isInternalLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type AccessAction =
  | 'view'
  | 'manageAccounts'
  | 'manageSettings'
  | 'requestGrant'
  | 'withdrawGrant'
  | 'confirmRevocation'
  | 'startReview'
  | 'decideLine';

/** What the rule needs besides the actor: the record's owners, where the action is about one. */
export type AccessSubject = {
  requestedByMembershipId?: string;
  responsiblePartyId?: string;
  reviewerMembershipId?: string;
};

const worker = (a: WorkspaceActor) => isStaff(a) && a.role !== 'viewer';

/**
 * Security: the register and reviews belong to the business (internal party); anyone on staff may
 * ask for access; revoking is the responsible party's work; a review line is decided by its reviewer only.
 * Approving a grant is a decision right, checked in the service against the decision type.
 */
export function canAccess(actor: WorkspaceActor, action: AccessAction, subject: AccessSubject = {}): boolean {
  switch (action) {
    case 'view':
      return isStaff(actor);
    case 'manageAccounts':
      return worker(actor) && isInternal(actor);
    case 'manageSettings':
    case 'startReview':
      return isInternalLead(actor);
    case 'requestGrant':
      return worker(actor);
    case 'withdrawGrant':
      return isInternalLead(actor) || actor.membershipId === subject.requestedByMembershipId;
    case 'confirmRevocation':
      return (
        isInternalLead(actor) ||
        (worker(actor) && actor.partyId !== null && actor.partyId === subject.responsiblePartyId)
      );
    case 'decideLine':
      return actor.membershipId === subject.reviewerMembershipId;
  }
}

const MESSAGES: Record<AccessAction, string> = {
  view: 'Only staff of a party can read privileged access.',
  manageAccounts: 'Only internal IT staff (not viewers) may change the privileged-access register.',
  manageSettings: 'Only the internal IT lead may change the access settings.',
  startReview: 'Only the internal IT lead may start an access review.',
  requestGrant: 'Only staff of a party (not viewers) may request privileged access.',
  withdrawGrant: 'Only the person who asked for this grant, or the internal IT lead, may withdraw it.',
  confirmRevocation:
    'Only staff of the party responsible for the revocation, or the internal IT lead, may confirm it.',
  decideLine: "Only the line's reviewer may decide it.",
};

export function assertCanAccess(
  actor: WorkspaceActor,
  action: AccessAction,
  subject: AccessSubject = {},
  detail?: string,
) {
  if (!canAccess(actor, action, subject))
    throw new Forbidden(detail ? `${MESSAGES[action]} ${detail}` : MESSAGES[action], 'ACCESS_RIGHT_REQUIRED');
}

/** What the web app may offer on the register and review pages. */
export function accessAbilities(actor: WorkspaceActor) {
  return {
    manageAccounts: canAccess(actor, 'manageAccounts'),
    manageSettings: canAccess(actor, 'manageSettings'),
    requestGrant: canAccess(actor, 'requestGrant'),
    startReview: canAccess(actor, 'startReview'),
  };
}
