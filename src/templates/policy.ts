import type { TicketTemplate } from '../db/schema/templates.ts';
import { isStaff, type WorkspaceActor } from '../domain/actor.ts';
import {
  canKeepLibraryItem,
  canSeeLibraryItem,
  libraryCreateAbilities,
  libraryItemAbilities,
} from '../domain/party-library.ts';
import { Forbidden } from '../server/errors.ts';

export type TemplateAction = 'list' | 'create' | 'update' | 'delete';

type Scope = Pick<TicketTemplate, 'partyId'>;

/** Whether the actor sees this template: workspace-wide ones, and their own party's. */
export const canSeeTemplate = (actor: WorkspaceActor, item: Scope) => canSeeLibraryItem(actor, item);

/**
 * Like canned responses: staff list the templates they see (raising the ticket is checked by the
 * ticket rules); a party's lead keeps the party's own, the internal lead the workspace-wide ones.
 */
export function canTemplate(actor: WorkspaceActor, action: TemplateAction, m?: Scope): boolean {
  switch (action) {
    case 'list':
      return isStaff(actor);
    case 'create':
    case 'update':
    case 'delete':
      return canKeepLibraryItem(actor, m);
  }
}

const MESSAGES: Record<TemplateAction, string> = {
  list: 'Only staff of a party use ticket templates.',
  create: "Only a party's lead adds its ticket templates; the internal lead adds workspace-wide ones.",
  update: "Only a party's lead changes its ticket templates; the internal lead changes workspace-wide ones.",
  delete: "Only a party's lead removes its ticket templates; the internal lead removes workspace-wide ones.",
};

export function assertCanTemplate(actor: WorkspaceActor, action: TemplateAction, m?: Scope) {
  if (!canTemplate(actor, action, m)) throw new Forbidden(MESSAGES[action], 'TEMPLATE_RIGHT_REQUIRED');
}

export const templateAbilities = (actor: WorkspaceActor, item: Scope) => libraryItemAbilities(actor, item);

export const templatesAbilities = (actor: WorkspaceActor) => libraryCreateAbilities(actor);
