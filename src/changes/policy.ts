import type { Change } from '../db/schema/changes.ts';
import { isInternal, isInternalLead, isSameParty, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { isEditable, needsReview } from '../domain/changes.ts';
import { Forbidden } from '../server/errors.ts';

export type ChangeAction =
  | 'view'
  | 'create'
  | 'edit'
  | 'submit'
  | 'setImplementingParty'
  | 'implement'
  | 'writeReview'
  | 'close'
  | 'watch'
  | 'manageFreezes'
  | 'proposeTemplate'
  | 'manageWorkspaceFeed'
  | 'usePersonalFeed';

type ChangeFacts = Pick<Change, 'status' | 'implementingPartyId' | 'type' | 'outcome'>;

const worksOnChanges = (a: WorkspaceActor) => isStaff(a) && a.role !== 'viewer';

/**
 * Who may do what with changes. Approval is not here: it is the approve-normal-change /
 * emergency-change decision right, checked by the decision log when the request is decided.
 */
export function canChange(actor: WorkspaceActor, action: ChangeAction, change?: ChangeFacts): boolean {
  switch (action) {
    case 'view':
    case 'watch':
    case 'usePersonalFeed':
      return isStaff(actor);
    case 'create':
    case 'proposeTemplate':
      return worksOnChanges(actor);
    case 'edit':
    case 'submit':
      return worksOnChanges(actor) && (!change || isEditable(change.status));
    case 'writeReview':
      return worksOnChanges(actor) && change?.status !== 'reviewed';
    case 'setImplementingParty':
    case 'manageFreezes':
    case 'manageWorkspaceFeed':
      return isInternalLead(actor);
    case 'implement':
      // The implementing party's staff carry it out; the internal lead may always record progress.
      if (isInternalLead(actor)) return true;
      if (!worksOnChanges(actor)) return false;
      return change?.implementingPartyId ? isSameParty(actor, change.implementingPartyId) : isInternal(actor);
    case 'close':
      return worksOnChanges(actor) && isInternal(actor);
  }
}

const MESSAGES: Record<ChangeAction, string> = {
  view: 'Only staff of a party can read changes.',
  watch: 'Only staff of a party can watch changes.',
  usePersonalFeed: 'Only staff of a party have a change calendar feed.',
  create: 'Only leads and agents of a party (not viewers) may raise changes.',
  proposeTemplate: 'Only leads and agents of a party (not viewers) may propose standard change templates.',
  edit: 'Only leads and agents of a party may edit a change, and only while it is a draft or was rejected.',
  submit: 'Only leads and agents of a party may submit a change, and only a draft or a rejected one.',
  writeReview: 'Only leads and agents of a party may write the post-implementation review.',
  setImplementingParty: 'Only the internal IT lead may choose a different implementing party.',
  manageFreezes: 'Only the internal IT lead manages change freezes.',
  manageWorkspaceFeed: "Only the internal IT lead manages the workspace's calendar feeds.",
  implement: 'Only the implementing party (or the internal IT lead) may record progress on this change.',
  close: 'Only the internal party closes a change after its review.',
};

export function assertCanChange(actor: WorkspaceActor, action: ChangeAction, change?: ChangeFacts) {
  // State is checked by the lifecycle rule (409); this is about the person (403).
  const facts =
    change && (action === 'edit' || action === 'submit') ? { ...change, status: 'draft' as const } : change;
  if (!canChange(actor, action, facts)) throw new Forbidden(MESSAGES[action], 'CHANGE_ROLE_REQUIRED');
}

export function changeAbilities(actor: WorkspaceActor, change: ChangeFacts, canDecide: boolean) {
  const can = (a: ChangeAction) => canChange(actor, a, change);
  const s = change.status;
  return {
    edit: can('edit'),
    submit: can('submit'),
    decide: canDecide && s === 'submitted',
    setImplementingParty: can('setImplementingParty') && isEditable(s),
    start: can('implement') && s === 'scheduled',
    complete: can('implement') && s === 'in_progress',
    writeReview: can('writeReview') && ['implemented', 'failed', 'backed_out'].includes(s),
    close: can('close') && ['implemented', 'failed', 'backed_out'].includes(s),
    reviewRequired: needsReview(change),
    watch: can('watch'),
  };
}

export function changeListAbilities(actor: WorkspaceActor) {
  return {
    create: canChange(actor, 'create'),
    manageFreezes: canChange(actor, 'manageFreezes'),
    proposeTemplate: canChange(actor, 'proposeTemplate'),
    manageWorkspaceFeed: canChange(actor, 'manageWorkspaceFeed'),
  };
}
