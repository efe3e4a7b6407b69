// The change calendar at a year of 5,000 changes: the calendar API (month views, as the page asks,
// and the whole year at once) and the workspace's iCalendar feed, through HTTP (app.inject: routing,
// auth, validation, serialisation), on in-memory PGlite or PostgreSQL.
//
// Usage (TypeScript sources through tsx; no build needed):
//   tsx bench/changes-calendar.ts [--changes 5000] [--runs 20]                 (in-memory PGlite)
//   tsx bench/changes-calendar.ts --database-url postgres://postgres@127.0.0.1:5432/tandem_chg_bench [--reset]

import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { HISTORY_ONLY_JOBS } from '../src/jobs/queue.ts';
import { buildApp } from '../src/server/app.ts';
import { TestClient } from '../src/test/client.ts';
import { makeWorkspace } from '../src/test/factories.ts';
import { startProfile } from './cpu-profile.ts';
import { ensureDatabase } from './database.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    changes: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '20' },
    reset: { type: 'boolean', default: false },
    /** Writes a CPU profile of the month views only (open it in Chrome's DevTools). */
    'cpu-profile': { type: 'string' },
  },
});
const CHANGES = Number(args.changes);
const RUNS = Number(args.runs);
const url = args['database-url'];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const fmt = (xs: number[]) => `median ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms`;

