#!/usr/bin/env node
// Runs the bundled CLI; `npm run build` (or `npm start`) creates it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(bundle)) {
  console.error('Tandem is not built yet: run `npm run build` first (npm start does it for you).');
  process.exit(1);
}
await import(bundle);
