import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from './client.ts';

/**
 * Upkeep of the embedded database. On a PostgreSQL server autovacuum keeps the planner's statistics
 * current and clears dead rows; PGlite runs PostgreSQL in single-user mode, which has no autovacuum
 * (nor the activity counters it reads), so an embedded Tandem would otherwise plan every query
 * without statistics for ever: a requester's search by a common word took 2.2 s at 20,000 tickets
 * instead of 30 ms, a queue by priority 28 ms instead of 4 (bench/README.md, *The embedded
 * database's statistics*).
 */

/** A table is analyzed again when its size moved by a tenth since (and by more than a few pages). */
const GROWTH = 0.1;
const MIN_PAGES_MOVED = 4;

/** Tandem's tables: its own and the job queue's. */
const TABLES = `from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r' and n.nspname in ('public', 'pgboss')`;
const NAME = `format('%I.%I', n.nspname, c.relname) as name`;
const PAGES_NOW = `(pg_relation_size(c.oid) / current_setting('block_size')::int)`;

/**
 * Tables with rows and no statistics, or whose size moved since the last ANALYZE (which records
 * the pages it saw in pg_class.relpages). Read as the owner: pg_statistic is a superuser's catalog.
 */
const NEEDING_STATISTICS = `select ${NAME} ${TABLES} and ${PAGES_NOW} > 0
  and (not exists (select 1 from pg_statistic s where s.starelid = c.oid)
    or abs(${PAGES_NOW} - c.relpages) > greatest(c.relpages * ${GROWTH}, ${MIN_PAGES_MOVED}))
  order by ${PAGES_NOW} desc`;

const EVERY_TABLE = `select ${NAME} ${TABLES} order by c.relname`;

/**
 * ANALYZE for each table that needs it, one short transaction each (PGlite serves one statement at
 * a time: requests wait for one table, never for the whole pass). Returns the tables analyzed.
 */
export async function analyzeWhereNeeded(database: DatabaseHandle): Promise<string[]> {
  const tables = await database.ownerQuery<{ name: string }>(NEEDING_STATISTICS);
  for (const { name } of tables) await database.ownerQuery(`analyze ${name}`);
  return tables.map((t) => t.name);
}

/**
 * VACUUM (ANALYZE) of every table, one statement each. VACUUM cannot run inside a transaction, so it
 * runs as the application role, which the embedded database lets maintain its tables (pg_maintain,
 * granted in client.ts); it reads no row, so row-level security has nothing to hold back.
 */
export async function vacuumEveryTable(database: DatabaseHandle): Promise<number> {
  const tables = await database.ownerQuery<{ name: string }>(EVERY_TABLE);
  for (const { name } of tables) await database.db.execute(sql.raw(`vacuum (analyze) ${name}`));
  return tables.length;
}
