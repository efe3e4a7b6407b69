import { libraryPolicy } from '../server/library-policy.ts';

export type ReplyAction = 'list' | 'use' | 'create' | 'update' | 'delete';

/**
 * Staff list and use the responses they see. A party's lead keeps the party's own; the internal
 * lead also keeps the workspace-wide ones (they speak for the whole desk).
 */
const policy = libraryPolicy<ReplyAction>({
  items: 'canned responses',
  use: { action: 'use', refusal: 'Only staff of a party who may reply use canned responses.' },
  code: 'REPLY_RIGHT_REQUIRED',
});

export const canSeeCannedResponse = policy.canSee;
export const canReply = policy.can;
export const assertCanReply = policy.assert;
export const cannedResponseAbilities = policy.itemAbilities;
export const repliesAbilities = policy.listAbilities;
