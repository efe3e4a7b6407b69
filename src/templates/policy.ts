import type { TicketTemplate } from '../db/schema/templates.ts';
import { isInternalLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type TemplateAction = 'list' | 'create' | 'update' | 'delete';

type Scope = Pick<TicketTemplate, 'partyId'>;

/** Whether the actor sees this template: workspace-wide ones, and their own party's. */
export const canSeeTemplate = (actor: WorkspaceActor, m: Scope) =>
  isStaff(actor) && (m.partyId === null || m.partyId === actor.partyId);

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
      if (!isStaff(actor) || actor.role !== 'lead') return false;
      if (!m) return true;
      return m.partyId === null ? isInternalLead(actor) : m.partyId === actor.partyId;
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

export const templateAbilities = (actor: WorkspaceActor, m: Scope) => ({
  update: canTemplate(actor, 'update', m),
  delete: canTemplate(actor, 'delete', m),
});

export const templatesAbilities = (actor: WorkspaceActor) => ({
  createForParty: canTemplate(actor, 'create', { partyId: actor.partyId }),
  createForWorkspace: canTemplate(actor, 'create', { partyId: null }),
});
