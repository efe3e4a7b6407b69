import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';

export const testEngine = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * Tests look at every row to check what a request wrote. A non-superuser owner is bound by
 * row-level security like the application, so that view needs the administrator
 * (TEST_DATABASE_ADMIN_URL, a superuser); the application itself still runs as the owner.
 */
function adminPool(database: string): pg.Pool | undefined {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) return undefined;
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  // A connection ended by the database's drop at teardown is expected, not a test failure.
  pool.on('error', () => {});
  return pool;
}

/** A fresh, migrated database for one test file: PGlite from the dump, or a PostgreSQL clone of the template. */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const tar = readFileSync(inject('pgliteTemplatePath'));
    return openDatabase({ pgliteTemplate: new Blob([tar]) });
  }
  const template = inject('postgresTemplate');
  const name = `tandem_t${randomBytes(4).toString('hex')}_${template.split('_').pop()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: dbUrl.toString(), migrate: false, poolSize: 5 });
  const inspector = adminPool(name);
  return {
    ...handle,
    ...(inspector && {
      async unsafeOwnerQuery<T>(text: string, params: unknown[] = []) {
        return (await inspector.query(text, params)).rows as T[];
      },
    }),
    async close() {
      await handle.close();
      await inspector?.end();
      // The owner drops it. A superuser's inspector connection that is still closing cannot be
      // ended by a non-superuser owner (DROP … WITH (FORCE) refuses): wait for it and try again.
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (error) {
            if (attempt >= 50 || (error as { code?: string }).code !== '42501') throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      } finally {
        await cleanup.end();
      }
    },
  };
}
