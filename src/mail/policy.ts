import { isLead, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type MailAction = 'view' | 'configure' | 'quarantine';

/** E-mail channels, their events and the quarantine: the leads of either party, nobody else. */
export function canMail(actor: WorkspaceActor, _action: MailAction) {
  return isLead(actor) && actor.partyId !== null;
}

export function assertCanMail(actor: WorkspaceActor, action: MailAction) {
  if (!canMail(actor, action))
    throw new Forbidden(
      'Only the leads of the internal IT team or the provider manage e-mail channels and their quarantine.',
      'MAIL_RIGHT_REQUIRED',
    );
}
