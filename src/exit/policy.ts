import { isInternal, isInternalLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type ExitAction = 'view' | 'export' | 'verify' | 'download';

/**
 * The exit plan protects the business against losing its provider: the internal party's staff
 * read it (its checklist names tickets of every lane, which provider staff may not see); only the
 * internal lead prepares, verifies and downloads the whole workspace (the archive holds every
 * record, including every confidential comment).
 */
export function canExit(actor: WorkspaceActor, action: ExitAction): boolean {
  switch (action) {
    case 'view':
      return isStaff(actor) && isInternal(actor);
    case 'export':
    case 'verify':
    case 'download':
      return isInternalLead(actor);
  }
}

const MESSAGES: Record<ExitAction, string> = {
  view: "Only the internal party's staff can read the exit plan.",
  export: 'Only the internal IT lead may export the whole workspace.',
  verify: 'Only the internal IT lead may run an export verification.',
  download: 'Only the internal IT lead may download a workspace export.',
};

export function assertCanExit(actor: WorkspaceActor, action: ExitAction): void {
  if (!canExit(actor, action)) throw new Forbidden(MESSAGES[action], 'EXIT_RIGHT_REQUIRED');
}

export const exitAbilities = (actor: WorkspaceActor) => ({
  export: canExit(actor, 'export'),
  verify: canExit(actor, 'verify'),
  download: canExit(actor, 'download'),
});
