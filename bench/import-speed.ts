// CSV import of tickets at scale on PostgreSQL (issue #15: 100,000 tickets in ≤ 2 minutes).
// For each size and run: a fresh database with the demo, the built server (as an operator runs it),
// and the internal lead posting one file of N tickets (one comment each, routed over the demo's
// services) to POST /api/v1/w/acme/imports: a dry run, the commit, then the same file again (which
// must create nothing). Prints each run and the median of the runs, with the load average.
//
// Usage (builds nothing: run `npm run build:server` first):
//   tsx bench/import-speed.ts [--database-url postgres://postgres@127.0.0.1:5432/tandem_import_speed] \
//     [--sizes 10000,100000] [--runs 3]

import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { apiSession, startServer } from '../e2e/server.ts';
import { currentTotpCode } from '../src/accounts/totp.ts';
import { ensureDatabase } from './database.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': {
      type: 'string',
      default: process.env.TEST_DATABASE_URL
        ? process.env.TEST_DATABASE_URL.replace(/\/[^/?]*(\?|$)/, '/tandem_import_speed$1')
        : 'postgres://postgres@127.0.0.1:5432/tandem_import_speed',
    },
    sizes: { type: 'string', default: '10000,100000' },
    runs: { type: 'string', default: '3' },
  },
});
const url = args['database-url'];
const SIZES = args.sizes.split(',').map(Number);
const RUNS = Number(args.runs);

type Run = { dry: number; commit: number; again: number; load: string };

async function oneRun(n: number): Promise<Run> {
  await ensureDatabase(url, { reset: true });
  const server = await startServer({ databaseUrl: url });
  try {
    const session = await apiSession(server.url, 'alice@acme.example');
    const call = async (path: string, body?: unknown) => {
      const response = await fetch(`${server.url}/api/v1${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: session.headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: a measuring script reads a few known fields
      const json = (await response.json()) as any;
      if (response.status >= 400)
        throw new Error(`${path}: ${response.status} ${JSON.stringify(json).slice(0, 500)}`);
      return json;
    };
    const enrol = await call('/auth/mfa/enrolment', {});
    await call('/auth/mfa/enrolment/confirm', { code: currentTotpCode(enrol.secret) });
    const map = await call('/w/acme/responsibility/map');
    const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;
    const services = (map.services as { name: string }[]).map((s) => quoted(s.name));
    const lines = ['externalId,subject,description,service,priority,comment'];
    for (let i = 0; i < n; i += 1)
      lines.push(
        `OLD-${i},Imported request ${i} about the printer,"Copied from the old desk, row ${i}: it eats paper",${services[i % services.length]},P${(i % 4) + 1},First reply ${i}`,
      );
    const csv = lines.join('\n');
    const timed = async (dryRun: boolean, expectCreated: number) => {
      const started = performance.now();
      const report = await call('/w/acme/imports', { kind: 'tickets', csv, dryRun });
      const seconds = (performance.now() - started) / 1000;
      if (report.errors.length > 0 || report.created !== expectCreated)
        throw new Error(`unexpected report: ${JSON.stringify(report).slice(0, 500)}`);
      return seconds;
    };
    const dry = await timed(true, n);
    const commit = await timed(false, n);
    const again = await timed(false, 0);
    return {
      dry,
      commit,
      again,
      load: loadavg()
        .map((l) => l.toFixed(1))
        .join(' '),
    };
  } finally {
    await server.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const n of SIZES) {
  const runs: Run[] = [];
  for (let r = 1; r <= RUNS; r += 1) {
    const run = await oneRun(n);
    runs.push(run);
    console.log(
      `${n} tickets, run ${r}: dry run ${run.dry.toFixed(1)} s, commit ${run.commit.toFixed(1)} s, same file again ${run.again.toFixed(1)} s (load average ${run.load})`,
    );
  }
  console.log(
    `${n} tickets, median of ${RUNS}: dry run ${median(runs.map((r) => r.dry)).toFixed(1)} s, commit ${median(runs.map((r) => r.commit)).toFixed(1)} s, same file again ${median(runs.map((r) => r.again)).toFixed(1)} s`,
  );
}
