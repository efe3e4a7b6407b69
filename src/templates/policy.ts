import { libraryPolicy } from '../server/library-policy.ts';

export type TemplateAction = 'list' | 'create' | 'update' | 'delete';

/**
 * Like canned responses: staff list the templates they see (raising the ticket is checked by the
 * ticket rules); a party's lead keeps the party's own, the internal lead the workspace-wide ones.
 */
const policy = libraryPolicy<TemplateAction>({ items: 'ticket templates', code: 'TEMPLATE_RIGHT_REQUIRED' });

export const canSeeTemplate = policy.canSee;
export const canTemplate = policy.can;
export const assertCanTemplate = policy.assert;
export const templateAbilities = policy.itemAbilities;
export const templatesAbilities = policy.listAbilities;