async function main() {
  if (url) await ensureDatabase(url, { reset: args.reset });
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  const q = database.unsafeOwnerQuery.bind(database);
  const ws = await makeWorkspace(database.db, 'Calendar bench');
  const systems: string[] = [];
  for (let i = 0; i < 40; i++) {
    const [row] = await q<{ id: string }>(
      `insert into systems (workspace_id, name, kind, criticality, owner_party_id) values ($1, $2, 'application', 'high', $3) returning id`,
      [ws.id, `System ${i}`, ws.providerPartyId],
    );
    systems.push(row!.id);
  }
  const [service] = await q<{ id: string }>('select id from services where workspace_id = $1 limit 1', [
    ws.id,
  ]);
  // A year from the start of this month, spread evenly; most past ones done, future ones scheduled.
  const start = new Date();
  start.setUTCDate(1);
  start.setUTCHours(0, 0, 0, 0);
  const t0 = Date.now();
  const statuses = ['scheduled', 'implemented', 'reviewed', 'submitted', 'in_progress', 'failed'];
  for (let offset = 0; offset < CHANGES; offset += 1000) {
    const n = Math.min(1000, CHANGES - offset);
    await q(
      `insert into changes (workspace_id, number, type, status, title, implementing_party_id, likelihood, impact,
         planned_start, planned_end, timezone, created_by_membership_id)
       select $1, $2 + g, 'normal', ($6::text[])[1 + g % 6], 'Bench change ' || ($2 + g), $3, 1 + g % 5, 1 + (g / 5) % 5,
         $4::timestamptz + (($2 + g) * interval '1 minute' * (525600 / $7::int)),
         $4::timestamptz + (($2 + g) * interval '1 minute' * (525600 / $7::int)) + interval '2 hours', 'Europe/London', $5
       from generate_series(1, $8::int) g`,
      [ws.id, offset, ws.providerPartyId, start.toISOString(), ws.lead.membershipId, statuses, CHANGES, n],
    );
  }
  await q(
    `insert into change_links (workspace_id, change_id, kind, target_id, position)
     select workspace_id, id, 'system', ($2::uuid[])[1 + number % 40], 0 from changes where workspace_id = $1
     union all
     select workspace_id, id, 'service', $3::uuid, 0 from changes where workspace_id = $1`,
    [ws.id, systems, service!.id],
  );
  await q(`insert into workspace_counters (workspace_id, name, value) values ($1, 'change', $2)`, [
    ws.id,
    CHANGES,
  ]);
  for (let m = 0; m < 12; m++)
    await q(
      `insert into change_freezes (workspace_id, title, starts_at, ends_at, created_by_membership_id)
       values ($1, 'Month-end close', $2::timestamptz - interval '2 days', $2::timestamptz + interval '1 day', $3)`,
      [
        ws.id,
        new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m + 1, 1)).toISOString(),
        ws.lead.membershipId,
      ],
    );
  await q('analyze');
  console.log(
    `data: ${CHANGES} changes over a year, 40 systems, 12 freezes in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  const config = {
    ...loadConfig({ NODE_ENV: 'production', TANDEM_PUBLIC_URL: 'http://bench.test', LOG_LEVEL: 'silent' }),
    demo: false,
  };
  const app = await buildApp({ config, database, secretKey: randomBytes(32), jobs: HISTORY_ONLY_JOBS });
  await app.ready();
  const lead = await new TestClient(app).signIn(ws.lead.email);
  const base = `/api/v1/w/${ws.slug}`;
  const time = async (path: string, client: TestClient | null = lead) => {
    const began = performance.now();
    const r = client ? await client.get(path) : await app.inject({ method: 'GET', url: path });
    const ms = performance.now() - began;
    if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    return { ms, body: r.body };
  };
  const months = Array.from({ length: 12 }, (_, m) => {
    const from = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1));
    const to = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m + 1, 1));
    return `${base}/changes/calendar?from=${from.toISOString()}&to=${to.toISOString()}`;
  });
  for (const m of months.slice(0, 3)) await time(m); // warm-up
  const monthTimes: number[] = [];
  let perMonth = 0;
  const profiler = args['cpu-profile'] ? await startProfile() : null;
  const cpuBefore = process.cpuUsage();
  for (let r = 0; r < RUNS; r++)
    for (const m of months) {
      const { ms, body } = await time(m);
      monthTimes.push(ms);
      perMonth = (JSON.parse(body) as { changes: unknown[] }).changes.length;
    }
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time survives a loaded machine better than latency (on PGlite it includes the database's work).
  const cpuPerMonth = (cpu.user + cpu.system) / 1000 / monthTimes.length;
  if (profiler) await profiler.stop(args['cpu-profile']!);
  const filtered: number[] = [];
  for (let r = 0; r < RUNS; r++)
    filtered.push((await time(`${months[r % 12]}&systemId=${systems[r % 40]}`)).ms);
  const yearPath = `${base}/changes/calendar?from=${start.toISOString()}&to=${new Date(start.getTime() + 366 * 86_400_000).toISOString()}`;
  const yearTimes: number[] = [];
  for (let r = 0; r < Math.max(3, RUNS / 4); r++) yearTimes.push((await time(yearPath)).ms);
  const feed = await lead.post(`${base}/change-feeds`, { scope: 'workspace' });
  const feedPath = new URL((feed.json() as { feed: { url: string } }).feed.url).pathname;
  await time(feedPath, null);
  const feedTimes: number[] = [];
  let events = 0;
  for (let r = 0; r < Math.max(5, RUNS / 2); r++) {
    const { ms, body } = await time(feedPath, null);
    feedTimes.push(ms);
    events = body.split('BEGIN:VEVENT').length - 1;
  }
  // Cold: a change was just edited, so the feed is generated again (what the first poll after a change costs).
  const coldTimes: number[] = [];
  for (let r = 0; r < Math.max(5, RUNS / 2); r++) {
    await q('update changes set updated_at = now() where workspace_id = $1 and number = $2', [ws.id, 1 + r]);
    coldTimes.push((await time(feedPath, null)).ms);
  }
  const engine = url ? 'PostgreSQL' : 'PGlite';
  console.log(
    `engine: ${engine}; load average ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `month view (${perMonth} changes each): ${fmt(monthTimes)} over ${monthTimes.length} requests; ` +
      `process CPU ${cpuPerMonth.toFixed(1)} ms per request${url ? ' (server only)' : ''}`,
  );
  console.log(`month view filtered by system: ${fmt(filtered)}`);
  console.log(`whole year at once (${CHANGES} changes): ${fmt(yearTimes)}`);
  console.log(`iCalendar feed (${events} events), unchanged calendar: ${fmt(feedTimes)}`);
  console.log(`iCalendar feed right after a change (generated again): ${fmt(coldTimes)}`);
  await app.close();
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
