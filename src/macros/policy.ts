import type { Macro } from '../db/schema/macros.ts';
import { isStaff, type WorkspaceActor } from '../domain/actor.ts';
import {
  canKeepLibraryItem,
  canSeeLibraryItem,
  canUseLibraryItem,
  libraryCreateAbilities,
  libraryItemAbilities,
} from '../domain/party-library.ts';
import { Forbidden } from '../server/errors.ts';

export type MacroAction = 'list' | 'apply' | 'create' | 'update' | 'delete';

type Scope = Pick<Macro, 'partyId'>;

/** Whether the actor sees this macro: workspace-wide ones, and their own party's. */
export const canSeeMacro = (actor: WorkspaceActor, item: Scope) => canSeeLibraryItem(actor, item);

/**
 * Like canned responses: staff list the macros they see and workers apply them (each step is
 * then checked against the ticket rights it needs); a party's lead keeps the party's own, the
 * internal lead the workspace-wide ones.
 */
export function canMacro(actor: WorkspaceActor, action: MacroAction, m?: Scope): boolean {
  switch (action) {
    case 'list':
      return isStaff(actor);
    case 'apply':
      return canUseLibraryItem(actor, m);
    case 'create':
    case 'update':
    case 'delete':
      return canKeepLibraryItem(actor, m);
  }
}

const MESSAGES: Record<MacroAction, string> = {
  list: 'Only staff of a party use macros.',
  apply: 'Only staff of a party who may work tickets apply macros.',
  create: "Only a party's lead adds its macros; the internal lead adds workspace-wide ones.",
  update: "Only a party's lead changes its macros; the internal lead changes workspace-wide ones.",
  delete: "Only a party's lead removes its macros; the internal lead removes workspace-wide ones.",
};

export function assertCanMacro(actor: WorkspaceActor, action: MacroAction, m?: Scope) {
  if (!canMacro(actor, action, m)) throw new Forbidden(MESSAGES[action], 'MACRO_RIGHT_REQUIRED');
}

export const macroAbilities = (actor: WorkspaceActor, item: Scope) => libraryItemAbilities(actor, item);

export const macrosAbilities = (actor: WorkspaceActor) => libraryCreateAbilities(actor);
