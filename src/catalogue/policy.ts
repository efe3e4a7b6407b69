import { isInternalLead, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

/** Everyone reads the active catalogue (the portal's "ask for"); the internal IT lead shapes it. */
export type CatalogueAction = 'view' | 'viewRetired' | 'manage';

export function canCatalogue(actor: WorkspaceActor, action: CatalogueAction): boolean {
  switch (action) {
    case 'view':
      return true;
    case 'viewRetired':
    case 'manage':
      return isInternalLead(actor);
  }
}

const MESSAGES: Record<CatalogueAction, string> = {
  view: 'You may not read the service catalogue.',
  viewRetired: 'Only the internal IT lead sees retired catalogue items.',
  manage: 'Only the internal IT lead may change the service catalogue.',
};

export function assertCanCatalogue(actor: WorkspaceActor, action: CatalogueAction) {
  if (!canCatalogue(actor, action)) throw new Forbidden(MESSAGES[action], 'CATALOGUE_RIGHT_REQUIRED');
}

export function catalogueAbilities(actor: WorkspaceActor): Record<CatalogueAction, boolean> {
  return {
    view: canCatalogue(actor, 'view'),
    viewRetired: canCatalogue(actor, 'viewRetired'),
    manage: canCatalogue(actor, 'manage'),
  };
}
