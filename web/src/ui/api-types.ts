// The API's answers as this app receives them: the server's contract types seen through JSON (Wire).
import type {
  Me as MeContract,
  MembershipSummary as MembershipSummaryContract,
  MfaState as MfaStateContract,
  SessionState,
  SignInAnswer as SignInAnswerContract,
} from '../../../src/accounts/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import type {
  Party as PartyContract,
  PartyKind as PartyKindContract,
  PartyRef as PartyRefContract,
  Role as RoleContract,
  WorkspaceDetail as WorkspaceDetailContract,
} from '../../../src/workspaces/contract.ts';

export type MfaState = MfaStateContract;
export type Session = Wire<SessionState>;
export type SignInAnswer = Wire<SignInAnswerContract>;
export type Role = RoleContract;
export type PartyKind = PartyKindContract;
export type PartyRef = Wire<PartyRefContract>;
export type MembershipSummary = Wire<MembershipSummaryContract>;
export type Me = Wire<MeContract>;
export type WorkspaceDetail = Wire<WorkspaceDetailContract>;
export type Abilities = WorkspaceDetail['abilities'];
export type Party = Wire<PartyContract>;

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
