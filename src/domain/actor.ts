import type { PartyKind, Role } from '../db/schema/workspaces.ts';

/** Who is acting inside one workspace: an active membership, resolved by the server. */
export type WorkspaceActor = {
  accountId: string;
  isAdmin: boolean;
  membershipId: string;
  workspaceId: string;
  workspaceSlug: string;
  /** Prefix of the workspace's ticket keys (ACME). */
  ticketPrefix: string;
  role: Role;
  partyId: string | null;
  partyKind: PartyKind | null;
};

export const isInternalLead = (a: WorkspaceActor) => a.partyKind === 'internal' && a.role === 'lead';
export const isProviderLead = (a: WorkspaceActor) => a.partyKind === 'provider' && a.role === 'lead';
export const isLead = (a: WorkspaceActor) => a.role === 'lead';
export const isStaff = (a: WorkspaceActor) => a.partyId !== null && a.role !== 'requester';
export const isInternal = (a: WorkspaceActor) => a.partyKind === 'internal';
export const isProvider = (a: WorkspaceActor) => a.partyKind === 'provider';
export const isSameParty = (a: WorkspaceActor, partyId: string | null) =>
  a.partyId !== null && a.partyId === partyId;
