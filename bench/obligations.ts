// Creating a year of obligation occurrences for N obligations (issue #12: ≤ 10 s for 1,000 on
// PostgreSQL and PGlite). One workspace with N active obligations (70 % monthly, 20 % weekly,
// 10 % quarterly), then the generator job (generateAhead) timed for 365 days ahead, a second run
// (nothing new: every date already exists) and two runs at once (the unique key drops duplicates).
//
// Usage (TypeScript sources through tsx; no build needed):
//   tsx bench/obligations.ts [--obligations 1000]                                     (in-memory PGlite)
//   tsx bench/obligations.ts --database-url postgres://postgres@127.0.0.1:5432/tandem_obligations_bench [--reset]

import { parseArgs } from 'node:util';
import { createAccount } from '../src/accounts/admin.ts';
import { openDatabase } from '../src/db/client.ts';
import { generateAhead } from '../src/obligations/jobs.ts';
import { systemMeta } from '../src/server/context.ts';
import { createWorkspace } from '../src/workspace-setup/create-workspace.ts';
import { ensureDatabase } from './database.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    obligations: { type: 'string', default: '1000' },
    reset: { type: 'boolean', default: false },
  },
});
const N = Number(args.obligations);
const url = args['database-url'];

async function main() {
  if (url) await ensureDatabase(url, { reset: args.reset });
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  const meta = systemMeta('bench');
  const admin = await createAccount(database.db, meta, {
    email: `bench-${Date.now()}@example.test`,
    name: 'Bench Lead',
    password: 'correct horse battery staple',
    isAdmin: true,
  });
  const { workspace, membership } = await createWorkspace(
    database.db,
    meta,
    { accountId: admin.id, isAdmin: true },
    { name: 'Obligations bench', slug: `obl-bench-${Date.now()}`, internalPartyName: 'Bench IT' },
  );
  const q = database.unsafeOwnerQuery.bind(database);
  const ws = workspace.id;
  const [service] = await q<{ id: string }>('select id from services where workspace_id = $1 limit 1', [ws]);
  const today = new Date().toISOString().slice(0, 10);
  await q(
    `insert into obligations (workspace_id, number, title, service_id, accountable_membership_id, rrule, time_zone,
       starts_on, attestation, checklist, required_files)
     select $1, 1000 + i, 'Bench obligation ' || i, $2, $3,
       case when i % 10 < 7 then 'FREQ=MONTHLY;BYMONTHDAY=' || (1 + i % 28)
            when i % 10 < 9 then 'FREQ=WEEKLY;BYDAY=MO'
            else 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15' end,
       'Europe/London', $4::date, 'Done.', '["Checked"]'::jsonb, '["Report"]'::jsonb
     from generate_series(1, $5::int) i`,
    [ws, service!.id, membership.id, today, N],
  );
  const time = async (label: string, run: () => Promise<unknown>) => {
    const t = performance.now();
    const result = await run();
    const ms = Math.round(performance.now() - t);
    console.log(`${label}: ${ms} ms`, JSON.stringify(result));
    return ms;
  };
  const target = { workspaceId: ws, obligationId: null };
  await time('a year ahead (first run)', () => generateAhead(database, target, { aheadDays: 365 }));
  await q('update obligations set generated_until = null where workspace_id = $1', [ws]);
  await time('again (every date exists)', () => generateAhead(database, target, { aheadDays: 365 }));
  await q('update obligations set generated_until = null where workspace_id = $1', [ws]);
  await time('two generators at once', () =>
    Promise.all([
      generateAhead(database, target, { aheadDays: 365 }),
      generateAhead(database, target, { aheadDays: 365 }),
    ]),
  );
  const [rows] = await q<{ n: number; dupes: number }>(
    `select count(*)::int as n,
       (select count(*)::int from (select 1 from obligation_occurrences where workspace_id = $1
          group by obligation_id, due_on having count(*) > 1) d) as dupes
     from obligation_occurrences where workspace_id = $1`,
    [ws],
  );
  console.log(`occurrences: ${rows!.n}, duplicates: ${rows!.dupes}, engine: ${database.kind}`);
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
