import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import { type Obligation, obligationOccurrences, obligations } from '../../db/schema/obligations.ts';
import { mapAssignments, mapVersions, services } from '../../db/schema/responsibility.ts';
import { parties } from '../../db/schema/workspaces.ts';
import { controlRefName } from '../../defaults/governance.ts';
import { occurrenceDates } from '../../domain/obligations.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Invalid, NotFound } from '../../server/errors.ts';
import { findInternalCalendar } from '../../sla/cover.ts';
import { memberStanding } from '../../workspaces/queries.ts';
import type { ObligationFacts } from '../policy.ts';

export const obligationKey = (number: number) => `OBL-${number}`;

export async function loadObligation(tx: Tx, workspaceId: string, number: number) {
  const [row] = await tx
    .select()
    .from(obligations)
    .where(and(eq(obligations.workspaceId, workspaceId), eq(obligations.number, number)));
  if (!row) throw new NotFound(`No obligation ${obligationKey(number)}.`);
  return row;
}

export type PartyRef = { id: string; name: string };

/**
 * The parties the current responsibility map makes Responsible for each service (providers
 * first): the responsible party of an obligation follows the map, never a stale copy.
 */
export async function responsibleParties(tx: Tx, workspaceId: string, serviceIds: string[]) {
  const out = new Map<string, PartyRef[]>();
  if (serviceIds.length === 0) return out;
  const [version] = await tx
    .select({ id: mapVersions.id })
    .from(mapVersions)
    .where(eq(mapVersions.workspaceId, workspaceId))
    .orderBy(desc(mapVersions.number))
    .limit(1);
  if (!version) return out;
  const rows = await tx
    .select({ serviceId: mapAssignments.serviceId, id: parties.id, name: parties.name, kind: parties.kind })
    .from(mapAssignments)
    .innerJoin(parties, eq(parties.id, mapAssignments.partyId))
    .where(
      and(
        eq(mapAssignments.workspaceId, workspaceId),
        eq(mapAssignments.versionId, version.id),
        eq(mapAssignments.role, 'R'),
        inArray(mapAssignments.serviceId, [...new Set(serviceIds)]),
      ),
    )
    .orderBy(desc(parties.kind), asc(parties.name));
  for (const r of rows) {
    const list = out.get(r.serviceId) ?? [];
    if (!list.some((p) => p.id === r.id)) list.push({ id: r.id, name: r.name });
    out.set(r.serviceId, list);
  }
  return out;
}

export async function factsOf(tx: Tx, o: Obligation): Promise<ObligationFacts & { responsible: PartyRef[] }> {
  const responsible = (await responsibleParties(tx, o.workspaceId, [o.serviceId])).get(o.serviceId) ?? [];
  return {
    accountableMembershipId: o.accountableMembershipId,
    responsiblePartyIds: responsible.map((p) => p.id),
    responsible,
  };
}

/** The accountable person: an active member of the internal party (not a requester). */
export async function checkAccountable(tx: Tx, workspaceId: string, membershipId: string, field: string) {
  const m = await memberStanding(tx, workspaceId, membershipId);
  if (m?.status !== 'active' || m.kind !== 'internal')
    throw new Invalid(
      'must name an active member of the internal party (the accountable internal person)',
      field,
    );
}

export async function checkService(tx: Tx, workspaceId: string, serviceId: string, field: string) {
  const [s] = await tx
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.id, serviceId), eq(services.workspaceId, workspaceId)));
  if (!s) throw new Invalid('names no service of this workspace', field);
}

export function checkControls(refs: string[], field: string) {
  refs.forEach((ref, i) => {
    if (!controlRefName(ref))
      throw new Invalid(
        `"${ref}" is not a known control: use a default control key (backup-restore-test), ce:<Cyber Essentials control> or a NIST CSF 2.0 category (PR.DS)`,
        `${field}.${i}`,
      );
  });
}

/** The workspace's timezone: the internal party's working-hours calendar, else UTC. */
export async function workspaceTimeZone(tx: Tx, workspaceId: string) {
  return (await findInternalCalendar(tx, workspaceId))?.timeZone ?? 'UTC';
}

const INSERT_CHUNK = 1000;

/**
 * Creates the occurrences of active obligations up to `until` (a local date), exactly once per
 * obligation and date: the unique key with ON CONFLICT DO NOTHING makes concurrent generators
 * (two instances, a retried job) harmless. Returns how many rows were new.
 */
export async function generateOccurrences(
  tx: Tx,
  list: Obligation[],
  until: string | ((o: Obligation) => string),
) {
  const rows: (typeof obligationOccurrences.$inferInsert)[] = [];
  const advanced = new Map<string, string[]>();
  for (const o of list) {
    const horizon = typeof until === 'string' ? until : until(o);
    if (o.status !== 'active' || (o.generatedUntil !== null && o.generatedUntil >= horizon)) continue;
    const from = o.generatedUntil ?? o.startsOn;
    for (const d of occurrenceDates(o, from, horizon))
      rows.push({ workspaceId: o.workspaceId, obligationId: o.id, ...d });
    const group = advanced.get(horizon) ?? [];
    group.push(o.id);
    advanced.set(horizon, group);
  }
  let created = 0;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const inserted = await tx
      .insert(obligationOccurrences)
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing({
        target: [
          obligationOccurrences.workspaceId,
          obligationOccurrences.obligationId,
          obligationOccurrences.dueOn,
        ],
      })
      .returning({ id: obligationOccurrences.id });
    created += inserted.length;
  }
  for (const [horizon, ids] of advanced)
    for (let i = 0; i < ids.length; i += INSERT_CHUNK)
      await tx
        .update(obligations)
        .set({ generatedUntil: horizon })
        .where(inArray(obligations.id, ids.slice(i, i + INSERT_CHUNK)));
  return created;
}

export const auditObligation = (
  tx: Tx,
  ctx: WorkspaceContext,
  action: string,
  entityType: 'obligation' | 'obligation_occurrence',
  entityId: string,
  before?: unknown,
  after?: unknown,
) => recordWorkspaceAudit(tx, ctx, { action, entityType, entityId, before, after });
