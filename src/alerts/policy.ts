import { isLead, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type AlertsAction = 'view' | 'configure';

/** Monitoring integrations: the leads of either party configure and read them; nobody else. */
export function canAlerts(actor: WorkspaceActor, _action: AlertsAction) {
  return isLead(actor) && actor.partyId !== null;
}

export function assertCanAlerts(actor: WorkspaceActor, action: AlertsAction) {
  if (!canAlerts(actor, action))
    throw new Forbidden(
      'Only the leads of the internal IT team or the provider configure monitoring integrations.',
      'INTEGRATION_RIGHT_REQUIRED',
    );
}

export const alertsAbilities = (actor: WorkspaceActor) => ({ configure: canAlerts(actor, 'configure') });
