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
// `serve` starts lean unless the operator chose otherwise (bench/README.md, "Start-up" and "Service
// desk"): V8's young generation capped at 2 × 8 MB instead of growing to 2 × 64 MB, and glibc's malloc
// in 2 arenas instead of one per compiling thread. Under 16 clients at 1,000,000 tickets on PostgreSQL
// that kept the server at 381–397 MB instead of 471–527 MB, with no loss of throughput. With the
// embedded database (no DATABASE_URL), which shares this process, gc() is also exposed so serve can
// return the seed's garbage to the system at once. process.execve replaces this process (same pid),
// so nothing stays behind to hold memory.
const nodeFlags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
if (command === 'serve' && !process.env.TANDEM_LEAN_FLAGS && process.platform !== 'win32') {
  const lean = [
    ...(/max-semi-space-size/.test(nodeFlags) ? [] : ['--max-semi-space-size=8']),
    ...(process.env.DATABASE_URL || /expose-gc/.test(nodeFlags) ? [] : ['--expose-gc']),
  ];
  process.execve(
    process.execPath,
    [process.execPath, ...lean, ...process.execArgv, ...process.argv.slice(1)],
    {
      MALLOC_ARENA_MAX: '2',
      ...process.env,
      // Marks the restarted process, which must not restart again.
      TANDEM_LEAN_FLAGS: lean.join(' ') || 'none',
    },
  );
}
await import(bundle);
