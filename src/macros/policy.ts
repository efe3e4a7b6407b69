import { libraryPolicy } from '../server/library-policy.ts';

export type MacroAction = 'list' | 'apply' | 'create' | 'update' | 'delete';

/**
 * Like canned responses: staff list the macros they see and workers apply them (each step is
 * then checked against the ticket rights it needs); a party's lead keeps the party's own, the
 * internal lead the workspace-wide ones.
 */
const policy = libraryPolicy<MacroAction>({
  items: 'macros',
  use: { action: 'apply', refusal: 'Only staff of a party who may work tickets apply macros.' },
  code: 'MACRO_RIGHT_REQUIRED',
});

export const canSeeMacro = policy.canSee;
export const canMacro = policy.can;
export const assertCanMacro = policy.assert;
export const macroAbilities = policy.itemAbilities;
export const macrosAbilities = policy.listAbilities;
