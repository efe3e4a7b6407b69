import type { Macro } from '../db/schema/macros.ts';
import { isInternalLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type MacroAction = 'list' | 'apply' | 'create' | 'update' | 'delete';

type Scope = Pick<Macro, 'partyId'>;

/** Whether the actor sees this macro: workspace-wide ones, and their own party's. */
export const canSeeMacro = (actor: WorkspaceActor, m: Scope) =>
  isStaff(actor) && (m.partyId === null || m.partyId === actor.partyId);

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
      return isStaff(actor) && actor.role !== 'viewer' && (!m || canSeeMacro(actor, m));
    case 'create':
    case 'update':
    case 'delete':
      if (!isStaff(actor) || actor.role !== 'lead') return false;
      if (!m) return true;
      return m.partyId === null ? isInternalLead(actor) : m.partyId === actor.partyId;
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

export const macroAbilities = (actor: WorkspaceActor, m: Scope) => ({
  update: canMacro(actor, 'update', m),
  delete: canMacro(actor, 'delete', m),
});

export const macrosAbilities = (actor: WorkspaceActor) => ({
  createForParty: canMacro(actor, 'create', { partyId: actor.partyId }),
  createForWorkspace: canMacro(actor, 'create', { partyId: null }),
});
