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
// template0 and template1 serve only CREATE DATABASE, which the embedded database never runs: without
// them a first start writes 15 MB fewer of its 47 MB of files.
await client.exec(`UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`);
for (const name of ['template0', 'template1']) await client.exec(`DROP DATABASE ${name}`);
// A checkpoint first, so the first start replays no WAL (PGlite.create 0.4 -> 0.25 s); the
// checkpoint also pre-allocates the next WAL segment, 16 MB that are left out of the archive.
await client.exec('CHECKPOINT');
const [{ current }] = (await client.query('select pg_walfile_name(pg_current_wal_insert_lsn()) as current'))
  .rows;
const dump = Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
await client.close();
writeFileSync(`dist/pgdata-${count}.tar.gz`, await withoutLaterWal(dump, current));

/** The archive (gzipped) without the WAL segments after the current one: empty, made in advance. */
async function withoutLaterWal(archive, currentSegment) {
  const tar = (await import('tar-stream')).default;
  const { gzipSync } = await import('node:zlib');
  const extract = tar.extract();
  const pack = tar.pack();
  const chunks = [];
  pack.on('data', (chunk) => chunks.push(chunk));
  const packed = new Promise((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const copied = (async () => {
    for await (const entry of extract) {
      const segment = /pg_wal\/([0-9A-F]{24})$/.exec(entry.header.name)?.[1];
      const parts = [];
      for await (const part of entry) parts.push(part);
      if (segment && segment > currentSegment) continue;
      await new Promise((resolve, reject) =>
        pack.entry(entry.header, Buffer.concat(parts), (error) => (error ? reject(error) : resolve())),
      );
    }
    pack.finalize();
  })();
  extract.end(archive);
  await copied;
  await packed;
  return gzipSync(Buffer.concat(chunks));
}
