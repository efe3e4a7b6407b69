import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf } from './sql.ts';

/**
 * What a workspace export holds, read from the database catalog rather than a hand-kept list, so
 * a table another area adds is exported (or refused by the completeness test) without touching
 * this file.
 */
export type Column = {
  name: string;
  type: string;
  notNull: boolean;
  /**
   * The database makes the value: a generated column, or one it derives from other rows (commented
   * 'Derived: …', kept by a trigger). Neither exported nor imported: the importing database makes it again.
   */
  generated: boolean;
  bytea: boolean;
};
export type TableInfo = {
  name: string;
  columns: Column[];
  primaryKey: string[];
  /** Tables this one references (other exported tables only). */
  references: string[];
  /** Columns holding an account id (remapped when the person already has an account). */
  accountColumns: string[];
};

/** Workspace tables deliberately left out, each with the reason the README repeats. */
export const EXCLUDED_TABLES: Record<string, string> = {
  api_tokens:
    'integration tokens are secrets (only their digests are stored); the new operator issues new ones',
  idempotency_keys: 'replay protection for requests in flight; meaningless in another installation',
  exit_runs: "this installation's record of export and verify runs; the archive is itself the export",
  exit_run_chunks: 'previously prepared archives; an archive does not contain archives',
  audit_events: 'written separately as audit/<chain>.jsonl (the hash chain, in order)',
  history_builds:
    "this installation's record of building the demo's simulated history; the history itself is in the exported records",
};

/** Tables without a workspace_id that the archive still covers, and those it leaves out. */
export const GLOBAL_TABLES: Record<string, string> = {
  workspaces: 'exported: data/workspaces.jsonl holds the workspace row',
  accounts: 'exported as people: data/people.jsonl (id, email, name, status; no password, no TOTP secret)',
  sessions: 'excluded: sign-in sessions are secrets and end with the installation',
  login_failures: 'excluded: sign-in throttle counters of this installation',
  mfa_recovery_codes: 'excluded: two-step recovery codes are secrets',
  oidc_identities:
    "excluded: links to this installation's identity providers; people link again by signing in with single sign-on",
  sso_sign_in_events:
    "excluded: this installation's record of single sign-on attempts, about its own identity providers",
  audit_chain_heads: 'excluded: recomputed from audit/<chain>.jsonl on import',
  instance_settings: "excluded: the check value of this installation's secret key",
};

/**
 * Secret columns never leave: named by rule, so a table added later (a calendar feed's token
 * digest, a webhook's signing secret) is covered too. On import a NOT NULL secret gets a fresh
 * random value, which makes any old link or signature unusable.
 */
export const isSecretColumn = (column: string) =>
  /(^|_)(password_hash|secret|secret_enc|token_hash|code_hash|csrf_token)$/.test(column) ||
  /^mfa_.*secret/.test(column);

/** Every table in the public schema with a workspace_id column, and the columns of each. */
export async function readCatalog(db: Queryable): Promise<{ exported: TableInfo[]; unknown: string[] }> {
  const columns = await rowsOf<{
    table_name: string;
    column_name: string;
    type: string;
    not_null: boolean;
    generated: boolean;
  }>(
    db,
    sql`select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type,
          a.attnotnull as not_null, a.attgenerated <> '' or coalesce(col_description(c.oid, a.attnum), '') like 'Derived:%' as generated
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relkind in ('r', 'p') and not c.relispartition
        order by c.relname, a.attnum`,
  );
  const constraints = await rowsOf<{
    table_name: string;
    kind: string;
    target: string | null;
    cols: string[];
  }>(
    db,
    sql`select c.conrelid::regclass::text as table_name, c.contype as kind, c.confrelid::regclass::text as target,
          array(select a.attname::text from unnest(c.conkey) with ordinality k(num, ord)
                join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.num order by k.ord) as cols
        from pg_constraint c
        where c.connamespace = 'public'::regnamespace and c.contype in ('p', 'f')
        order by 1, 2, 3`,
  );
  const byTable = new Map<string, Column[]>();
  for (const c of columns) {
    const list = byTable.get(c.table_name) ?? [];
    list.push({
      name: c.column_name,
      type: c.type,
      notNull: c.not_null,
      generated: c.generated,
      bytea: c.type === 'bytea',
    });
    byTable.set(c.table_name, list);
  }
  const workspaceTables = [...byTable.entries()]
    .filter(([, cols]) => cols.some((c) => c.name === 'workspace_id'))
    .map(([name]) => name);
  const exportedNames = new Set(workspaceTables.filter((t) => !(t in EXCLUDED_TABLES)));
  const tables: TableInfo[] = [...exportedNames].map((name) => {
    const mine = constraints.filter((c) => c.table_name === name);
    return {
      name,
      columns: byTable.get(name)!,
      primaryKey: mine.find((c) => c.kind === 'p')?.cols ?? [],
      references: [
        ...new Set(
          mine
            .filter((c) => c.kind === 'f' && c.target && c.target !== name && exportedNames.has(c.target))
            .map((c) => c.target!),
        ),
      ],
      accountColumns: mine.filter((c) => c.kind === 'f' && c.target === 'accounts').flatMap((c) => c.cols),
    };
  });
  const known = new Set([...exportedNames, ...Object.keys(EXCLUDED_TABLES), ...Object.keys(GLOBAL_TABLES)]);
  return {
    exported: importOrder(tables),
    unknown: [...byTable.keys()].filter((t) => !known.has(t)).sort(),
  };
}

/**
 * Tables ordered so every table comes after the tables it references (foreign keys from
 * pg_constraint), names breaking ties so the order is stable. A cycle is refused by name.
 */
export function importOrder(tables: TableInfo[]): TableInfo[] {
  const pending = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const ordered: TableInfo[] = [];
  while (pending.size > 0) {
    const ready = [...pending.values()]
      .filter((t) => t.references.every((r) => done.has(r) || !pending.has(r)))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (ready.length === 0) {
      throw new Error(`Foreign keys form a cycle among: ${[...pending.keys()].sort().join(', ')}`);
    }
    for (const t of ready) {
      ordered.push(t);
      done.add(t.name);
      pending.delete(t.name);
    }
  }
  return ordered;
}

/** The columns an export writes for a table (no generated column, no secret). */
export const exportedColumns = (table: TableInfo) =>
  table.columns.filter((c) => !c.generated && !isSecretColumn(c.name));
