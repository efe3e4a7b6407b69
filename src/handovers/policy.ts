import { isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type HandoverAction = 'view' | 'manage';

/** Knowledge-transfer sessions are staff work: both parties read them; viewers record nothing. */
export function canHandover(actor: WorkspaceActor, action: HandoverAction): boolean {
  switch (action) {
    case 'view':
      return isStaff(actor);
    case 'manage':
      return isStaff(actor) && actor.role !== 'viewer';
  }
}

const MESSAGES: Record<HandoverAction, string> = {
  view: 'Only staff of a party can read knowledge-transfer sessions.',
  manage: 'Only staff who work tickets (not viewers or requesters) may record knowledge-transfer sessions.',
};

export function assertCanHandover(actor: WorkspaceActor, action: HandoverAction) {
  if (!canHandover(actor, action)) throw new Forbidden(MESSAGES[action], 'HANDOVER_RIGHT_REQUIRED');
}

export const handoverAbilities = (actor: WorkspaceActor) => ({ manage: canHandover(actor, 'manage') });
