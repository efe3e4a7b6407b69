import { isInternalLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type ResponsibilityAction =
  | 'view'
  | 'manageServices'
  | 'setServicePriority'
  | 'propose'
  | 'decideProposal'
  | 'withdrawProposal';

const MESSAGES: Record<ResponsibilityAction, string> = {
  view: 'Only staff of a party can see the responsibility map.',
  manageServices: 'Only the internal IT lead may add, rename or retire services.',
  setServicePriority:
    "Only the internal IT lead sets the workspace's service priorities; a provider proposes a priority (a map proposal with priorityChanges) and the internal lead accepts it.",
  propose: 'Only staff of a party may propose changes to the responsibility map.',
  decideProposal: 'Only the internal IT lead may approve or reject changes to the responsibility map.',
  withdrawProposal: 'Only the person who proposed this change, or the internal IT lead, may withdraw it.',
};

export function canResponsibility(
  actor: WorkspaceActor,
  action: ResponsibilityAction,
  proposal?: { proposedByMembershipId: string },
): boolean {
  switch (action) {
    case 'view':
      return isStaff(actor);
    case 'propose':
      return isStaff(actor) && actor.role !== 'viewer';
    case 'manageServices':
    case 'setServicePriority':
    case 'decideProposal':
      return isInternalLead(actor);
    case 'withdrawProposal':
      return (
        isInternalLead(actor) ||
        (proposal !== undefined && proposal.proposedByMembershipId === actor.membershipId)
      );
  }
}

export function assertCanResponsibility(
  actor: WorkspaceActor,
  action: ResponsibilityAction,
  proposal?: { proposedByMembershipId: string },
) {
  if (!canResponsibility(actor, action, proposal))
    throw new Forbidden(MESSAGES[action], 'RESPONSIBILITY_RIGHT_REQUIRED');
}

export function responsibilityAbilities(actor: WorkspaceActor) {
  return {
    view: canResponsibility(actor, 'view'),
    propose: canResponsibility(actor, 'propose'),
    manageServices: canResponsibility(actor, 'manageServices'),
    setServicePriority: canResponsibility(actor, 'setServicePriority'),
    decideProposal: canResponsibility(actor, 'decideProposal'),
  };
}
