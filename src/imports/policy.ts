import { isInternalLead, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type ImportAction = 'run';

/** Bringing records in from another desk is the client's call: its internal lead's. */
export const canImport = (actor: WorkspaceActor, _action: ImportAction) => isInternalLead(actor);

export function assertCanImport(actor: WorkspaceActor, action: ImportAction) {
  if (!canImport(actor, action))
    throw new Forbidden(
      'Only the internal IT lead imports records from another desk.',
      'IMPORT_RIGHT_REQUIRED',
    );
}
