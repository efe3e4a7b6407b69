import { isInternalLead, isProviderLead, isSameParty, type WorkspaceActor } from '../domain/actor.ts';
import { canManageMember, type MemberTarget } from '../domain/member-admin.ts';
import { Forbidden } from '../server/errors.ts';

export type OffboardingAction = 'offboard' | 'view' | 'completeTask';

type Target = MemberTarget & { membershipId: string };

/**
 * The internal lead offboards anyone; a provider lead the non-lead staff of its own party (as for
 * deactivation). The same people read the record and confirm its tasks.
 */
export function canOffboarding(actor: WorkspaceActor, action: OffboardingAction, target?: Target): boolean {
  switch (action) {
    case 'offboard':
      return target ? canManageMember(actor, target) : isInternalLead(actor) || isProviderLead(actor);
    case 'view':
    case 'completeTask':
      return (
        isInternalLead(actor) || (isProviderLead(actor) && (!target || isSameParty(actor, target.partyId)))
      );
  }
}

const MESSAGES: Record<OffboardingAction, string> = {
  offboard:
    "Only the internal IT lead, or a provider lead for non-lead staff of the provider's own party, may offboard this person.",
  view: "Only the internal IT lead, or a provider lead for its own party's staff, may see offboarding.",
  completeTask:
    "Only the internal IT lead, or a provider lead for its own party's staff, may confirm an offboarding task.",
};

export function assertCanOffboarding(actor: WorkspaceActor, action: OffboardingAction, target?: Target) {
  if (!canOffboarding(actor, action, target))
    throw new Forbidden(MESSAGES[action], 'OFFBOARDING_RIGHT_REQUIRED');
}

export const offboardingAbilities = (actor: WorkspaceActor, target: Target, completed: boolean) => ({
  completeTask: !completed && canOffboarding(actor, 'completeTask', target),
});
