// The SQL behind each load-desk scenario, timed and explained: runs the real service functions
// (listTickets, searchTickets) with a query-logging drizzle instance, then executes the captured
// statement as the application role inside the same row-level-security scope, EXPLAIN (ANALYZE,
// BUFFERS) once and timed N times. Use it with the server stopped (PGlite is single-process).
//
// Usage: tsx bench/explain-desk.ts --manifest bench/results/desk-manifest-tandem_bench.json
//   [--workspace desk-001] [--runs 15] [--only queue:all-created,search:common-word] [--plans] [--sql]
//   [--index "create index … on tickets (…)"]…  (created before measuring, dropped afterwards
//   unless --keep; to compare a candidate index with the shipped schema on the same data)

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type pg from 'pg';
import { resolveApiToken } from '../src/accounts/api-tokens.ts';
import { type Database, openDatabase } from '../src/db/client.ts';
import type { WorkspaceActor } from '../src/domain/actor.ts';
import { HISTORY_ONLY_JOBS } from '../src/jobs/queue.ts';
import { systemMeta } from '../src/server/context.ts';
import { type ListTicketsQuery, listTickets } from '../src/tickets/service/read-tickets.ts';
import { searchTickets } from '../src/tickets/service/search-tickets.ts';
import type { Manifest } from './generate-desk.ts';

const { values: args } = parseArgs({
  options: {
    manifest: { type: 'string' },
    workspace: { type: 'string' },
    runs: { type: 'string', default: '15' },
    only: { type: 'string' },
    plans: { type: 'boolean', default: false },
    sql: { type: 'boolean', default: false },
    index: { type: 'string', multiple: true },
    keep: { type: 'boolean', default: false },
  },
});
if (!args.manifest) throw new Error('--manifest is required');
const manifest = JSON.parse(readFileSync(resolve(args.manifest), 'utf8')) as Manifest;
const RUNS = Number(args.runs);
const ws = args.workspace
  ? manifest.workspaces.find((w) => w.slug === args.workspace)
  : [...manifest.workspaces].sort((a, b) => b.tickets - a.tickets)[0];
if (!ws) throw new Error(`no workspace ${args.workspace}`);

const handle = await openDatabase(
  manifest.target.kind === 'postgres'
    ? { databaseUrl: manifest.target.url, migrate: false, poolSize: 2 }
    : { dataDir: manifest.target.dataDir, migrate: false },
);
const raw = (handle.db as unknown as { $client: pg.Pool | PGlite }).$client;
const captured: Array<{ query: string; params: unknown[] }> = [];
const logger = { logQuery: (query: string, params: unknown[]) => captured.push({ query, params }) };
const logged = (handle.kind === 'postgres'
  ? drizzlePg({ client: raw as pg.Pool, casing: 'snake_case', logger })
  : drizzlePglite({ client: raw as PGlite, casing: 'snake_case', logger })) as unknown as Database;

/** Runs one statement as tandem_app inside the actor's RLS scope; returns rows and milliseconds. */
async function inScope(actor: WorkspaceActor, text: string, params: unknown[]) {
  const scope = 'select set_config($1, $2, true), set_config($3, $4, true)';
  const scopeParams = ['app.workspace_id', actor.workspaceId, 'app.account_id', actor.accountId];
  if (handle.kind === 'postgres') {
    const c = await (raw as pg.Pool).connect();
    try {
      await c.query('begin');
      await c.query('set local role tandem_app');
      await c.query(scope, scopeParams);
      const t0 = performance.now();
      const result = await c.query(text, params);
      const ms = performance.now() - t0;
      await c.query('rollback');
      return { rows: result.rows as Array<Record<string, unknown>>, ms };
    } finally {
      c.release();
    }
  }
  return (raw as PGlite).transaction(async (tx) => {
    await tx.query(scope, scopeParams);
    const t0 = performance.now();
    const result = await tx.query<Record<string, unknown>>(text, params);
    return { rows: result.rows, ms: performance.now() - t0 };
  });
}

