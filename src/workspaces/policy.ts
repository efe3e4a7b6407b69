import { canAudit } from '../audit/policy.ts';
import { isInternalLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type WorkspaceAction =
  | 'view'
  | 'update'
  | 'listParties'
  | 'manageParties'
  | 'readAudit'
  | 'manageMembers'
  | 'invite';

export function canWorkspace(actor: WorkspaceActor, action: WorkspaceAction): boolean {
  switch (action) {
    case 'view':
      return true;
    case 'listParties':
      return isStaff(actor);
    case 'update':
    case 'manageParties':
      return isInternalLead(actor);
    case 'readAudit':
      // Decided by the audit area; kept here so the workspace's abilities still tell the web app.
      return canAudit(actor, 'read');
    case 'manageMembers':
      return actor.role === 'lead';
    case 'invite':
      return actor.role === 'lead' || (actor.partyKind === 'internal' && actor.role === 'agent');
  }
}

const MESSAGES: Record<WorkspaceAction, string> = {
  view: 'You are not a member of this workspace.',
  update: 'Only the internal IT lead may change workspace settings.',
  listParties: 'Only staff of a party can see the parties.',
  manageParties: 'Only the internal IT lead may add or rename parties.',
  readAudit: 'Only the internal IT lead may read the audit log.',
  manageMembers: 'Only leads may manage members.',
  invite: 'You may not invite people to this workspace.',
};

export function assertCanWorkspace(actor: WorkspaceActor, action: WorkspaceAction) {
  if (!canWorkspace(actor, action)) throw new Forbidden(MESSAGES[action], 'WORKSPACE_RIGHT_REQUIRED');
}

export function workspaceAbilities(actor: WorkspaceActor) {
  const actions: WorkspaceAction[] = [
    'update',
    'listParties',
    'manageParties',
    'readAudit',
    'manageMembers',
    'invite',
  ];
  return Object.fromEntries(actions.map((a) => [a, canWorkspace(actor, a)])) as Record<
    WorkspaceAction,
    boolean
  >;
}
