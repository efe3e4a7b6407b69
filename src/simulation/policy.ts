import { isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type SimulationAction = 'view';

/** Staff of both parties see how far the demo's simulated history is built; requesters do not. */
export function canSimulation(actor: WorkspaceActor, action: SimulationAction): boolean {
  switch (action) {
    case 'view':
      return isStaff(actor);
  }
}

export function assertCanSimulation(actor: WorkspaceActor, action: SimulationAction) {
  if (!canSimulation(actor, action))
    throw new Forbidden(
      'Only staff of a party can see how far the simulated history is built.',
      'SIMULATION_ROLE_REQUIRED',
    );
}
