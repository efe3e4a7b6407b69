import type { BacklogItem } from '../db/schema/backlog.ts';
import { isLead, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

export type BacklogAction = 'view' | 'create' | 'update';

const isWorker = (actor: WorkspaceActor) => isStaff(actor) && actor.role !== 'viewer';

/**
 * The backlog is joint: staff of every party read and propose; the leads of either party and the
 * owner party's staff plan and move an item.
 */
export function canBacklog(
  actor: WorkspaceActor,
  action: BacklogAction,
  item?: Pick<BacklogItem, 'ownerPartyId'>,
) {
  switch (action) {
    case 'view':
      return isStaff(actor);
    case 'create':
      return isWorker(actor);
    case 'update':
      return (
        isWorker(actor) && (isLead(actor) || (item !== undefined && actor.partyId === item.ownerPartyId))
      );
  }
}

const MESSAGES: Record<BacklogAction, string> = {
  view: 'Only staff of a party can read the improvement backlog.',
  create: 'Only staff of a party (not viewers) may add to the improvement backlog.',
  update: "Only a party's lead or the owner party's staff may change a backlog item.",
};

export function assertCanBacklog(
  actor: WorkspaceActor,
  action: BacklogAction,
  item?: Pick<BacklogItem, 'ownerPartyId'>,
) {
  if (!canBacklog(actor, action, item)) throw new Forbidden(MESSAGES[action], 'BACKLOG_RIGHT_REQUIRED');
}

export const backlogAbilities = (actor: WorkspaceActor, item: Pick<BacklogItem, 'ownerPartyId'>) => ({
  update: canBacklog(actor, 'update', item),
});

/** What the caller may do on the board itself (the list response). */
export const backlogListAbilities = (actor: WorkspaceActor) => ({ create: canBacklog(actor, 'create') });
