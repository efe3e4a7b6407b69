import { and, count, desc, eq, ilike, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { obligations } from '../db/schema/obligations.ts';
import { mapVersions, services } from '../db/schema/responsibility.ts';
import { slaPolicies } from '../db/schema/sla.ts';
import { parties } from '../db/schema/workspaces.ts';
import type { Clause, EngagementTerms, ReviewCadence } from '../domain/engagements.ts';
import { obligationKey } from '../obligations/service/common.ts';

/** What the enforcement links are computed from: read once per answer. */
export type EnforcementContext = {
  mapVersion: number | null;
  slaPolicyCount: number;
  backupService: { id: string; name: string } | null;
  obligations: Map<string, { key: string; title: string }>;
  parties: Map<string, string>;
};

export async function loadEnforcementContext(
  tx: Tx,
  workspaceId: string,
  terms: EngagementTerms[],
): Promise<EnforcementContext> {
  const obligationIds = [...new Set(terms.flatMap((t) => t.clauses.flatMap((c) => c.obligationIds ?? [])))];
  // One query at a time: a transaction's client runs statements in order.
  const [map] = await tx
    .select({ number: mapVersions.number })
    .from(mapVersions)
    .where(eq(mapVersions.workspaceId, workspaceId))
    .orderBy(desc(mapVersions.number))
    .limit(1);
  const [sla] = await tx
    .select({ n: count() })
    .from(slaPolicies)
    .where(eq(slaPolicies.workspaceId, workspaceId));
  const [backup] = await tx
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(and(eq(services.workspaceId, workspaceId), ilike(services.name, '%backup%')))
    .limit(1);
  const linked = obligationIds.length
    ? await tx
        .select({ id: obligations.id, number: obligations.number, title: obligations.title })
        .from(obligations)
        .where(and(eq(obligations.workspaceId, workspaceId), inArray(obligations.id, obligationIds)))
    : [];
  const partyRows = await tx
    .select({ id: parties.id, name: parties.name })
    .from(parties)
    .where(eq(parties.workspaceId, workspaceId));

  return {
    mapVersion: map?.number ?? null,
    slaPolicyCount: sla?.n ?? 0,
    backupService: backup ?? null,
    obligations: new Map(linked.map((o) => [o.id, { key: obligationKey(o.number), title: o.title }])),
    parties: new Map(partyRows.map((p) => [p.id, p.name])),
  };
}

type Link = { label: string; path: string | null };

/** Where Tandem enforces a clause (paths are the web app's, under the workspace). */
export function enforcementOf(clause: Clause, cadence: ReviewCadence, ctx: EnforcementContext): Link[] {
  switch (clause.kind) {
    case 'scope':
      return [
        {
          label: ctx.mapVersion
            ? `Responsibility annex: map version ${ctx.mapVersion}`
            : 'Responsibility annex (no approved map yet)',
          path: '/responsibility',
        },
      ];
    case 'service_levels':
      return [{ label: `SLA policies (${ctx.slaPolicyCount})`, path: '/sla' }];
    case 'reporting':
      return [{ label: `Service review, ${cadence}`, path: '/engagement' }];
    case 'security_obligations':
      return (clause.obligationIds ?? []).map((id) => {
        const o = ctx.obligations.get(id);
        return o
          ? { label: `${o.key} ${o.title}`, path: `/obligations/${o.key}` }
          : { label: 'A recurring obligation that no longer exists', path: null };
      });
    case 'backup':
      return [
        ctx.backupService
          ? { label: `Responsibility map: ${ctx.backupService.name}`, path: '/responsibility' }
          : { label: 'No backup row in the responsibility map yet', path: '/responsibility' },
      ];
    case 'access_controls':
      return [{ label: 'Privileged-access register and reviews', path: '/access' }];
    case 'incident_roles':
      return [
        ...(clause.incidentRoles ?? []).map((r) => ({
          label: `${r.role.replace('_', ' ')}: ${r.person} (${ctx.parties.get(r.partyId) ?? 'a party'})`,
          path: null,
        })),
        { label: 'Major incidents', path: '/incidents' },
      ];
    case 'offboarding':
      return [{ label: 'Offboarding (from the members page)', path: '/members' }];
    case 'documentation':
      return [{ label: 'Knowledge base', path: '/knowledge' }];
    case 'confidentiality_data_handling':
    case 'subcontractors':
      return [];
  }
}
