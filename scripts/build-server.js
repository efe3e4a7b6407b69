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
