import type { CannedResponse } from '../db/schema/replies.ts';
import { isStaff, type WorkspaceActor } from '../domain/actor.ts';
import {
  canKeepLibraryItem,
  canSeeLibraryItem,
  canUseLibraryItem,
  libraryCreateAbilities,
  libraryItemAbilities,
} from '../domain/party-library.ts';
import { Forbidden } from '../server/errors.ts';

export type ReplyAction = 'list' | 'use' | 'create' | 'update' | 'delete';
type Scope = Pick<CannedResponse, 'partyId'>;

/** Whether the actor sees this canned response: workspace-wide ones, and their own party's. */
export const canSeeCannedResponse = (actor: WorkspaceActor, item: Scope) => canSeeLibraryItem(actor, item);

/**
 * Staff list and use the responses they see. A party's lead keeps the party's own; the internal
 * lead also keeps the workspace-wide ones (they speak for the whole desk).
 */
export function canReply(actor: WorkspaceActor, action: ReplyAction, r?: Scope): boolean {
  switch (action) {
    case 'list':
      return isStaff(actor);
    case 'use':
      return canUseLibraryItem(actor, r);
    case 'create':
    case 'update':
    case 'delete':
      return canKeepLibraryItem(actor, r);
  }
}

const MESSAGES: Record<ReplyAction, string> = {
  list: 'Only staff of a party use canned responses.',
  use: 'Only staff of a party who may reply use canned responses.',
  create: "Only a party's lead adds its canned responses; the internal lead adds workspace-wide ones.",
  update: "Only a party's lead changes its canned responses; the internal lead changes workspace-wide ones.",
  delete: "Only a party's lead removes its canned responses; the internal lead removes workspace-wide ones.",
};

export function assertCanReply(actor: WorkspaceActor, action: ReplyAction, r?: Scope) {
  if (!canReply(actor, action, r)) throw new Forbidden(MESSAGES[action], 'REPLY_RIGHT_REQUIRED');
}

export const cannedResponseAbilities = (actor: WorkspaceActor, item: Scope) =>
  libraryItemAbilities(actor, item);

export const repliesAbilities = (actor: WorkspaceActor) => libraryCreateAbilities(actor);
