import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type ExtractTablesWithRelations, type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { fromPglite, type Db as JobsDb } from 'pg-boss';
import type { Logger } from 'pino';
import { pgliteTemplateFile } from '../paths.ts';
import { APP_ROLE, AppRoleError, type RoleFacts, switchToAppRole } from './app-role.ts';
import { setPipelining } from './connection-of.ts';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';
import { expectedMigrationCount, migratePglite, migratePostgres } from './migrate.ts';
import { countStatementsSent, settlePipelinedWrites, startPipelinedWrites } from './pipeline.ts';
import {
  registerReadingDatabase,
  registerScopedTransactions,
  type ScopedTransactionRunner,
  scopeSettingsSql,
} from './scope.ts';
import { countStatements } from './statement-count.ts';
import { unpackTemplate } from './template.ts';

/** The contrib extensions the migrations create (trigram similarity; GIN over plain columns). */
export const PGLITE_EXTENSIONS = { pg_trgm, btree_gin };

/**
 * PostgreSQL settings for the embedded database, on top of PGlite's own. Its WebAssembly memory never
 * shrinks, and initdb's default of 128 MB of shared buffers left ~120 MB of it touched for good by
 * the end of the demo seed; 16 MB holds the demo's hot pages, and the rest are read from the data
 * folder through the operating system's cache (bench/README.md, "Start-up").
 */
export const PGLITE_SETTINGS = ['shared_buffers=16MB'];
// A database without the role (not Tandem's) is refused by switchToAppRole below, not here.
const PGLITE_MAINTAIN_GRANT = `do $$ begin
  if exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
    if not pg_has_role('${APP_ROLE}', 'pg_maintain', 'member') then grant pg_maintain to ${APP_ROLE}; end if;
  end if;
end $$`;

/**
 * The database without drizzle's relational query API (`db.query.*`), which Tandem does not use:
 * given the schema, drizzle builds a query builder for each of its ~100 tables on every
 * transaction it opens (0.2 ms of CPU a request; bench/README.md, "Fewer round trips per use case").
 */
type NoRelations = Record<string, never>;
export type Database = PgDatabase<PgQueryResultHKT, NoRelations>;
export type Tx = PgTransaction<PgQueryResultHKT, NoRelations, ExtractTablesWithRelations<NoRelations>>;
/** Either the database or an open transaction: queries accept both. */
export type Queryable = Database | Tx;

export { APP_ROLE };

