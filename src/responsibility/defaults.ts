import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedDefaultCatalogue } from '../catalogue/service.ts';
import type { Tx } from '../db/client.ts';
import { decisionTypes } from '../db/schema/decisions.ts';
import { mapAssignments, mapVersions, services } from '../db/schema/responsibility.ts';
import type { Assignment, RaciRole } from '../domain/raci.ts';
import { packageRoot } from '../paths.ts';

type PartySide = 'internal' | 'provider';
export type DefaultService = {
  key: string;
  name: string;
  description: string;
  carriesBusinessDecisions: boolean;
  businessDecisionTypes: string[];
  suggestedRaci: {
    accountable: PartySide;
    responsible: PartySide[];
    consulted: PartySide[];
    informed: PartySide[];
  };
};
export type DefaultDecisionType = {
  key: string;
  name: string;
  description: string;
  proposers: PartySide[];
  consulted: Array<{ party: PartySide; why: string }>;
  urgency: string;
  recordWithDecision: string[];
  whyInternalDecides: string;
};

const read = <T>(file: string): T =>
  JSON.parse(readFileSync(join(packageRoot, 'src/defaults', file), 'utf8')) as T;

let cache: { services: DefaultService[]; decisionTypes: DefaultDecisionType[] } | undefined;
/** The shipped defaults (from the reference data in src/defaults/). */
export function loadDefaults() {
  cache ??= {
    services: read<{ services: DefaultService[] }>('default-services.json').services,
    decisionTypes: read<{ decisionTypes: DefaultDecisionType[] }>('default-decision-types.json')
      .decisionTypes,
  };
  return cache;
}

/** The suggested RACI of a default service for the given parties (a side without a party is skipped). */
export function suggestedAssignments(
  service: DefaultService,
  serviceId: string,
  partyFor: Record<PartySide, string | null>,
): Assignment[] {
  const rows: Assignment[] = [];
  const add = (side: PartySide, role: RaciRole) => {
    const partyId = partyFor[side];
    if (partyId && !rows.some((r) => r.partyId === partyId && r.role === role)) {
      rows.push({ serviceId, partyId, membershipId: null, role });
    }
  };
  const raci = service.suggestedRaci;
  add(raci.accountable, 'A');
  for (const side of raci.responsible) add(side, 'R');
  for (const side of raci.consulted) add(side, 'C');
  for (const side of raci.informed) add(side, 'I');
  return rows;
}

/**
 * A new workspace starts with the default services and decision types, and map version 1 holding
 * the internal party's part of the suggested RACI (provider parts come by proposal once a provider exists).
 */
export async function seedWorkspaceDefaults(tx: Tx, workspaceId: string, internalPartyId: string) {
  const defaults = loadDefaults();
  const typeNames = new Map(defaults.decisionTypes.map((t) => [t.key, t.name]));
  const inserted = await tx
    .insert(services)
    .values(
      defaults.services.map((s) => ({
        workspaceId,
        key: s.key,
        name: s.name,
        description: s.description,
        carriesBusinessDecisions: s.carriesBusinessDecisions,
        decisionTypeKeys: s.businessDecisionTypes.filter((k) => typeNames.has(k)),
      })),
    )
    .returning({ id: services.id, key: services.key });
  await tx.insert(decisionTypes).values(
    defaults.decisionTypes.map((t) => ({
      workspaceId,
      key: t.key,
      name: t.name,
      description: t.description,
      proposerKinds: t.proposers,
      consultedKinds: [...new Set(t.consulted.map((c) => c.party))],
      urgency: t.urgency,
      recordWithDecision: t.recordWithDecision,
      whyInternalDecides: t.whyInternalDecides,
    })),
  );
  const [version] = await tx
    .insert(mapVersions)
    .values({ workspaceId, number: 1, summary: 'Starting map from the default services' })
    .returning();
  const idByKey = new Map(inserted.map((s) => [s.key, s.id]));
  const assignments = defaults.services.flatMap((s) =>
    suggestedAssignments(s, idByKey.get(s.key)!, { internal: internalPartyId, provider: null }),
  );
  if (assignments.length > 0) {
    await tx
      .insert(mapAssignments)
      .values(assignments.map((a) => ({ ...a, workspaceId, versionId: version!.id })));
  }
  await seedDefaultCatalogue(tx, workspaceId);
  return { versionId: version!.id, services: inserted.length };
}
