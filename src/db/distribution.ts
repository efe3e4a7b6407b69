/**
 * How the schema distributes on a sharded PostgreSQL (Citus), by workspace (docs/scaling.md).
 *
 * - Workspace tables carry workspace_id, the distribution column: it leads their primary key and
 *   every unique constraint and unique index, and every foreign key between them is composite,
 *   (workspace_id, x_id) → (workspace_id, id), so the database refuses a row pointing into another
 *   workspace and every table is co-located with its workspace.
 * - `workspaces` is distributed by its own id (the workspace_id of every other table points at it).
 * - Global tables are reference tables (replicated to every node): REFERENCE_TABLES, each with why.
 *
 * src/db/distribution.test.ts checks the live catalogue against these rules on every engine; the
 * checker is here so a migration, the CLI or a bench can run it too.
 */

/** The distribution column of every workspace table. */
export const DISTRIBUTION_COLUMN = 'workspace_id';

/** Distributed by its own id: its id is the distribution value every other table carries. */
export const DISTRIBUTED_BY_ID = ['workspaces'] as const;

/** Tables that are not about one workspace (Citus: create_reference_table), and why. */
export const REFERENCE_TABLES: Readonly<Record<string, string>> = {
  accounts: 'a person may belong to several workspaces',
  sessions: 'a sign-in belongs to an account, before any workspace is chosen',
  login_failures: 'sign-in throttling by address and email, before an account is known',
  mfa_recovery_codes: 'two-step sign-in belongs to the account',
  oidc_identities:
    "an identity provider's login belongs to the account, found before any workspace is chosen",
  sso_sign_in_events:
    'what happened at each single sign-on attempt, mostly before any workspace is known (workspace_ids is informative)',
  idempotency_keys:
    'keyed by account and client key and looked up before the route resolves its workspace (workspace_id is informative, nullable)',
  instance_settings: 'one row about the installation (the check value of the secret key)',
  audit_chain_heads: "one row per chain ('accounts' or a workspace id), written only under the chain lock",
};

/**
 * Workspace tables that do not yet meet the rules, and why. Each entry is a known gap, not a
 * licence: the checker still reports any other problem, and fails when an entry is no longer
 * needed, so the list only shrinks.
 */
export const DISTRIBUTION_EXCEPTIONS: Readonly<Record<string, string>> = {
  audit_events:
    "account-level events (the 'accounts' chain) carry workspace_id null, so it cannot join the primary key; " +
    'splitting them into an account audit table is the remaining step before Citus (docs/scaling.md)',
};

export type CatalogQuery = <T>(text: string) => Promise<T[]>;

type TableRow = { table: string; has_workspace: boolean; workspace_not_null: boolean };
type KeyRow = { table: string; name: string; kind: string; columns: string[] | null; definition: string };
type ForeignKeyRow = {
  table: string;
  name: string;
  columns: string[];
  ref_table: string;
  ref_columns: string[];
  definition: string;
};

const arrayOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? (value as string[])
    : typeof value === 'string'
      ? value
          .replace(/^\{|\}$/g, '')
          .split(',')
          .filter(Boolean)
      : [];

/**
 * Every breach of the distribution rules in the public schema, one line each naming the table and
 * the constraint or index (empty when the schema distributes cleanly).
 */
