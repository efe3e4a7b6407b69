// Builds the server into one file, dist/cli.js, with its dependencies inside it.
// Why bundle them: loading ~30 packages of many small files (Drizzle, zod, Fastify) at start-up
// left about 150 MB of V8 heap committed for good; one file loads faster and leaves the process
// at about half the resident memory (bench/README.md).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/index.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: true,
  logLevel: 'warning',
  // Kept as packages: they load files relative to themselves (WebAssembly and data files, a
  // native addon, the API explorer's static assets), or are an optional native driver.
  external: [
    '@electric-sql/pglite',
    '@node-rs/argon2',
    'pg-native',
    '@fastify/static',
    '@fastify/swagger',
    '@fastify/swagger-ui',
    // pdfkit reads its standard fonts' metrics (data/*.afm) from files beside its own code.
    'pdfkit',
  ],
  // Bundled CommonJS modules call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __tandemRequire } from 'node:module'; const require = __tandemRequire(import.meta.url);",
  },
});

// The embedded database's first start loads this instead of running initdb and every migration
// (~7 s of CPU and a second, scratch PostgreSQL of ~190 MB): an empty database, already migrated,
// named after its migration count so a build with other migrations never loads it (src/db/client.ts).
const { PGlite } = await import('@electric-sql/pglite');
const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
const { drizzle } = await import('drizzle-orm/pglite');
const { migrate } = await import('drizzle-orm/pglite/migrator');
const { readFileSync, readdirSync, rmSync, writeFileSync } = await import('node:fs');
const migrationsFolder = 'src/db/migrations';
const count = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')).entries.length;
for (const old of readdirSync('dist').filter((name) => name.startsWith('pgdata-'))) rmSync(`dist/${old}`);
const client = await PGlite.create({ extensions: { pg_trgm, btree_gin } });
await migrate(drizzle({ client }), { migrationsFolder });
const dump = await client.dumpDataDir('gzip');
await client.close();
writeFileSync(`dist/pgdata-${count}.tar.gz`, Buffer.from(await dump.arrayBuffer()));
