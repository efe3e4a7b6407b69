// Recurrence detection at scale: one workspace with N tickets created in the last 30 days (the
// worst case: every ticket is "recent" and in one workspace), then the recurrence job timed, while a
// probe measures how long small scoped reads wait meanwhile (the job must not block requests).
//
// Usage (TypeScript sources through tsx; no build needed):
//   tsx bench/recurrence.ts [--tickets 100000] [--services 15] [--seed 1]          (in-memory PGlite)
//   tsx bench/recurrence.ts --database-url postgres://postgres@127.0.0.1:5432/tandem_recurrence_bench
//     (the database is created when missing and dropped first with --reset)

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { and, eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { createAccount } from '../src/accounts/admin.ts';
import { openDatabase } from '../src/db/client.ts';
import { recurrenceProposals } from '../src/db/schema/problems.ts';
import { services } from '../src/db/schema/responsibility.ts';
import { tickets } from '../src/db/schema/tickets.ts';
import { withScopedTx } from '../src/db/tenant.ts';
import { detectRecurrence } from '../src/problems/recurrence.ts';
import { systemMeta } from '../src/server/context.ts';
import { createWorkspace } from '../src/workspace-setup/create-workspace.ts';
import { ensureDatabase } from './database.ts';
import { description, rng, subject } from './desk-words.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    tickets: { type: 'string', default: '100000' },
    services: { type: 'string', default: '15' },
    seed: { type: 'string', default: '1' },
    /** After the first run: this many new tickets, then the job again (the nightly run), then once more with nothing new. */
    new: { type: 'string', default: '0' },
    reset: { type: 'boolean', default: false },
    /** Where the nightly run's time goes on PostgreSQL: the statements that took longest, summed by text. */
    statements: { type: 'boolean', default: false },
  },
});
const TICKETS = Number(args.tickets);
const SERVICES = Number(args.services);
const DAY = 86_400_000;
const url = args['database-url'];

