import { isInternalLead, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type SsoAction = 'manageDomains' | 'viewSignIns';

/**
 * Who may join by e-mail domain is the client's call: its internal lead's. The sign-in page (status
 * and events) is the same person's, as for the domain rules; an instance administrator who is a
 * member may see it too (and there also the events that name no workspace).
 */
export const canSso = (actor: WorkspaceActor, action: SsoAction) =>
  isInternalLead(actor) || (action === 'viewSignIns' && actor.isAdmin);

export function assertCanSso(actor: WorkspaceActor, action: SsoAction) {
  if (!canSso(actor, action))
    throw new Forbidden(
      action === 'manageDomains'
        ? 'Only the internal IT lead decides which e-mail domains may join by single sign-on.'
        : 'Only the internal IT lead (or an instance administrator) sees single sign-on events.',
      'SSO_RIGHT_REQUIRED',
    );
}

export const ssoAbilities = (actor: WorkspaceActor) => ({ manageDomains: canSso(actor, 'manageDomains') });
