import type { BacklogItem } from '../db/schema/backlog.ts';
import { isInternal, isLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type BacklogAction = 'view' | 'create' | 'update' | 'prioritise';

const isWorker = (actor: WorkspaceActor) => isStaff(actor) && actor.role !== 'viewer';

/**
 * The backlog is joint: staff of every party read and propose; the leads of either party and the
 * owner party's staff plan and move an item. Order and priority are the business's: only the
 * internal party sets them (a provider proposes; issue #13).
 */
export function canBacklog(
  actor: WorkspaceActor,
  action: BacklogAction,
  item?: Pick<BacklogItem, 'ownerPartyId'>,
): boolean {
  switch (action) {
    case 'view':
      return isStaff(actor);
    case 'create':
      return isWorker(actor);
    case 'update':
      return (
        isWorker(actor) && (isLead(actor) || (item !== undefined && actor.partyId === item.ownerPartyId))
      );
    case 'prioritise':
      return isInternal(actor) && canBacklog(actor, 'update', item);
  }
}

const MESSAGES: Record<BacklogAction, string> = {
  view: 'Only staff of a party can read the improvement backlog.',
  create: 'Only staff of a party (not viewers) may add to the improvement backlog.',
  update: "Only a party's lead or the owner party's staff may change a backlog item.",
  prioritise:
    "Only the internal party (its lead, or its staff on the items it owns) sets the backlog's order and priority; propose the change to them.",
};
const CODES: Record<BacklogAction, string> = {
  view: 'BACKLOG_RIGHT_REQUIRED',
  create: 'BACKLOG_RIGHT_REQUIRED',
  update: 'BACKLOG_RIGHT_REQUIRED',
  prioritise: 'BACKLOG_PRIORITY_INTERNAL',
};

export function assertCanBacklog(
  actor: WorkspaceActor,
  action: BacklogAction,
  item?: Pick<BacklogItem, 'ownerPartyId'>,
) {
  if (!canBacklog(actor, action, item)) throw new Forbidden(MESSAGES[action], CODES[action]);
}

export const backlogAbilities = (actor: WorkspaceActor, item: Pick<BacklogItem, 'ownerPartyId'>) => ({
  update: canBacklog(actor, 'update', item),
  prioritise: canBacklog(actor, 'prioritise', item),
});

/** What the caller may do on the board itself (the list response). */
export const backlogListAbilities = (actor: WorkspaceActor) => ({ create: canBacklog(actor, 'create') });
