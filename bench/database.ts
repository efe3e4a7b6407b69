// The benches' PostgreSQL databases: one of their own each, made (or made again) through the
// server's `postgres` database.
import pg from 'pg';

/** Creates the database of this URL when it is missing; with reset, drops it first (closing its sessions). */
export async function ensureDatabase(databaseUrl: string, options: { reset?: boolean } = {}): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  // The name is written into DROP/CREATE DATABASE, which take no parameters.
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unexpected database name "${name}".`);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    if (options.reset) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}
