import type { DecisionType } from '../db/schema/decisions.ts';
import { isInternalLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import {
  canComment,
  canDecide,
  canPropose,
  canWithdraw,
  describeDecider,
} from '../domain/decision-rights.ts';
import { Forbidden } from '../server/errors.ts';

export type DecisionAction = 'view' | 'propose' | 'comment' | 'decide' | 'withdraw' | 'manageTypes';

export function assertCanDecision(
  actor: WorkspaceActor,
  action: DecisionAction,
  type?: DecisionType,
  context: { proposedByMembershipId?: string; delegateName?: string | null; partyName?: string | null } = {},
) {
  const name = type ? `"${type.name}"` : 'this decision';
  switch (action) {
    case 'view':
      if (!isStaff(actor))
        throw new Forbidden('Only staff of a party can read the decision log.', 'DECISION_RIGHT_REQUIRED');
      return;
    case 'manageTypes':
      if (!isInternalLead(actor))
        throw new Forbidden(
          'Only the internal IT lead may change who holds a decision right.',
          'DECISION_RIGHT_REQUIRED',
        );
      return;
    case 'propose':
      if (!type || !canPropose(actor, type)) {
        throw new Forbidden(
          `Your party and role may not propose ${name}; proposers: ${type?.proposerKinds.join(' and ') ?? 'none'} staff.`,
          'DECISION_RIGHT_REQUIRED',
        );
      }
      return;
    case 'comment':
      if (!canComment(actor))
        throw new Forbidden(
          'Only staff of a party may take part in the discussion.',
          'DECISION_RIGHT_REQUIRED',
        );
      return;
    case 'decide':
      if (!type || !canDecide(actor, type)) {
        const holder = type
          ? describeDecider(type, { delegate: context.delegateName, party: context.partyName })
          : 'the internal IT lead';
        throw new Forbidden(
          `Deciding ${name} needs the decision right held by ${holder}.`,
          'DECISION_RIGHT_REQUIRED',
        );
      }
      return;
    case 'withdraw':
      if (!canWithdraw(actor, context.proposedByMembershipId ?? '')) {
        throw new Forbidden(
          'Only the person who proposed this decision, or the internal IT lead, may withdraw it.',
          'DECISION_RIGHT_REQUIRED',
        );
      }
      return;
  }
}

export function decisionAbilities(
  actor: WorkspaceActor,
  type: DecisionType,
  decision: { status: string; proposedByMembershipId: string },
) {
  const open = decision.status === 'proposed';
  return {
    decide: open && canDecide(actor, type),
    withdraw: open && canWithdraw(actor, decision.proposedByMembershipId),
    comment: open && canComment(actor),
  };
}
