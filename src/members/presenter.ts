import type { WorkspaceActor } from '../domain/actor.ts';
import { invitationStatus } from './invitations.ts';
import { memberAbilities } from './policy.ts';
import type { MemberRow } from './service.ts';

export function presentMember(actor: WorkspaceActor, m: MemberRow) {
  return {
    id: m.id,
    account: { id: m.accountId, email: m.email, name: m.name },
    role: m.role,
    party: m.partyId ? { id: m.partyId, name: m.partyName, kind: m.partyKind } : null,
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
  role: string;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
};

export function presentInvitation(
  i: InvitationLike,
  party: { id: string; name: string; kind: string } | null,
  invitedBy: string | null,
) {
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
