import { isInternalLead, isProvider, isSameParty, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type EngagementAction = 'view' | 'create' | 'edit' | 'propose' | 'decide';

/**
 * The engagement is the business's record: staff of every party read it; the internal lead writes
 * it (a new version) and decides proposals; the provider's lead and agents propose changes to
 * their own party's engagement.
 */
export function canEngagement(
  actor: WorkspaceActor,
  action: EngagementAction,
  engagement?: { providerPartyId: string },
): boolean {
  switch (action) {
    case 'view':
      return isStaff(actor);
    case 'create':
    case 'edit':
    case 'decide':
      return isInternalLead(actor);
    case 'propose':
      return (
        isProvider(actor) &&
        actor.role !== 'viewer' &&
        isStaff(actor) &&
        (engagement === undefined || isSameParty(actor, engagement.providerPartyId))
      );
  }
}

const MESSAGES: Record<EngagementAction, string> = {
  view: 'Only staff of a party can read the engagement.',
  create: 'Only the internal IT lead records an engagement.',
  edit: "Only the internal IT lead edits the engagement's terms; the provider proposes changes.",
  propose: "Only the provider's lead and agents propose changes to their own engagement.",
  decide: 'Only the internal IT lead approves or rejects a proposal.',
};

export function assertCanEngagement(
  actor: WorkspaceActor,
  action: EngagementAction,
  engagement?: { providerPartyId: string },
) {
  if (!canEngagement(actor, action, engagement))
    throw new Forbidden(MESSAGES[action], 'ENGAGEMENT_RIGHT_REQUIRED');
}

export const engagementAbilities = (actor: WorkspaceActor, engagement: { providerPartyId: string }) => ({
  edit: canEngagement(actor, 'edit', engagement),
  propose: canEngagement(actor, 'propose', engagement),
  decide: canEngagement(actor, 'decide', engagement),
});