export async function distributionViolations(query: CatalogQuery): Promise<string[]> {
  const tables = await query<TableRow>(
    `select c.relname as table,
            a.attname is not null as has_workspace,
            coalesce(a.attnotnull, false) as workspace_not_null
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_attribute a on a.attrelid = c.oid and a.attname = '${DISTRIBUTION_COLUMN}' and not a.attisdropped
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      order by 1`,
  );
  // Primary keys, unique and exclusion constraints, and unique indexes that back no constraint
  // (expression or partial ones): Citus needs the distribution column in each.
  const keys = await query<KeyRow>(
    `select c.relname as table, i.relname as name,
            coalesce(con.contype::text, 'unique index') as kind,
            array(select a.attname::text from unnest(x.indkey) with ordinality k(attnum, ord)
                    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
                   order by k.ord) as columns,
            pg_get_indexdef(x.indexrelid) as definition
       from pg_index x
       join pg_class c on c.oid = x.indrelid
       join pg_class i on i.oid = x.indexrelid
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_constraint con on con.conindid = x.indexrelid and con.conrelid = c.oid
      where n.nspname = 'public' and (x.indisunique or con.contype = 'x')
      order by 1, 2`,
  );
  const foreignKeys = await query<ForeignKeyRow>(
    `select c.relname as table, con.conname as name, r.relname as ref_table,
            array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
                    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns,
            array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
                    join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord) as ref_columns,
            pg_get_constraintdef(con.oid) as definition
       from pg_constraint con
       join pg_class c on c.oid = con.conrelid
       join pg_class r on r.oid = con.confrelid
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and con.contype = 'f'
      order by 1, 2`,
  );

  const problems: string[] = [];
  const names = new Set(tables.map((t) => t.table));
  const isReference = (table: string) => table in REFERENCE_TABLES;
  const isDistributedById = (table: string) => (DISTRIBUTED_BY_ID as readonly string[]).includes(table);
  const isException = (table: string) => table in DISTRIBUTION_EXCEPTIONS;
  const workspaceTable = new Map(tables.map((t) => [t.table, t.has_workspace && !isReference(t.table)]));
  const used = new Set<string>();

  for (const t of tables) {
    if (isReference(t.table) || isDistributedById(t.table)) continue;
    if (!t.has_workspace) {
      problems.push(
        `${t.table}: has no ${DISTRIBUTION_COLUMN} column and is not a reference table ` +
          '(add workspace_id, or list it in REFERENCE_TABLES in src/db/distribution.ts with why)',
      );
    } else if (!t.workspace_not_null && !isException(t.table)) {
      problems.push(
        `${t.table}: ${DISTRIBUTION_COLUMN} is nullable (a distribution column must be NOT NULL)`,
      );
    }
  }

  for (const k of keys) {
    if (!workspaceTable.get(k.table)) continue;
    const columns = arrayOf(k.columns);
    if (columns.includes(DISTRIBUTION_COLUMN)) continue;
    if (isException(k.table)) {
      used.add(k.table);
      continue;
    }
    const what =
      k.kind === 'p'
        ? 'primary key'
        : k.kind === 'u'
          ? 'unique constraint'
          : k.kind === 'x'
            ? 'exclusion constraint'
            : 'unique index';
    problems.push(
      `${k.table}: ${what} ${k.name} lacks ${DISTRIBUTION_COLUMN} (${k.definition.replace(/^.* USING /, 'USING ')})`,
    );
  }

  for (const f of foreignKeys) {
    const from = workspaceTable.get(f.table) ?? false;
    const toWorkspaces = isDistributedById(f.ref_table);
    const to = (workspaceTable.get(f.ref_table) ?? false) || toWorkspaces;
    if (!from && isReference(f.table) && to) {
      problems.push(
        `${f.table}: foreign key ${f.name} points from a reference table into distributed ${f.ref_table} (${f.definition})`,
      );
      continue;
    }
    if (!from || !to) continue; // into a reference table: allowed everywhere
    const columns = arrayOf(f.columns);
    const refColumns = arrayOf(f.ref_columns);
    const at = columns.indexOf(DISTRIBUTION_COLUMN);
    const refWorkspace = toWorkspaces ? 'id' : DISTRIBUTION_COLUMN;
    if (at >= 0 && refColumns[at] === refWorkspace) continue;
    if (isException(f.table) || isException(f.ref_table)) {
      used.add(isException(f.table) ? f.table : f.ref_table);
      continue;
    }
    problems.push(
      `${f.table}: foreign key ${f.name} to ${f.ref_table} lacks ${DISTRIBUTION_COLUMN} → ${f.ref_table}.${refWorkspace} ` +
        `(${f.definition}; make it (workspace_id, …) REFERENCES ${f.ref_table}(${refWorkspace}, …))`,
    );
  }

  for (const name of Object.keys(REFERENCE_TABLES)) {
    if (!names.has(name)) problems.push(`${name}: listed in REFERENCE_TABLES but there is no such table`);
  }
  for (const name of Object.keys(DISTRIBUTION_EXCEPTIONS)) {
    if (!names.has(name))
      problems.push(`${name}: listed in DISTRIBUTION_EXCEPTIONS but there is no such table`);
    else if (!used.has(name) && workspaceTable.get(name)) {
      const nullable = tables.find((t) => t.table === name && !t.workspace_not_null);
      if (!nullable)
        problems.push(`${name}: listed in DISTRIBUTION_EXCEPTIONS but meets the rules now (remove it)`);
    }
  }
  return problems;
}
