import { isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type ReadinessAction = 'view' | 'viewHome';

/**
 * Staff of both parties read the readiness checklist and the leads' home summary (a business
 * leader is an internal viewer); requesters see neither.
 */
export function canReadiness(actor: WorkspaceActor, action: ReadinessAction): boolean {
  switch (action) {
    case 'view':
    case 'viewHome':
      return isStaff(actor);
  }
}

const MESSAGES: Record<ReadinessAction, string> = {
  view: 'Only staff of a party (leads, agents and viewers) can read the readiness checklist.',
  viewHome: 'Only staff of a party (leads, agents and viewers) can read the leads’ home summary.',
};

export function assertCanReadiness(actor: WorkspaceActor, action: ReadinessAction) {
  if (!canReadiness(actor, action)) throw new Forbidden(MESSAGES[action], 'READINESS_ROLE_REQUIRED');
}

export const readinessAbilities = (actor: WorkspaceActor) => ({
  view: canReadiness(actor, 'view'),
  viewHome: canReadiness(actor, 'viewHome'),
});
