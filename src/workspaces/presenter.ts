import type { PartyKind } from '../db/schema/workspaces.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import type { Party, WorkspaceDetail } from './contract.ts';
import { workspaceAbilities } from './policy.ts';

type WorkspaceRow = {
  id: string;
  slug: string;
  name: string;
  requireMfa: boolean;
  version: number;
  createdAt: Date;
};

export const presentWorkspace = (w: WorkspaceRow) => ({
  id: w.id,
  slug: w.slug,
  name: w.name,
  requireMfa: w.requireMfa,
  version: w.version,
  createdAt: w.createdAt,
});

export const presentWorkspaceDetail = (w: WorkspaceRow, actor: WorkspaceActor): WorkspaceDetail => ({
  workspace: presentWorkspace(w),
  membership: {
    id: actor.membershipId,
    role: actor.role,
    partyId: actor.partyId,
    partyKind: actor.partyKind,
  },
  abilities: workspaceAbilities(actor),
});

export const presentParty = (p: {
  id: string;
  name: string;
  kind: PartyKind;
  version: number;
  createdAt: Date;
  memberCount?: number;
}): Party => ({
  id: p.id,
  name: p.name,
  kind: p.kind,
  version: p.version,
  createdAt: p.createdAt,
  memberCount: p.memberCount ?? 0,
});
