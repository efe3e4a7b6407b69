import { isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type SystemAction =
  | 'view'
  | 'manage'
  | 'viewTicketAssets'
  | 'linkTicketAssets'
  | 'viewKnowledgeHealth';

const isWorker = (actor: WorkspaceActor) => isStaff(actor) && actor.role !== 'viewer';

/**
 * The systems register is staff knowledge: both parties read it and the knowledge-health report;
 * staff who work tickets (not viewers or requesters) keep it and link assets to tickets.
 */
export function canSystem(actor: WorkspaceActor, action: SystemAction): boolean {
  switch (action) {
    case 'view':
    case 'viewTicketAssets':
    case 'viewKnowledgeHealth':
      return isStaff(actor);
    case 'manage':
    case 'linkTicketAssets':
      return isWorker(actor);
  }
}

const MESSAGES: Record<SystemAction, string> = {
  view: 'Only staff of a party can read the systems register.',
  manage: 'Only staff who work tickets (not viewers or requesters) may change the systems register.',
  viewTicketAssets: 'Only staff of a party can see the assets of a ticket.',
  linkTicketAssets: 'Only staff who work tickets (not viewers or requesters) may link assets to a ticket.',
  viewKnowledgeHealth: 'Only staff of a party can read the knowledge-health report.',
};

export function assertCanSystem(actor: WorkspaceActor, action: SystemAction) {
  if (!canSystem(actor, action)) throw new Forbidden(MESSAGES[action], 'SYSTEM_RIGHT_REQUIRED');
}

export const systemAbilities = (actor: WorkspaceActor) => ({
  manage: canSystem(actor, 'manage'),
  linkTicketAssets: canSystem(actor, 'linkTicketAssets'),
});