export type DatabaseHandle = {
  kind: 'pglite' | 'postgres';
  db: Database;
  /**
   * A statement as the database owner, outside the application role (the CLI's `audit verify`).
   * Row-level security still binds a non-superuser owner: cross-workspace reads go through the
   * owner functions of migration 0023.
   */
  ownerQuery<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Tests' view of every row: the owner here; the test database answers it as the administrator
   * (TEST_DATABASE_ADMIN_URL) when the owner is not a superuser. Never used by the application.
   */
  unsafeOwnerQuery<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** The connection the job queue uses (as the application role, like every other query). */
  jobsDb: JobsDb;
  /** Runs fn while holding a cluster-wide lock (PostgreSQL advisory lock), so instances take turns. */
  withExclusiveLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type OpenDatabaseOptions = {
  databaseUrl?: string | undefined;
  /** Folder for the embedded database; undefined means in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
  /** Prepare each parameterised statement once per connection (default true). */
  preparedStatements?: boolean;
  logger?: Logger;
  /** Apply pending migrations before use (default true). */
  migrate?: boolean;
  /** Start the embedded database from a dump of an already migrated one (tests). */
  pgliteTemplate?: Blob | undefined;
};

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options);
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  let lock: DataDirLock | undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    lock = acquireDataDirLock(options.dataDir);
  }
  try {
    const template = options.pgliteTemplate;
    if (!template) await unpackBuiltTemplate(options.dataDir);
    const client = await PGlite.create({
      dataDir: options.dataDir ? `${options.dataDir}/pgdata` : undefined,
      extensions: PGLITE_EXTENSIONS,
      startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((setting) => ['-c', setting])],
      ...(template && { loadDataDir: template }),
    });
    if (options.migrate !== false && !options.pgliteTemplate) await migratePglite(client);
    countStatements(client, process.env.TANDEM_DEBUG_STATEMENT_COUNT_FILE);
    // No autovacuum in single-user mode: the application role vacuums its tables itself (db/upkeep.ts).
    await client.exec(PGLITE_MAINTAIN_GRANT);
    // Security: PGlite's only user is a superuser, which bypasses row-level security; the
    // application works as the restricted role for the whole session, or not at all.
    await switchToAppRole(async (text) => (await client.query<RoleFacts>(text)).rows);
    const db = drizzlePglite({ client, casing: 'snake_case' }) as unknown as Database;
    const ownerQuery = async <T>(text: string, params: unknown[] = []) =>
      client.transaction(async (tx) => {
        await tx.exec('SET LOCAL ROLE NONE');
        return (await tx.query<T>(text, params)).rows;
      });
    return {
      kind: 'pglite',
      db,
      ownerQuery,
      unsafeOwnerQuery: ownerQuery,
      jobsDb: fromPglite(client),
      // One process owns a PGlite folder, so there is nobody to take turns with.
      withExclusiveLock: (_key, fn) => fn(),
      async close() {
        try {
          await client.exec('RESET ROLE; CHECKPOINT');
          await client.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/**
 * A new data folder starts from the build's migrated empty database (scripts/build-server.js) when
 * there is one for these migrations, which spares initdb and the migrations; otherwise PGlite makes it.
 */
async function unpackBuiltTemplate(dataDir: string | undefined) {
  if (!dataDir || existsSync(`${dataDir}/pgdata`)) return;
  const file = pgliteTemplateFile(expectedMigrationCount());
  if (existsSync(file)) await unpackTemplate(file, `${dataDir}/pgdata`);
}

/**
 * Statements one connection keeps prepared. Each keeps its plan in the PostgreSQL backend's memory
 * until the connection closes, and a statement whose text varies (a list's length, a filter's
 * combination) has many texts: past this many, a new text is sent unnamed (parsed and planned
 * each time, as without preparing) and the ones already prepared stay. The hot statements are met
 * first, and a connection lives at most CONNECTION_LIFETIME_SECONDS, so it starts again from those
 * the work of the hour uses.
 */
export const PREPARED_STATEMENTS_PER_CONNECTION = 500;
const CONNECTION_LIFETIME_SECONDS = 3600;

/**
 * Starts a statement whose best plan depends on its values (a search's words: a rare one is found
 * through its index, a common one by walking the newest rows): sent unnamed and planned on every call.
 * Prepared, PostgreSQL would settle on one generic plan after five calls, blind to the word.
 */
export const PLANNED_PER_CALL = '/* planned per call */';

/**
 * Names every parameterised statement after its text, so each connection parses and plans it once
 * and then only binds values (node-postgres keeps the prepared statements per connection); one that
 * starts with PLANNED_PER_CALL stays unnamed.
 */
function prepareByText(connection: pg.PoolClient) {
  const prepared = new Set<string>();
  const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
  (connection as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [config, values] = args;
    if (
      config &&
      typeof config === 'object' &&
      'text' in config &&
      !(config as { name?: string }).name &&
      Array.isArray(values) &&
      values.length > 0
    ) {
      const text = (config as { text: string }).text;
      if (text.startsWith(PLANNED_PER_CALL)) return query(...args);
      const name = `t${createHash('sha1').update(text).digest('base64url')}`;
      if (prepared.has(name) || prepared.size < PREPARED_STATEMENTS_PER_CONNECTION) {
        prepared.add(name);
        args[0] = { ...config, name };
      }
    }
    return query(...args);
  };
}

/**
 * A connection that switches to the application role and checks it before the pool hands it
 * out; when either fails the connection is closed and the error reaches the caller (fail closed:
 * never a connection working as the login role, which may be a superuser).
 */
class AppRoleClient extends pg.Client {
  // pg-pool connects with a callback; direct callers use the promise.
  override connect(): Promise<pg.Client>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.Client> | undefined {
    const ready = super
      .connect()
      .then(async () => {
        await switchToAppRole(async (text) => (await this.query<RoleFacts>(text)).rows);
        return this as pg.Client;
      })
      .catch(async (error: Error & { code?: string }) => {
        await this.end().catch(() => {});
        // The startup option below refuses a login role that is not a member of tandem_app.
        if (error.code === '42501') throw new AppRoleError(`cannot switch to ${APP_ROLE}: ${error.message}`);
        throw error;
      });
    if (!callback) return ready;
    ready.then(
      (client) => (callback as (error: null, client: pg.Client) => void)(null, client),
      (error: Error) => (callback as (error: Error) => void)(error),
    );
    return undefined;
  }
}
type ConnectCallback = ((error: Error) => void) | ((error: null, client: pg.Client) => void);

/**
 * Transactions that open in their row-level-security scope in one round trip: BEGIN and the
 * scope's set_config as one text without parameters (the simple protocol runs both; the scope's
 * values are checked UUIDs, scope.ts). Otherwise the same as drizzle's own transaction: its
 * dialect and options, COMMIT on success, ROLLBACK on failure. A read-only runner (the GET
 * requests' database, scope.ts) opens READ ONLY and does not wait for its COMMIT.
 */
function scopedTransactions(pool: pg.Pool, db: Database, readOnly = false): ScopedTransactionRunner<Tx> {
  // drizzle keeps the pool's session (dialect, options) on the database object.
  const { dialect, options } = (db as unknown as { session: unknown }).session as {
    dialect: ConstructorParameters<typeof NodePgSession>[1];
    options: ConstructorParameters<typeof NodePgSession>[3];
  };
  return async (scope, fn) => {
    const opening = `${readOnly ? 'begin read only' : 'begin'}; ${scopeSettingsSql(scope)}`;
    return inPooledTransaction(
      pool,
      opening,
      (connection) => {
        const session = new NodePgSession(connection, dialect, undefined, options);
        return fn(new NodePgTransaction(dialect, session, undefined) as unknown as Tx);
      },
      readOnly,
    );
  };
}

/**
 * Runs work on one pooled connection between `opening` (which begins the transaction) and COMMIT.
 * A connection whose ROLLBACK failed may still be inside the transaction (or acting as another
 * role): it is destroyed, never returned to the pool.
 *
 * The connection pipelines while it is here (node-postgres writes a statement without waiting for
 * the answers before it and answers each in order): the opening is not awaited, so it travels with
 * the work's first statement; the server runs them in order, and when the opening fails the
 * statements after it fail too, so the opening's own error is the one reported. A read-only
 * transaction has nothing to lose at its COMMIT: its result is returned at once and the connection
 * goes back to the pool when the COMMIT has answered (destroyed if it failed). Outside (drizzle's
 * own transactions, the export's COPY, which pipelining refuses) the connection waits as usual.
 */
async function inPooledTransaction<T>(
  pool: pg.Pool,
  opening: string,
  work: (connection: pg.PoolClient) => Promise<T>,
  readOnly = false,
): Promise<T> {
  const connection = await pool.connect();
  const release = (error?: Error) => {
    // Idle here (the last statement has answered), so the mode may change.
    setPipelining(connection, false);
    connection.release(error);
  };
  setPipelining(connection, true);
  startPipelinedWrites(connection);
  const opened = connection.query(opening).then(
    () => undefined,
    (error: Error) => error,
  );
  let result: T;
  try {
    result = await work(connection);
    const openingError = await opened;
    if (openingError) throw openingError;
    // Sent behind the writes not yet answered (pipeline.ts); a failed one turned it into a ROLLBACK.
    // A read-only transaction has none unless a write was tried, which failed: that fails it here.
    const committed = readOnly ? undefined : connection.query('COMMIT');
    const writeError = await settlePipelinedWrites(connection);
    await committed;
    if (writeError) throw writeError;
  } catch (error) {
    const writeError = await settlePipelinedWrites(connection);
    const broken = await connection.query('ROLLBACK').then(
      () => undefined,
      (rollbackError: Error) => rollbackError,
    );
    release(broken);
    // The first failure explains the statements that failed after it.
    throw (await opened) ?? writeError ?? error;
  }
  if (!readOnly) release();
  else
    connection.query('COMMIT').then(
      () => release(),
      (error: Error) => release(error),
    );
  return result;
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.migrate !== false) await migratePostgres(url, options.logger);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    maxLifetimeSeconds: CONNECTION_LIFETIME_SECONDS,
    application_name: 'tandem',
    // Short transactional queries: JIT compilation costs more (20 ms+) than it saves here, and
    // row-level security makes the planner overestimate enough to trigger it.
    // The session's own role is tandem_app from the start, so even a RESET ROLE stays restricted.
    options: `-c jit=off -c role=${APP_ROLE}`,
    Client: AppRoleClient,
  });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on('error', (error) => options.logger?.warn({ err: error }, 'database connection lost'));
  pool.on('connect', (connection) => {
    if (options.preparedStatements !== false) prepareByText(connection);
    countStatementsSent(connection);
  });
  const db = drizzlePg({ client: pool, casing: 'snake_case' }) as unknown as Database;
  registerScopedTransactions(db, scopedTransactions(pool, db));
  // The GET requests' database: the same pool, its transactions read only (scope.ts, readingDatabase).
  const readDb = drizzlePg({ client: pool, casing: 'snake_case' }) as unknown as Database;
  registerScopedTransactions(readDb, scopedTransactions(pool, readDb, true));
  registerReadingDatabase(db, readDb);
  const ownerQuery = <T>(text: string, params: unknown[] = []) =>
    inPooledTransaction(pool, 'BEGIN; SET LOCAL ROLE NONE', async (connection) => {
      const result = await connection.query(text, params);
      return result.rows as T[];
    });
  return {
    kind: 'postgres',
    db,
    ownerQuery,
    unsafeOwnerQuery: ownerQuery,
    jobsDb: {
      async executeSql(text: string, values?: unknown[]) {
        // A query of several statements answers one result per statement; pg-boss reads the rows
        // of every statement (its maintenance claims check a lock row), so all of them are kept.
        const result = (await pool.query(text, values)) as pg.QueryResult | pg.QueryResult[];
        return { rows: Array.isArray(result) ? result.flatMap((r) => r.rows) : result.rows };
      },
    },
    async withExclusiveLock(key, fn) {
      const connection = await pool.connect();
      try {
        await connection.query('SELECT pg_advisory_lock($1)', [key]);
        return await fn();
      } finally {
        await connection.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => {});
        connection.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** The rows of a raw statement (both drivers answer `{ rows }`). */
export async function selectRows<T>(q: Queryable, query: SQL): Promise<T[]> {
  return ((await q.execute(query)) as unknown as { rows: T[] }).rows;
}

/** True when the database answers. */
export async function pingDatabase(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
