// Service review speed (issue #16): the monthly pack and its PDF for the largest workspace, the
// first snapshot's 180-day backfill, and the daily snapshot of every workspace.
//
// Data: bench/generate-desk.ts, e.g. one workspace of ~100,000 tickets among 200:
//   tsx bench/generate-desk.ts --database-url postgres://postgres@127.0.0.1:5432/tandem_reviews_bench \
//       --tickets 120000 --workspaces 200 --skew 3 --reset --manifest /tmp/reviews-bench-manifest.json
// Run:
//   tsx bench/reviews.ts --database-url postgres://postgres@127.0.0.1:5432/tandem_reviews_bench [--runs 3]
// Targets: pack ≤ 2 s, its PDF ≤ 3 s, the daily snapshot of 200 workspaces ≤ 60 s.

import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, selectRows } from '../src/db/client.ts';
import { withScopedTx } from '../src/db/tenant.ts';
import { addDays, isoDay, lastEndedPeriod } from '../src/domain/measures.ts';
import { HISTORY_ONLY_JOBS } from '../src/jobs/queue.ts';
import { packToPdf } from '../src/reviews/export/pdf.ts';
import { buildPack } from '../src/reviews/pack/build.ts';
import { snapshotWorkspace } from '../src/reviews/snapshots.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    runs: { type: 'string', default: '3' },
    'skip-daily': { type: 'boolean', default: false },
  },
});
if (!args['database-url'])
  throw new Error('Give --database-url (a database made by bench/generate-desk.ts).');
const RUNS = Number(args.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${Math.round(n)} ms`;
const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const out = await f();
  return [out, performance.now() - t];
};

const database = await openDatabase({ databaseUrl: args['database-url'] });
// The bench reads every workspace's size as the owner (row-level security hides the others).
const sizes = await database.unsafeOwnerQuery<{ workspace_id: string; n: number }>(
  'select workspace_id, count(*)::int as n from tickets group by workspace_id order by n desc',
);
const ids = (await selectRows<{ id: string }>(database.db, sql`select id from tandem_workspace_ids()`)).map(
  (r) => r.id,
);
const biggest = sizes[0]!;
// Start from no snapshot at all (the bench database is the bench's own), so each run measures the same work.
await database.unsafeOwnerQuery('delete from measure_snapshots');
await database.unsafeOwnerQuery('delete from measure_snapshot_runs');
console.log(
  `workspaces ${ids.length}, tickets ${sizes.reduce((a, s) => a + s.n, 0)}, largest workspace ${biggest.n} tickets; load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const now = new Date();
const period = lastEndedPeriod('monthly', isoDay(now));
const scope = { workspaceId: biggest.workspace_id, accountId: null };
const pack = () =>
  withScopedTx(database.db, scope, (tx) =>
    buildPack(tx, { workspaceId: biggest.workspace_id, period, cadence: 'monthly', now }),
  );

// 1. The pack before any snapshot exists: its trend points are computed from the records.
const cold: number[] = [];
for (let i = 0; i < RUNS; i++) cold.push((await time(pack))[1]);
console.log(
  `monthly pack, no snapshots (trends from the records): median ${ms(median(cold))} of ${cold.map(ms).join(', ')}`,
);

// 2. The first snapshot of the largest workspace: the 180-day backfill (once per workspace).
const backfillDay = addDays(isoDay(now), -1);
const [first, backfillMs] = await time(() =>
  snapshotWorkspace(database.db, biggest.workspace_id, backfillDay, { jobs: HISTORY_ONLY_JOBS, now }),
);
console.log(
  `first snapshot with backfill: ${first.days} days, ${first.values} figures in ${ms(backfillMs)} (claimed: ${first.claimed})`,
);

// 3. The pack and its PDF once snapshots exist (the usual case).
const warm: number[] = [];
const pdfs: number[] = [];
let bytes = 0;
for (let i = 0; i < RUNS; i++) {
  const [p, t] = await time(pack);
  warm.push(t);
  const [pdf, tp] = await time(() => packToPdf(p, { key: 'REV-1', status: 'draft', attendees: [] }));
  pdfs.push(t + tp);
  bytes = pdf.length;
}
console.log(`monthly pack with snapshots: median ${ms(median(warm))} of ${warm.map(ms).join(', ')}`);
console.log(
  `pack + PDF (${Math.round(bytes / 1024)} kB): median ${ms(median(pdfs))} of ${pdfs.map(ms).join(', ')}`,
);

// 4. The daily snapshot of every workspace (one day each, as the daily job does after the first).
if (!args['skip-daily']) {
  const daily: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A day per run that no earlier run claimed (the claim makes a day run once).
    const day = addDays(isoDay(now), -30 - run);
    const [, t] = await time(async () => {
      for (const id of ids)
        await snapshotWorkspace(database.db, id, day, { jobs: HISTORY_ONLY_JOBS, now, backfillDays: 1 });
    });
    daily.push(t);
    console.log(`daily snapshot of ${ids.length} workspaces (${day}): ${ms(t)}`);
  }
  console.log(`daily snapshot of ${ids.length} workspaces: median ${ms(median(daily))}`);
}
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
await database.close();
