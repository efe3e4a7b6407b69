import type { Macro } from '../db/schema/macros.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { macroSummary } from '../domain/macros.ts';
import type { MacroView } from './contract.ts';
import { macroAbilities } from './policy.ts';

export type MacroNames = { partyName: string | null; cannedTitle: string | null };

export function presentMacro(actor: WorkspaceActor, m: Macro, names: MacroNames): MacroView {
  return {
    id: m.id,
    title: m.title,
    scope: m.partyId === null ? 'workspace' : 'party',
    partyId: m.partyId,
    status: m.status,
    assign: m.assign,
    handoff: m.handoff,
    handoffParty: m.handoffPartyId ? { id: m.handoffPartyId, name: names.partyName } : null,
    handoffReason: m.handoffReason,
    cannedResponse:
      m.cannedResponseId && names.cannedTitle !== null
        ? { id: m.cannedResponseId, title: names.cannedTitle }
        : null,
    summary: macroSummary(m, names),
    usageCount: m.usageCount,
    updatedAt: m.updatedAt,
    version: m.version,
    abilities: macroAbilities(actor, m),
  };
}
