import type { CannedResponse } from '../db/schema/replies.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import type { CannedResponseView } from './contract.ts';
import { cannedResponseAbilities } from './policy.ts';

export function presentCannedResponse(actor: WorkspaceActor, r: CannedResponse): CannedResponseView {
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    visibility: r.visibility,
    scope: r.partyId === null ? 'workspace' : 'party',
    partyId: r.partyId,
    usageCount: r.usageCount,
    updatedAt: r.updatedAt,
    version: r.version,
    abilities: cannedResponseAbilities(actor, r),
  };
}
