// Workspace export and import at scale (issue #14): one workspace grown to N tickets, 2 comments
// each and a given volume of incompressible attachments, then `tandem export` and `tandem import`
// run as child processes (the built CLI, as an operator runs them) with their peak resident memory
// read from /proc (VmHWM).
//
// Usage (PostgreSQL; builds nothing, run `npm run build` first):
//   tsx bench/exit.ts --database-url postgres://postgres@127.0.0.1:5432/tandem_exit_bench \
//     [--tickets 20000] [--attachments-mb 200] [--attachment-kb 512] [--reuse]
// The source database is <name> and the import target <name>_import; both are dropped first.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { readCatalog } from '../src/exit/catalog.ts';
import { ensureDatabase } from './database.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    tickets: { type: 'string', default: '20000' },
    'attachments-mb': { type: 'string', default: '200' },
    'attachment-kb': { type: 'string', default: '512' },
    /** Keeps the source database of an earlier run (export and import again only). */
    reuse: { type: 'boolean', default: false },
  },
});
const url = args['database-url'];
if (!url) throw new Error('--database-url is required (PostgreSQL)');
const TICKETS = Number(args.tickets);
const ATTACHMENT_BYTES = Number(args['attachment-kb']) * 1024;
const ATTACHMENTS = Math.ceil((Number(args['attachments-mb']) * 1024 * 1024) / ATTACHMENT_BYTES);
const importUrl = url.replace(/\/([^/?]+)(\?|$)/, '/$1_import$2');

/** Copies one existing row N times with new ids (every NOT NULL column keeps a valid value). */
async function generate() {
  await ensureDatabase(url!, { reset: true });
  const database = await openDatabase({ databaseUrl: url });
  await seedDemo(database.db);
  const { exported } = await readCatalog(database.db);
  const columnsOf = (table: string) =>
    exported
      .find((t) => t.name === table)!
      .columns.filter((c) => !c.generated)
      .map((c) => c.name);
  const [acme] = await database.unsafeOwnerQuery<{ id: string }>(
    `select id from workspaces where slug = 'acme'`,
  );
  const ws = acme!.id;
  const started = Date.now();
  const ticketCols = columnsOf('tickets');
  const override: Record<string, string> = {
    id: 'gen_random_uuid()',
    number: '100000 + g',
    subject: `'Generated ticket ' || g`,
  };
  const chunk = 10_000;
  for (let from = 1; from <= TICKETS; from += chunk) {
    const to = Math.min(TICKETS, from + chunk - 1);
    await database.unsafeOwnerQuery(
      `insert into tickets (${ticketCols.map((c) => `"${c}"`).join(', ')})
       select ${ticketCols.map((c) => override[c] ?? `t."${c}"`).join(', ')}
       from (select * from tickets where workspace_id = $1 order by number limit 1) t, generate_series(${from}, ${to}) g`,
      [ws],
    );
  }
  const commentCols = columnsOf('ticket_comments');
  const commentOverride: Record<string, string> = {
    id: 'gen_random_uuid()',
    ticket_id: 'n.id',
    body: `'Generated comment ' || k || ' on ' || n.number || ': checked the logs, restarted the service, the user confirms it works.'`,
  };
  await database.unsafeOwnerQuery(
    `insert into ticket_comments (${commentCols.map((c) => `"${c}"`).join(', ')})
     select ${commentCols.map((c) => commentOverride[c] ?? `c."${c}"`).join(', ')}
     from (select * from ticket_comments where workspace_id = $1 limit 1) c,
          (select id, number from tickets where workspace_id = $1 and number > 100000) n, generate_series(1, 2) k`,
    [ws],
  );
  const [member] = await database.unsafeOwnerQuery<{ id: string }>(
    'select id from memberships where workspace_id = $1 limit 1',
    [ws],
  );
  const ticketIds = await database.unsafeOwnerQuery<{ id: string }>(
    `select id from tickets where workspace_id = $1 and number > 100000 order by number limit ${ATTACHMENTS}`,
    [ws],
  );
  for (let i = 0; i < ATTACHMENTS; i++) {
    // Random bytes: already-compressed files (photos, PDFs) are what attachments mostly are.
    const content = randomBytes(ATTACHMENT_BYTES);
    await database.unsafeOwnerQuery(
      `insert into ticket_attachments (workspace_id, ticket_id, uploaded_by_membership_id, filename, content_type, size_bytes, sha256, content)
       values ($1, $2, $3, $4, 'application/octet-stream', $5, encode(sha256($6), 'hex'), $6)`,
      [ws, ticketIds[i % ticketIds.length]!.id, member!.id, `file-${i}.bin`, ATTACHMENT_BYTES, content],
    );
  }
  const [counts] = await database.unsafeOwnerQuery<Record<string, string>>(
    `select (select count(*) from tickets where workspace_id = $1) as tickets,
            (select count(*) from ticket_comments where workspace_id = $1) as comments,
            (select pg_size_pretty(sum(octet_length(content))) from ticket_attachments where workspace_id = $1) as attachments`,
    [ws],
  );
  await database.close();
  console.log(`generated in ${((Date.now() - started) / 1000).toFixed(0)} s:`, counts);
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Runs the built CLI and samples its peak resident memory (VmHWM) until it exits. */
function runCli(
  cliArgs: string[],
  databaseUrl: string,
): Promise<{ seconds: number; peakMb: number; cpuSeconds: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['bin/tandem.js', ...cliArgs], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'warn',
        TANDEM_PUBLIC_URL: 'http://localhost:3000',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    let peakKb = 0;
    let cpuTicks = 0;
    // bin/tandem.js runs export and import in a child with a capped heap: sample that child too.
    const ticks = new Map<number, number>();
    const sample = setInterval(() => {
      for (const pid of [child.pid!, ...childrenOf(child.pid!)]) {
        try {
          const status = readFileSync(`/proc/${pid}/status`, 'utf8');
          peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
          // utime and stime (fields 14 and 15, after the parenthesised command name): CPU time is
          // what a loaded machine inflates least.
          const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          ticks.set(pid, Number(fields[11]) + Number(fields[12]));
        } catch {
          // the process has just exited
        }
      }
      cpuTicks = [...ticks.values()].reduce((a, b) => a + b, 0);
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sample);
      if (code !== 0) reject(new Error(`tandem ${cliArgs.join(' ')} exited with ${code}`));
      else
        resolve({
          seconds: (Date.now() - started) / 1000,
          peakMb: Math.round(peakKb / 1024),
          cpuSeconds: cpuTicks / 100,
        });
    });
  });
}

if (!args.reuse) await generate();
const file = join(tmpdir(), `tandem-exit-bench-${process.pid}.tar.gz`);
const exported = await runCli(['export', '--workspace', 'acme', '--out', file], url);
console.log(
  `export: ${exported.seconds.toFixed(1)} s (process CPU ≥ ${exported.cpuSeconds.toFixed(1)} s), peak RSS ${exported.peakMb} MB, archive ${(statSync(file).size / 1_048_576).toFixed(0)} MB`,
);
await ensureDatabase(importUrl, { reset: true });
await runCli(['migrate'], importUrl);
const imported = await runCli(['import', file], importUrl);
console.log(
  `import: ${imported.seconds.toFixed(1)} s (CPU ≥ ${imported.cpuSeconds.toFixed(1)} s), peak RSS ${imported.peakMb} MB`,
);
