import type { Risk } from '../db/schema/risks.ts';
import { isInternal, isInternalLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

/** Accepting a residual risk is a decision right, checked on its own (assertHoldsAcceptRight). */
export type RiskAction = 'view' | 'create' | 'edit' | 'addAction' | 'close';

const working = (a: WorkspaceActor) => isStaff(a) && a.role !== 'viewer';

/**
 * Staff of both parties read the register and may raise a risk or a treatment action (the
 * provider often sees a risk first); the internal party edits it; the owner or the internal lead closes it.
 */
export function canRisk(actor: WorkspaceActor, action: RiskAction, risk?: Pick<Risk, 'ownerMembershipId'>) {
  switch (action) {
    case 'view':
      return isStaff(actor);
    case 'create':
    case 'addAction':
      return working(actor);
    case 'edit':
      return working(actor) && isInternal(actor);
    case 'close':
      return isInternalLead(actor) || (risk !== undefined && risk.ownerMembershipId === actor.membershipId);
  }
}

const MESSAGES: Record<RiskAction, string> = {
  view: 'Only staff of a party can read the risk register.',
  create: 'Only leads and agents of a party may raise a risk.',
  addAction: 'Only leads and agents of a party may add a treatment action.',
  edit: 'Only leads and agents of the internal party may change a risk.',
  close: 'Only the risk owner or the internal IT lead may close a risk.',
};

export function assertCanRisk(
  actor: WorkspaceActor,
  action: RiskAction,
  risk?: Pick<Risk, 'ownerMembershipId'>,
) {
  if (!canRisk(actor, action, risk)) throw new Forbidden(MESSAGES[action], 'RISK_ROLE_REQUIRED');
}

export function riskAbilities(
  actor: WorkspaceActor,
  risk: Pick<Risk, 'ownerMembershipId' | 'status'>,
  holdsAcceptRight: boolean,
) {
  const open = risk.status === 'open';
  return {
    edit: open && canRisk(actor, 'edit', risk),
    addAction: open && canRisk(actor, 'addAction', risk),
    close: open && canRisk(actor, 'close', risk),
    accept: open && holdsAcceptRight,
  };
}
