#!/usr/bin/env node
// The dependency rules of .dependency-cruiser.cjs over src and web/src (`npm run depcheck`).
//
// dependency-cruiser parses TypeScript with the `typescript` package up to 6.x (or swc/babel); this
// project compiles with TypeScript 7, whose package has no JavaScript API. So the check first writes
// a JavaScript copy of the tree with esbuild in which type-only imports stay imports (they count:
// a type is a dependency too), except the web app's `import type` of server contracts, which the
// bundle drops and which are therefore allowed. Relative `.ts`/`.tsx` specifiers become `.js`.
// The copy lives in .depcheck/ (ignored by git) and is rebuilt on each run (well under a second).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { cruise } from 'dependency-cruiser';
import { transformSync } from 'esbuild';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const shadow = join(root, '.depcheck');
const trees = ['src', 'web/src'];
const isSource = (name) => /\.tsx?$/.test(name) && !/\.d\.ts$/.test(name);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (isSource(entry.name) || entry.name.endsWith('.json')) yield path;
  }
}

// `import type`/`export type {…} from` become value imports so esbuild keeps them, except a web file's
// type import from the server (src/), which is the allowed way for the web app to use a contract.
function keepTypeImports(file, source) {
  const inWeb = relative(root, file).startsWith('web/');
  return source.replace(
    /\b(import|export)\s+type\s+(\{[^}]*\}|\*\s+as\s+\w+|\w+)(\s+from\s+)(['"])([^'"]+)\4/g,
    (whole, keyword, what, from, quote, spec) => {
      if (inWeb && spec.startsWith('.') && relative(root, resolve(dirname(file), spec)).startsWith('src/')) {
        return whole;
      }
      return `${keyword} ${what}${from}${quote}${spec}${quote}`;
    },
  );
}

function writeShadow() {
  rmSync(shadow, { recursive: true, force: true });
  for (const tree of trees) {
    for (const file of walk(join(root, tree))) {
      const target = join(shadow, relative(root, file)).replace(/\.tsx?$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      if (file.endsWith('.json')) {
        writeFileSync(target, readFileSync(file));
        continue;
      }
      const { code } = transformSync(keepTypeImports(file, readFileSync(file, 'utf8')), {
        loader: file.endsWith('.tsx') ? 'tsx' : 'ts',
        jsx: 'automatic',
        sourcefile: file,
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
      });
      writeFileSync(target, code.replace(/(['"])(\.{1,2}\/[^'"]*?)\.tsx?\1/g, '$1$2.js$1'));
    }
  }
}

const baselineFile = join(root, '.dependency-cruiser-known-violations.json');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs'));

/** One pass of dependency-cruiser over the copy; returns its violations. */
async function pass(ruleSet, exclude) {
  const options = {
    ...config.options,
    ruleSet,
    validate: true,
    outputType: 'json',
    exclude: { path: exclude },
  };
  const result = await cruise(trees, options, { extensions: ['.js', '.json'] });
  return JSON.parse(result.output).summary.violations;
}

const key = (v) => `${v.rule.name} ${v.from} -> ${v.to}`;
const describe = (v) =>
  `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? `\n      cycle: ${[v.from, ...v.cycle.map((c) => c.name ?? c)].join(' -> ')}` : ''}`;

/**
 * One client runs one statement at a time (pg deprecates concurrent queries on a client): a
 * transaction's queries are awaited in turn, never under Promise.all. Only the files listed here
 * may use Promise.all, each for work that does not share a client.
 */
const PROMISE_ALL_ALLOWED = new Map([
  ['src/tickets/service/cross-workspace-queue.ts', 'each workspace is read in its own transaction'],
  ['src/exit/compare.ts', 'reads two archive files side by side, no database'],
  ['src/exit/verify.ts', 'extracts and disposes two archive files, no database'],
  ['src/db/template.ts', 'reads an archive while writing its files, no database'],
  ['src/problems/recurrence.ts', 'each scope in its own transaction (PostgreSQL: its own connection)'],
]);
function concurrentQueryViolations() {
  const found = [];
  for (const file of walk(join(root, 'src'))) {
    const path = relative(root, file);
    if (!/\.tsx?$/.test(path) || /\.test\.ts$|^src\/test\//.test(path) || PROMISE_ALL_ALLOWED.has(path))
      continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/Promise\.all(Settled)?\(/.test(line)) found.push(`${path}:${i + 1}`);
    });
  }
  return found;
}

writeShadow();
const concurrent = concurrentQueryViolations();
process.chdir(shadow);
const moduleViolations = await pass({ forbidden: config.forbidden }, config.options.exclude.path);
const folderViolations = await pass(
  { forbidden: config.folderRules },
  `${config.options.exclude.path}|${config.folderPassExclusions}`,
);
const violations = [...moduleViolations, ...folderViolations];

if (process.argv.includes('--update-baseline')) {
  writeFileSync(baselineFile, `${JSON.stringify([...new Set(violations.map(key))].sort(), null, 2)}\n`);
  console.log(`depcheck: ${violations.length} known violations written to ${relative(root, baselineFile)}`);
  process.exit(0);
}
let known = new Set();
try {
  known = new Set(JSON.parse(readFileSync(baselineFile, 'utf8')));
} catch {}
const fresh = violations.filter((v) => !known.has(key(v)));
const stillKnown = new Set(violations.filter((v) => known.has(key(v))).map(key));
for (const v of fresh) console.log(`  error ${describe(v)}`);
for (const at of concurrent) {
  console.log(
    `  error no-promise-all-on-a-client: ${at} (await the queries in turn; see PROMISE_ALL_ALLOWED)`,
  );
}
const comments = new Map(fresh.map((v) => [v.rule.name, config[v.rule.name]]));
for (const rule of [...config.folderRules, ...config.forbidden]) {
  if (comments.has(rule.name)) console.log(`\n  ${rule.name}: ${rule.comment}`);
}
const gone = [...known].filter((k) => !stillKnown.has(k));
console.log(
  `\ndepcheck: ${fresh.length} new violation(s); ${stillKnown.size} known (listed in ` +
    `${relative(root, baselineFile)} to be broken)` +
    (gone.length ? `; ${gone.length} known one(s) fixed - run with --update-baseline to drop them` : ''),
);
process.exitCode = fresh.length + concurrent.length > 0 ? 1 : 0;
