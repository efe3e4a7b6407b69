import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { accounts } from '../../db/schema/accounts.ts';
import { type ImportKind, importKeys } from '../../db/schema/imports.ts';
import { services } from '../../db/schema/responsibility.ts';
import { memberships, parties } from '../../db/schema/workspaces.ts';
import type { RowError } from '../../domain/imports.ts';
import type { WorkspaceContext } from '../../server/context.ts';

/**
 * What a file of one kind would do: how many records it creates (and comments, for tickets), and
 * how to write them inside the import's transaction, import keys included.
 */
export type ImportPlan = { created: number; comments: number; commit: () => Promise<void> };

export type PlanInput<Row> = {
  tx: Tx;
  /** The caller's context with the import's transaction as its database: area services called with it write inside the import. */
  ctx: WorkspaceContext;
  rows: Row[];
  /** External ids imported before: their rows are left alone. */
  seen: Set<string>;
  /** Every problem found is pushed here (a dry run lists them; a commit refuses the file). */
  errors: RowError[];
  publicUrl: string;
};

/** Case-insensitive lookup of this workspace's active services by name. */
export async function servicesByName(tx: Tx, ws: string) {
  const rows = await tx
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(and(eq(services.workspaceId, ws), eq(services.status, 'active')));
  return new Map(rows.map((s) => [s.name.trim().toLowerCase(), s]));
}

/** Case-insensitive lookup of this workspace's parties by name. */
export async function partiesByName(tx: Tx, ws: string) {
  const rows = await tx
    .select({ id: parties.id, name: parties.name, kind: parties.kind })
    .from(parties)
    .where(eq(parties.workspaceId, ws));
  return new Map(rows.map((p) => [p.name.trim().toLowerCase(), p]));
}

/**
 * Members of this workspace (any status) by lower-cased e-mail; the addresses travel as one JSON
 * parameter, so a file naming tens of thousands of requesters stays one statement.
 */
export async function membersByEmail(tx: Tx, ws: string, emails: string[]) {
  type Member = { id: string; status: string; partyId: string | null; role: string };
  const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (wanted.length === 0) return new Map<string, Member>();
  const result = await tx.execute(sql`
    select m.id, lower(a.email) as email, m.status, m.party_id as "partyId", m.role
      from ${memberships} m
      join ${accounts} a on a.id = m.account_id
      join jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb) as f(email) on f.email = a.email
     where m.workspace_id = ${ws}`);
  const rows = (result as unknown as { rows: (Member & { email: string })[] }).rows;
  return new Map(rows.map(({ email, ...m }) => [email, m]));
}

/**
 * The external ids of this kind imported into the workspace before: one statement joining the
 * file's ids (one JSON parameter) to the keys, so 100,000 ids cost one hash join, not an IN list.
 */
export async function alreadyImported(tx: Tx, ws: string, kind: ImportKind, externalIds: string[]) {
  if (externalIds.length === 0) return new Set<string>();
  const result = await tx.execute(sql`
    select k.external_id as "externalId"
      from ${importKeys} k
      join jsonb_array_elements_text(${JSON.stringify(externalIds)}::jsonb) as f(id) on f.id = k.external_id
     where k.workspace_id = ${ws} and k.kind = ${kind}`);
  const rows = (result as unknown as { rows: { externalId: string }[] }).rows;
  return new Set(rows.map((r) => r.externalId));
}

/** Rows whose external id the file has already used are reported, not imported twice. */
export function firstOfEachId<Row extends { row: number }>(
  rows: Row[],
  idOf: (row: Row) => string,
  seen: Set<string>,
  errors: RowError[],
  field = 'externalId',
): Row[] {
  const ids = new Set<string>();
  const kept: Row[] = [];
  for (const row of rows) {
    const id = idOf(row);
    if (seen.has(id)) continue;
    if (ids.has(id)) {
      errors.push({ row: row.row, field, message: `${id} appears twice in the file` });
      continue;
    }
    ids.add(id);
    kept.push(row);
  }
  return kept;
}

/**
 * A plan that creates its records one at a time through their area's service (its checks, audit
 * events, versions and mail), then records their import keys in one statement.
 */
export function recordByRecord(
  tx: Tx,
  ctx: WorkspaceContext,
  kind: ImportKind,
  items: { externalId: string; create: () => Promise<string> }[],
): ImportPlan {
  return {
    created: items.length,
    comments: 0,
    commit: async () => {
      const keys = [];
      for (const item of items) keys.push({ externalId: item.externalId, entityId: await item.create() });
      if (keys.length === 0) return;
      await tx.insert(importKeys).values(
        keys.map((k) => ({
          workspaceId: ctx.actor.workspaceId,
          kind,
          importedByMembershipId: ctx.actor.membershipId,
          ...k,
        })),
      );
    },
  };
}
