export const PARTY_KINDS = ['internal', 'provider'] as const;
export const ROLES = ['lead', 'agent', 'viewer', 'requester'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];
export type Role = (typeof ROLES)[number];

/** Where a request came from (audit rows carry it); set by the server for each request. */
export type RequestMeta = {
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
  /** Set on create routes called with an Idempotency-Key header. */
  idempotency?: { key: string; requestHash: string; claimed: boolean } | undefined;
};

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

/** An actor's membership as the database's actor functions answer it (tandem_workspace_actor, tandem_api_token_actor). */
export type ActorRow = {
  membership_id: string;
  workspace_id: string;
  workspace_slug: string;
  ticket_prefix: string;
  role: Role;
  party_id: string | null;
  party_kind: PartyKind | null;
};

/** The actor an account is in a workspace, from its membership's row. */
export const actorOfRow = (account: { id: string; isAdmin: boolean }, row: ActorRow): WorkspaceActor => ({
  accountId: account.id,
  isAdmin: account.isAdmin,
  membershipId: row.membership_id,
  workspaceId: row.workspace_id,
  workspaceSlug: row.workspace_slug,
  ticketPrefix: row.ticket_prefix,
  role: row.role,
  partyId: row.party_id,
  partyKind: row.party_kind ?? null,
});

export const isInternalLead = (a: WorkspaceActor) => a.partyKind === 'internal' && a.role === 'lead';
export const isProviderLead = (a: WorkspaceActor) => a.partyKind === 'provider' && a.role === 'lead';
export const isLead = (a: WorkspaceActor) => a.role === 'lead';
export const isStaff = (a: WorkspaceActor) => a.partyId !== null && a.role !== 'requester';
export const isInternal = (a: WorkspaceActor) => a.partyKind === 'internal';
export const isProvider = (a: WorkspaceActor) => a.partyKind === 'provider';
export const isSameParty = (a: WorkspaceActor, partyId: string | null) =>
  a.partyId !== null && a.partyId === partyId;
