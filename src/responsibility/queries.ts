import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { decisionTypes } from '../db/schema/decisions.ts';
import { mapAssignments, mapVersions, services } from '../db/schema/responsibility.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import type { Assignment, PartyForRaci, ServiceForRaci } from '../domain/raci.ts';
import { NotFound } from '../server/errors.ts';

export async function getCurrentVersion(tx: Tx, workspaceId: string) {
  const [version] = await tx
    .select()
    .from(mapVersions)
    .where(eq(mapVersions.workspaceId, workspaceId))
    .orderBy(desc(mapVersions.number))
    .limit(1);
  if (!version) throw new NotFound('This workspace has no responsibility map yet.');
  return version;
}

export async function getVersionByNumber(tx: Tx, workspaceId: string, number: number) {
  const [version] = await tx
    .select()
    .from(mapVersions)
    .where(and(eq(mapVersions.workspaceId, workspaceId), eq(mapVersions.number, number)));
  if (!version) throw new NotFound(`No version ${number} of the responsibility map.`);
  return version;
}

export async function loadAssignments(tx: Tx, workspaceId: string, versionId: string): Promise<Assignment[]> {
  return tx
    .select({
      serviceId: mapAssignments.serviceId,
      partyId: mapAssignments.partyId,
      membershipId: mapAssignments.membershipId,
      role: mapAssignments.role,
    })
    .from(mapAssignments)
    .where(and(eq(mapAssignments.workspaceId, workspaceId), eq(mapAssignments.versionId, versionId)));
}

export async function listServiceRows(tx: Tx, workspaceId: string) {
  return tx.select().from(services).where(eq(services.workspaceId, workspaceId)).orderBy(asc(services.name));
}

/** Services as the RACI rules need them, with the names of the business decisions they carry. */
export async function loadServicesForRaci(
  tx: Tx,
  workspaceId: string,
): Promise<
  Array<
    ServiceForRaci & {
      key: string;
      description: string;
      version: number;
      decisionTypeKeys: string[];
      businessPriority: number | null;
    }
  >
> {
  const rows = await listServiceRows(tx, workspaceId);
  const types = await tx
    .select({ key: decisionTypes.key, name: decisionTypes.name })
    .from(decisionTypes)
    .where(eq(decisionTypes.workspaceId, workspaceId));
  const typeName = new Map(types.map((t) => [t.key, t.name]));
  return rows.map((s) => ({
    id: s.id,
    key: s.key,
    name: s.name,
    description: s.description,
    status: s.status,
    version: s.version,
    carriesBusinessDecisions: s.carriesBusinessDecisions,
    decisionTypeKeys: s.decisionTypeKeys,
    businessPriority: s.businessPriority,
    businessDecisionNames: s.decisionTypeKeys.map((k) => typeName.get(k) ?? k),
  }));
}

export async function loadPartiesForRaci(tx: Tx, workspaceId: string): Promise<PartyForRaci[]> {
  return tx
    .select({ id: parties.id, name: parties.name, kind: parties.kind })
    .from(parties)
    .where(eq(parties.workspaceId, workspaceId))
    .orderBy(asc(parties.kind), asc(parties.name));
}

/** Named people must be active staff of the party they are assigned under. */
export async function findInvalidNamedPeople(
  tx: Tx,
  workspaceId: string,
  rows: Assignment[],
): Promise<Assignment[]> {
  const named = rows.filter((r) => r.membershipId !== null);
  if (named.length === 0) return [];
  const found = await tx
    .select({ id: memberships.id, partyId: memberships.partyId, status: memberships.status })
    .from(memberships)
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        inArray(
          memberships.id,
          named.map((r) => r.membershipId!),
        ),
      ),
    );
  const byId = new Map(found.map((m) => [m.id, m]));
  return named.filter((r) => {
    const m = byId.get(r.membershipId!);
    return m?.status !== 'active' || m.partyId !== r.partyId;
  });
}
