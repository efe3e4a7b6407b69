import { isInternalLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type SlaAction = 'view' | 'expect' | 'managePolicies' | 'manageParty';

/**
 * Staff of both parties read SLA settings; the internal lead sets policies, escalation and cover
 * (they are the business's terms); a party's lead keeps its own calendar and on-call rota. Anyone
 * who may see a ticket may see when to expect an answer on it (due times only).
 */
export function canSla(actor: WorkspaceActor, action: SlaAction, partyId?: string | null): boolean {
  switch (action) {
    case 'view':
      return isStaff(actor);
    case 'expect':
      // When to expect an answer: every member, about the tickets they may see (a requester, their own).
      return true;
    case 'managePolicies':
      return isInternalLead(actor);
    case 'manageParty':
      return isInternalLead(actor) || (actor.role === 'lead' && partyId != null && actor.partyId === partyId);
  }
}

const MESSAGES: Record<SlaAction, string> = {
  view: 'Only staff of a party may see SLA settings and clocks.',
  expect: 'Only members of this workspace may see when to expect an answer.',
  managePolicies: 'Only the internal lead may change SLA policies, escalation rules and cover rules.',
  manageParty: "Only the internal lead or that party's lead may change its calendar or on-call rota.",
};

export function assertCanSla(actor: WorkspaceActor, action: SlaAction, partyId?: string | null) {
  if (!canSla(actor, action, partyId)) throw new Forbidden(MESSAGES[action], 'SLA_RIGHT_REQUIRED');
}

export const slaAbilities = (actor: WorkspaceActor) => ({
  view: canSla(actor, 'view'),
  managePolicies: canSla(actor, 'managePolicies'),
  manageOwnParty: canSla(actor, 'manageParty', actor.partyId),
});
