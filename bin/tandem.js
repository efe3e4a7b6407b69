#!/usr/bin/env node
// Runs the bundled CLI; `npm run build` (or `npm start`) creates it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(bundle)) {
  console.error('Tandem is not built yet: run `npm run build` first (npm start does it for you).');
  process.exit(1);
}
// An export or import streams gigabytes through short-lived buffers; left alone, V8 lets garbage
// grow the process past 500 MB before collecting it. A capped old space keeps it under 400 MB at
// no measurable cost in time (bench/README.md, "Workspace export and import"), so these two commands
// run in a child with the cap unless the operator set one.
const command = process.argv[2];
const capped = /max-old-space-size/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`);
if ((command === 'export' || command === 'import') && !capped) {
  const { spawnSync } = await import('node:child_process');
  const child = spawnSync(
    process.execPath,
    ['--max-old-space-size=160', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}
await import(bundle);
