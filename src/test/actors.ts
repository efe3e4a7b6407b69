import type { WorkspaceActor } from '../domain/actor.ts';

/** A workspace actor for pure policy tests: an internal agent of workspace `w` unless `over` says otherwise. */
export const testActor = (over: Partial<WorkspaceActor> = {}): WorkspaceActor => ({
  accountId: 'a',
  isAdmin: false,
  membershipId: 'm',
  workspaceId: 'w',
  workspaceSlug: 'w',
  ticketPrefix: 'W',
  role: 'agent',
  partyId: 'internal',
  partyKind: 'internal',
  ...over,
});
