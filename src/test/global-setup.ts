import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PGLITE_EXTENSIONS } from '../db/client.ts';
import { migratePglite, migratePostgres } from '../db/migrate.ts';

/**
 * Migrates once per run: a PGlite dump that each test file loads, and, when TEST_DATABASE_URL is
 * set, a PostgreSQL template database that each test file clones.
 */
export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const dir = join(tmpdir(), `tandem-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  await migratePglite(pglite);
  const dump = await pglite.dumpDataDir('none');
  const templatePath = join(dir, 'template.tar');
  writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  provide('pgliteTemplatePath', templatePath);
  // Each run's 46 MB dump goes with the run (it was left in the temporary folder, one per run).
  const removeDump = () => rmSync(dir, { recursive: true, force: true });

  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const templateName = `tandem_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${templateName}`);
    await admin.query(`CREATE DATABASE ${templateName}`);
    await admin.end();
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${templateName}`;
    await migratePostgres(templateUrl.toString());
    provide('postgresTemplate', templateName);
    return async () => {
      removeDump();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      const { rows } = await cleanup.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'tandem_t%${process.pid}%'`,
      );
      for (const row of rows) await cleanup.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      await cleanup.end();
    };
  }
  return removeDump;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
    postgresTemplate: string;
  }
}
