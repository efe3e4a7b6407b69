import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { problems } from '../db/schema/problems.ts';
import { services } from '../db/schema/responsibility.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import { Invalid, NotFound } from '../server/errors.ts';

/** A 400 naming the field, e.g. "ownerPartyId is not a party of this workspace." */
export class InvalidField extends Invalid {
  constructor(field: string, message: string) {
    super(`${field.replace(/^body\./, '')} ${message}.`, field);
  }
}

export async function findProblem(tx: Tx, workspaceId: string, number: number) {
  const [row] = await tx
    .select()
    .from(problems)
    .where(and(eq(problems.workspaceId, workspaceId), eq(problems.number, number)));
  if (!row) throw new NotFound(`No problem PRB-${number} here.`);
  return row;
}

/** Names of memberships of this workspace, by membership id. */
export async function memberNames(tx: Tx, workspaceId: string, ids: Iterable<string>) {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: memberships.id, name: accounts.name })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.id, list)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function partyNames(tx: Tx, workspaceId: string) {
  const rows = await tx
    .select({ id: parties.id, name: parties.name, kind: parties.kind })
    .from(parties)
    .where(eq(parties.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function serviceNames(tx: Tx, workspaceId: string) {
  const rows = await tx
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(eq(services.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Checks that a party of this workspace exists; a foreign or unknown id is a bad field. */
export async function assertParty(tx: Tx, workspaceId: string, partyId: string, field: string) {
  const [row] = await tx
    .select({ id: parties.id })
    .from(parties)
    .where(and(eq(parties.workspaceId, workspaceId), eq(parties.id, partyId)));
  if (!row) throw new InvalidField(field, 'is not a party of this workspace');
}

export async function assertService(tx: Tx, workspaceId: string, serviceId: string, field: string) {
  const [row] = await tx
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.workspaceId, workspaceId), eq(services.id, serviceId)));
  if (!row) throw new InvalidField(field, 'is not a service of this workspace');
}