// Statement timing (--statements, PostgreSQL): every driver call, from the call to its answer, by its text.
const statementTimes = new Map<string, { calls: number; ms: number }>();
let timingStatements = false;
type Call = (...a: unknown[]) => unknown;
function timed(call: Call): Call {
  return function (this: unknown, ...a: unknown[]) {
    const result = call.apply(this, a);
    if (!timingStatements || !(result instanceof Promise)) return result;
    const text = typeof a[0] === 'string' ? a[0] : ((a[0] as { text?: string })?.text ?? '');
    const key = text.replace(/\s+/g, ' ').slice(0, 100);
    const started = performance.now();
    return result.then((value) => {
      const entry = statementTimes.get(key) ?? { calls: 0, ms: 0 };
      entry.calls += 1;
      entry.ms += performance.now() - started;
      statementTimes.set(key, entry);
      return value;
    });
  };
}
if (args.statements) {
  const client = pg.Client.prototype as unknown as { query: Call };
  client.query = timed(client.query);
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

async function main() {
  if (url) await ensureDatabase(url, { reset: args.reset });
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  const db = database.db;
  const meta = systemMeta('bench-recurrence');
  const suffix = Date.now().toString(36);
  const admin = await createAccount(db, meta, {
    email: `bench-${suffix}@example.test`,
    name: 'Bench Admin',
    password: 'bench password not used',
    isAdmin: true,
  });
  const { workspace, membership } = await createWorkspace(
    db,
    meta,
    { accountId: admin.id, isAdmin: true },
    { name: 'Recurrence Bench', slug: `rec-${suffix}`, internalPartyName: 'Bench IT' },
  );
  const scope = { workspaceId: workspace.id, accountId: admin.id };
  const serviceIds = (
    await withScopedTx(db, scope, (tx) =>
      tx.select({ id: services.id }).from(services).where(eq(services.workspaceId, workspace.id)),
    )
  )
    .slice(0, SERVICES)
    .map((s) => s.id);

  const r = rng(Number(args.seed));
  const now = Date.now();
  const loadStarted = performance.now();
  const BATCH = 2000;
  const load = async (first: number, count: number, ageDays: number) => {
    for (let start = first; start < first + count; start += BATCH) {
      const rows: Array<typeof tickets.$inferInsert> = [];
      for (let i = start; i < Math.min(first + count, start + BATCH); i++) {
        const kind = r.chance(0.6) ? 'incident' : 'request';
        rows.push({
          workspaceId: workspace.id,
          number: i + 1,
          requesterMembershipId: membership.id,
          serviceId: r.pick(serviceIds),
          subject: subject(r, kind),
          description: description(r),
          impact: 'low' as const,
          urgency: 'medium' as const,
          priority: 'P4' as const,
          routingReason: 'bench',
          createdAt: new Date(now - r.next() * ageDays * DAY),
        });
      }
      await withScopedTx(db, scope, (tx) => tx.insert(tickets).values(rows));
    }
  };
  await load(0, TICKETS, 29);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  console.log(`${TICKETS} tickets loaded in ${loadSeconds.toFixed(1)} s (${database.kind})`);

  // The probe: a small scoped read every 100 ms, as a request would make, while the job runs. A
  // read's wait runs from when it was due to when it answered, so time spent behind the job counts
  // even when the job holds the event loop (PGlite runs in this process).
  const waits: number[] = [];
  let probing = true;
  const probe = (async () => {
    let due = performance.now();
    while (probing) {
      await withScopedTx(db, scope, (tx) =>
        tx
          .select({ id: tickets.id })
          .from(tickets)
          .where(and(eq(tickets.workspaceId, workspace.id), eq(tickets.number, 1 + r.int(TICKETS)))),
      );
      waits.push(performance.now() - due);
      due = performance.now() + 100;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const started = performance.now();
  const result = await detectRecurrence(db, workspace.id, {
    chunkedTransactions: database.kind === 'pglite',
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuFirst = process.cpuUsage();
  // The nightly run: NEW tickets raised since, then the job again; then once more with nothing new.
  const NEW = Number(args.new);
  let nightly: { seconds: number; lookups: number; proposalsCreated: number } | null = null;
  let idle: { seconds: number; lookups: number } | null = null;
  if (NEW > 0) {
    await load(TICKETS, NEW, 0.5);
    let t = performance.now();
    timingStatements = true;
    const second = await detectRecurrence(db, workspace.id, {
      chunkedTransactions: database.kind === 'pglite',
    });
    timingStatements = false;
    nightly = {
      seconds: Math.round((performance.now() - t) / 100) / 10,
      lookups: second.neighbourLookups,
      proposalsCreated: second.proposalsCreated,
    };
    t = performance.now();
    const third = await detectRecurrence(db, workspace.id, {
      chunkedTransactions: database.kind === 'pglite',
    });
    idle = { seconds: Math.round((performance.now() - t) / 100) / 10, lookups: third.neighbourLookups };
  }
  probing = false;
  await probe;
  const proposals = await withScopedTx(db, scope, (tx) =>
    tx
      .select({ n: recurrenceProposals.ticketIds })
      .from(recurrenceProposals)
      .where(inArray(recurrenceProposals.workspaceId, [workspace.id])),
  );
  const figures = {
    date: new Date().toISOString().slice(0, 10),
    engine: database.kind,
    tickets: TICKETS,
    services: serviceIds.length,
    jobSeconds: Math.round(seconds * 10) / 10,
    /** This process's CPU up to the end of the first run (PGlite runs the database in it too). */
    processCpuSeconds: Math.round((cpuFirst.user + cpuFirst.system) / 1e5) / 10,
    newTickets: NEW,
    nightly,
    idle,
    scopes: result.scopes,
    ticketsScanned: result.ticketsScanned,
    groupsFound: result.groupsFound,
    proposals: proposals.length,
    ticketsInProposals: proposals.reduce((s, p) => s + p.n.length, 0),
    neighbourLookups: result.neighbourLookups,
    probeReads: waits.length,
    probeMedianMs: Math.round(percentile(waits, 50)),
    probeP95Ms: Math.round(percentile(waits, 95)),
    probeMaxMs: Math.round(Math.max(0, ...waits)),
  };
  console.log(JSON.stringify(figures, null, 2));
  if (args.statements) {
    console.log('nightly run, statements by total time (ms, calls, text):');
    for (const [text, { calls, ms }] of [...statementTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12))
      console.log(`${ms.toFixed(0).padStart(7)} ${String(calls).padStart(5)}  ${text}`);
  }
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(
    join(import.meta.dirname, 'results', `recurrence-${database.kind}-${TICKETS}-${figures.date}.json`),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
