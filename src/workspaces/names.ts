import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { services } from '../db/schema/responsibility.ts';
import { systems } from '../db/schema/systems.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';

/** Names of members of this workspace, by membership id (authors, owners, attendees…). */
export async function memberNames(tx: Tx, workspaceId: string, ids: Iterable<string | null>) {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: memberships.id, name: accounts.name })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.id, wanted)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The workspace's parties with their kind, by id. */
export async function partyNames(tx: Tx, workspaceId: string) {
  const rows = await tx
    .select({ id: parties.id, name: parties.name, kind: parties.kind })
    .from(parties)
    .where(eq(parties.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The workspace's service names, by id. */
export async function serviceNames(tx: Tx, workspaceId: string) {
  const rows = await tx
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(eq(services.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The workspace's service ids, by key (the defaults and the demo name services by key). */
export async function serviceIdsByKey(tx: Tx, workspaceId: string) {
  const rows = await tx
    .select({ id: services.id, key: services.key })
    .from(services)
    .where(eq(services.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.key, r.id]));
}

/** The workspace's system ids, by name. */
export async function systemIdsByName(tx: Tx, workspaceId: string) {
  const rows = await tx
    .select({ id: systems.id, name: systems.name })
    .from(systems)
    .where(eq(systems.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.name, r.id]));
}
