import { isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type ProblemAction = 'view' | 'manage' | 'runDetection';

/** Problems are staff work: both parties read them; viewers and requesters change nothing. */
export function canProblem(actor: WorkspaceActor, action: ProblemAction): boolean {
  switch (action) {
    case 'view':
      return isStaff(actor);
    case 'manage':
    case 'runDetection':
      return isStaff(actor) && actor.role !== 'viewer';
  }
}

export function assertCanProblem(actor: WorkspaceActor, action: ProblemAction) {
  if (canProblem(actor, action)) return;
  throw new Forbidden(
    action === 'view'
      ? 'Only staff of a party can read problem records.'
      : 'Only staff who work tickets (not viewers or requesters) may change problem records.',
    'PROBLEM_RIGHT_REQUIRED',
  );
}

export const problemAbilities = (actor: WorkspaceActor) => ({
  manage: canProblem(actor, 'manage'),
  runDetection: canProblem(actor, 'runDetection'),
});
