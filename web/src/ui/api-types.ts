// Shapes of the API answers this app reads, as docs/api.md describes them.

export type MfaState = 'verified' | 'not_required' | 'pending' | 'enrolment_required';

export interface Session {
  mfaState: MfaState;
  expiresAt: string;
}

export interface SignInAnswer {
  session: Session;
  csrfToken: string;
}

export type Role = 'lead' | 'agent' | 'viewer' | 'requester';
export type PartyKind = 'internal' | 'provider';

export interface PartyRef {
  id: string;
  name: string;
  kind: PartyKind;
}

export interface MembershipSummary {
  id: string;
  role: Role;
  workspace: { id: string; slug: string; name: string };
  party: PartyRef | null;
}

export interface Me {
  account: {
    id: string;
    email: string;
    name: string;
    isAdmin: boolean;
    mfaEnrolled: boolean;
    mfaRequired: boolean;
  };
  session: Session;
  csrfToken: string;
  memberships: MembershipSummary[];
}

export type Abilities = Record<string, boolean | undefined>;

export interface WorkspaceDetail {
  workspace: { id: string; slug: string; name: string; requireMfa: boolean; version: number };
  /** The caller's own membership here; the party's name comes from /me or the parties list. */
  membership: { id: string; role: Role; partyId: string | null; partyKind: PartyKind | null };
  abilities: Abilities;
}

export interface Party extends PartyRef {
  memberCount: number;
  version: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Items<T> {
  items: T[];
}

export const ROLE_LABELS: Record<Role, string> = {
  lead: 'Lead',
  agent: 'Agent',
  viewer: 'Viewer',
  requester: 'Requester',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  lead: 'Runs their party: invites and manages its members',
  agent: 'Works in their party’s lanes',
  viewer: 'Reads everything their party can see, changes nothing',
  requester: 'Asks for help; belongs to no party',
};
