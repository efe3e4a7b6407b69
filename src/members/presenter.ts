import type { PartyKind, Role } from '../db/schema/workspaces.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { partyRefOf } from '../workspaces/my-memberships.ts';
import type { Member, WorkspaceInvitation } from './contract.ts';
import { invitationStatus } from './invitations.ts';
import { memberAbilities } from './policy.ts';
import type { MemberRow } from './service.ts';

export function presentMember(actor: WorkspaceActor, m: MemberRow): Member {
  return {
    id: m.id,
    account: { id: m.accountId, email: m.email, name: m.name },
    role: m.role,
    party: partyRefOf(m),
    status: m.status,
    mfaEnrolled: m.mfaEnrolledAt !== null,
    createdAt: m.createdAt,
    deactivatedAt: m.deactivatedAt,
    version: m.version,
    abilities: memberAbilities(actor, {
      membershipId: m.id,
      partyId: m.partyId,
      partyKind: m.partyKind,
      role: m.role,
      status: m.status,
    }),
  };
}

type InvitationLike = {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
};

export function presentInvitation(
  i: InvitationLike,
  party: { id: string; name: string; kind: PartyKind } | null,
  invitedBy: string | null,
): WorkspaceInvitation {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    party: party ? { id: party.id, name: party.name, kind: party.kind } : null,
    invitedBy,
    createdAt: i.createdAt,
    expiresAt: i.expiresAt,
    status: invitationStatus(i),
  };
}
