import type { ServiceReview } from '../db/schema/reviews.ts';
import { isInternalLead, isLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type ReviewAction = 'view' | 'create' | 'comment' | 'agreeAction' | 'hold' | 'settings';

/**
 * The service review is the leads' meeting: staff of both parties (viewers included: the business
 * leader reads the pack) read it; the internal lead and the provider lead prepare it, comment on its
 * sections, agree actions and mark it held; the internal lead names who receives it by e-mail.
 * Requesters never see it.
 */
export function canReview(actor: WorkspaceActor, action: ReviewAction): boolean {
  switch (action) {
    case 'view':
      return isStaff(actor);
    case 'create':
    case 'comment':
    case 'agreeAction':
    case 'hold':
      return isStaff(actor) && isLead(actor);
    case 'settings':
      return isInternalLead(actor);
  }
}

const MESSAGES: Record<ReviewAction, string> = {
  view: 'Only staff of a party can read service reviews; requesters cannot.',
  create: 'Only the internal IT lead or the provider lead may prepare a service review.',
  comment: 'Only the internal IT lead or the provider lead may write commentary on a review.',
  agreeAction: 'Only the internal IT lead or the provider lead may agree an action in a review.',
  hold: 'Only the internal IT lead or the provider lead may mark a review held.',
  settings: 'Only the internal IT lead chooses who receives the review pack.',
};

export function assertCanReview(actor: WorkspaceActor, action: ReviewAction) {
  if (!canReview(actor, action)) throw new Forbidden(MESSAGES[action], 'REVIEW_ROLE_REQUIRED');
}

export function reviewAbilities(actor: WorkspaceActor, review: Pick<ServiceReview, 'status'>) {
  const draft = review.status === 'draft';
  return {
    comment: draft && canReview(actor, 'comment'),
    agreeAction: draft && canReview(actor, 'agreeAction'),
    hold: draft && canReview(actor, 'hold'),
  };
}