const actors = {
  internal: (await resolveApiToken(handle.db, ws.tokens.internalAgent))!.actor,
  provider: (await resolveApiToken(handle.db, ws.tokens.providerAgent))!.actor,
  requester: (await resolveApiToken(handle.db, ws.tokens.requesters[0]!))!.actor,
};
const topService = ws.services.find((s) => s.key === 'help-desk')!;
const rareService = ws.services.find((s) => s.key === 'domains-dns-certificates')!;
const list = (q: Partial<ListTicketsQuery>): ListTicketsQuery => ({
  queue: 'all',
  sort: 'updated',
  limit: 50,
  ...q,
});
type Case = { name: string; who: keyof typeof actors; run(actor: WorkspaceActor): Promise<unknown> };
const ctx = (actor: WorkspaceActor) => ({
  db: logged,
  actor,
  meta: systemMeta('explain'),
  jobs: HISTORY_ONLY_JOBS,
});
const listCase = (name: string, who: keyof typeof actors, q: Partial<ListTicketsQuery>): Case => ({
  name,
  who,
  run: (actor) => listTickets(ctx(actor), list(q)),
});
const searchCase = (name: string, who: keyof typeof actors, q: string): Case => ({
  name,
  who,
  run: (actor) => searchTickets(ctx(actor), q, 20),
});
const CASES: Case[] = [
  listCase('queue:lane (provider)', 'provider', { queue: 'lane' }),
  listCase('queue:lane (internal)', 'internal', { queue: 'lane' }),
  listCase('queue:lane-open (provider)', 'provider', { queue: 'lane', open: true }),
  listCase('queue:joint-open (provider)', 'provider', { queue: 'joint', open: true }),
  listCase('queue:mine-open (provider)', 'provider', { queue: 'mine', open: true }),
  listCase('queue:all-in_progress', 'internal', { status: ['in_progress'] }),
  listCase('queue:all-P1P2', 'internal', { priority: ['P1', 'P2'] }),
  listCase('queue:all-service (help desk)', 'internal', { serviceId: topService.id }),
  listCase('queue:all-service (rare)', 'internal', { serviceId: rareService.id }),
  listCase('queue:all-unassigned', 'internal', { assigneeMembershipId: 'none' }),
  listCase('queue:all-created', 'internal', { sort: 'created' }),
  // Sort by SLA due walks tickets_sla_due (the nearest running clock's due time, kept by a trigger).
  listCase('queue:all-sla_due', 'internal', { sort: 'sla_due' }),
  listCase('queue:lane-open-sla_due (internal)', 'internal', { queue: 'lane', open: true, sort: 'sla_due' }),
  listCase('queue:all (updated)', 'internal', {}),
  listCase('queue:requested', 'requester', { queue: 'requested' }),
  searchCase('search:common-word laptop (internal)', 'internal', 'laptop'),
  searchCase('search:common-word laptop (provider)', 'provider', 'laptop'),
  searchCase('search:common-word printer', 'internal', 'printer'),
  searchCase('search:two-words', 'internal', 'outlook crashing'),
  searchCase('search:phrase', 'internal', '"not working"'),
  searchCase('search:person Smith', 'internal', 'Smith'),
  searchCase('search:identifier', 'internal', 'LT-12345'),
  searchCase('search:rare word', 'internal', 'plotter'),
  searchCase('search:ticket-key', 'internal', `${ws.prefix}-1234`),
  searchCase('search:requester laptop', 'requester', 'laptop'),
  // A requester's word that none of their tickets holds (load-desk's identifiers, names, keys they may not see).
  searchCase('search:requester rare word', 'requester', 'plotter'),
  searchCase('search:requester identifier', 'requester', 'LT-12345'),
];
const chosen = args.only
  ? CASES.filter((c) => args.only!.split(',').some((o) => c.name.startsWith(o)))
  : CASES;

const created: string[] = [];
for (const ddl of args.index ?? []) {
  const t0 = performance.now();
  await handle.unsafeOwnerQuery(ddl);
  const name = /index\s+(?:if not exists\s+)?(\w+)/i.exec(ddl)?.[1];
  if (name) created.push(name);
  console.log(`created (${((performance.now() - t0) / 1000).toFixed(1)} s): ${ddl}`);
}
if (created.length) await handle.unsafeOwnerQuery('analyze tickets');

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
console.log(`${manifest.target.kind}, workspace ${ws.slug} (${ws.tickets} tickets of ${manifest.tickets})`);
try {
  for (const c of chosen) {
    const actor = actors[c.who];
    captured.length = 0;
    await c.run(actor);
    // A service may run several statements (a page, then its names): each is timed, the sum reported.
    const statements = captured.filter(
      (q) =>
        /^\s*(\/\*[^*]*\*\/)?\s*(select|with)\b/i.test(q.query) && !q.query.startsWith('select set_config'),
    );
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      let total = 0;
      for (const [n, statement] of statements.entries()) {
        const r = await inScope(actor, statement.query, statement.params);
        total += r.ms;
        if (n === 0) rows = r.rows.length;
      }
      times.push(total);
    }
    const plan: string[] = [];
    let exec = 0;
    for (const statement of statements) {
      const explain = await inScope(actor, `explain (analyze, buffers) ${statement.query}`, statement.params);
      const lines = explain.rows.map((r) => String(Object.values(r)[0]));
      exec += Number(/([\d.]+) ms/.exec(lines.find((l) => l.startsWith('Execution Time')) ?? '')?.[1] ?? 0);
      plan.push(...lines, '');
    }
    console.log(
      `${c.name.padEnd(40)} rows ${String(rows).padStart(3)}  median ${pct(times, 0.5).toFixed(1).padStart(7)} ms  p95 ${pct(times, 0.95).toFixed(1).padStart(7)} ms  (${statements.length} statement(s), execution ${exec.toFixed(3)} ms)`,
    );
    if (args.sql)
      for (const statement of statements)
        console.log(`    ${statement.query}\n    params: ${JSON.stringify(statement.params)}\n`);
    if (args.plans) console.log(`${plan.map((l) => `    ${l}`).join('\n')}\n`);
  }
} finally {
  if (!args.keep) for (const name of created) await handle.unsafeOwnerQuery(`drop index if exists ${name}`);
  await handle.close();
}
