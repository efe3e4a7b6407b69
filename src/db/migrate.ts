import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePgDrizzle } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePgliteDrizzle } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { Logger } from 'pino';
import { migrationsDir } from '../paths.ts';

// Any fixed number works; every instance must use the same one.
const MIGRATION_LOCK_KEY = 7_216_001;

export function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

export async function migratePglite(client: PGlite): Promise<void> {
  await migratePgliteDrizzle(drizzlePglite({ client }), { migrationsFolder: migrationsDir });
}

/** Several instances may start at once: an advisory lock lets one migrate while the others wait. */
export async function migratePostgres(url: string, logger?: Logger): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'tandem-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migratePgDrizzle(drizzlePg({ client }), { migrationsFolder: migrationsDir });
      logger?.debug('migrations applied');
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** How many migrations the database has applied, or null when it cannot tell. */
// Typed by what it uses, not client.ts's Database: client.ts imports this module to migrate on open.
export async function appliedMigrationCount(db: {
  execute(query: SQL): Promise<unknown>;
}): Promise<number | null> {
  try {
    const result = await db.execute(sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
    const [first] = (result as unknown as { rows: { count: number }[] }).rows;
    return first ? Number(first.count) : 0;
  } catch {
    return null;
  }
}
