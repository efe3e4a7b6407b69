export type TxScope = { workspaceId: string | null; accountId: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function literal(value: string | null, name: string): string {
  if (value === null) return "''";
  // Security: the value is written into the SQL text, so only a UUID (hex digits and hyphens, no
  // quote or backslash can pass) is accepted; anything else is a programming error and stops here.
  if (!UUID.test(value)) throw new Error(`${name} of a transaction scope must be a UUID`);
  return `'${value.toLowerCase()}'`;
}

/**
 * The statement that sets a transaction's row-level-security scope, as text without parameters:
 * node-postgres sends a text without parameters by the simple protocol, which accepts several
 * statements in one message, so BEGIN and the scope travel in one round trip.
 */
export function scopeSettingsSql(scope: TxScope): string {
  return `select set_config('app.workspace_id', ${literal(scope.workspaceId, 'workspaceId')}, true), set_config('app.account_id', ${literal(scope.accountId, 'accountId')}, true)`;
}

/** A driver's own way to open a transaction already in a scope (fewer round trips than BEGIN, then the scope). */
export type ScopedTransactionRunner<Tx> = <T>(scope: TxScope, fn: (tx: Tx) => Promise<T>) => Promise<T>;

// Keyed by the database object (client.ts registers; this file imports nothing of it).
const runners = new WeakMap<object, unknown>();

/** Registered by openDatabase for its database object; transactions and other objects have none. */
export function registerScopedTransactions<Tx>(db: object, runner: ScopedTransactionRunner<Tx>) {
  runners.set(db, runner);
}

export function scopedTransactionsOf<Tx>(db: object): ScopedTransactionRunner<Tx> | undefined {
  return runners.get(db) as ScopedTransactionRunner<Tx> | undefined;
}

// Keyed by the database object: its twin for requests that only read (client.ts registers one on PostgreSQL).
const readingTwins = new WeakMap<object, object>();

export function registerReadingDatabase(db: object, reading: object) {
  readingTwins.set(db, reading);
}

/**
 * The database a request that only reads (GET, HEAD) works with: on PostgreSQL a twin whose scoped
 * transactions are READ ONLY, so a write there fails instead of being acknowledged before its COMMIT;
 * elsewhere the database itself.
 */
export function readingDatabase<D extends object>(db: D): D {
  return (readingTwins.get(db) as D | undefined) ?? db;
}
