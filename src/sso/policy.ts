import { isInternalLead, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type SsoAction = 'manageDomains';

/** Who may join by e-mail domain is the client's call: its internal lead's. */
export const canSso = (actor: WorkspaceActor, _action: SsoAction) => isInternalLead(actor);

export function assertCanSso(actor: WorkspaceActor, action: SsoAction) {
  if (!canSso(actor, action))
    throw new Forbidden(
      'Only the internal IT lead decides which e-mail domains may join by single sign-on.',
      'SSO_RIGHT_REQUIRED',
    );
}

export const ssoAbilities = (actor: WorkspaceActor) => ({ manageDomains: canSso(actor, 'manageDomains') });
