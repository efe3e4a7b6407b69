import { isInternalLead, isLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { canInvite, canManageMember, type MemberTarget } from '../domain/member-admin.ts';
import { Forbidden } from '../server/errors.ts';

export type MemberAction = 'list' | 'invite' | 'changeRole' | 'deactivate' | 'reactivate';

const MESSAGES: Record<MemberAction, string> = {
  list: 'Only staff of a party can see the member list.',
  invite:
    'You may not invite someone with that party and role: the internal lead invites anyone, a provider lead agents and viewers of its own party, internal agents requesters.',
  changeRole:
    'Only the internal lead, or a provider lead for non-lead members of its own party, may change this role.',
  deactivate:
    'Only the internal lead, or a provider lead for non-lead members of its own party, may deactivate this member.',
  reactivate:
    'Only the internal lead, or a provider lead for non-lead members of its own party, may reactivate this member.',
};

export function canMember(
  actor: WorkspaceActor,
  action: MemberAction,
  target?: MemberTarget & { membershipId: string },
): boolean {
  switch (action) {
    case 'list':
      return isStaff(actor);
    case 'invite':
      return target ? canInvite(actor, target) : isLead(actor) || isStaff(actor);
    case 'changeRole':
    case 'deactivate':
    case 'reactivate':
      return target ? canManageMember(actor, target) : isInternalLead(actor);
  }
}

export function assertCanMember(
  actor: WorkspaceActor,
  action: MemberAction,
  target?: MemberTarget & { membershipId: string },
) {
  if (!canMember(actor, action, target)) throw new Forbidden(MESSAGES[action], 'MEMBER_RIGHT_REQUIRED');
}

export function memberAbilities(
  actor: WorkspaceActor,
  target: MemberTarget & { membershipId: string; status: string },
) {
  const manage = canManageMember(actor, target);
  return {
    changeRole: manage && target.status === 'active',
    deactivate: manage && target.status === 'active',
    reactivate: manage && target.status === 'deactivated',
  };
}
