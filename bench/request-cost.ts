// Statements, round trips and CPU per request (issue #18): the app in this process (app.inject,
// no socket), one client, one request type after the other, on the data bench/generate-desk.ts made.
// Counts every call into the database driver: a node-postgres `client.query` is one call (a text of
// several statements counts each statement), and a round trip when it is sent to a connection with
// nothing in flight (calls pipelined behind an unanswered one share its round trip; a read's COMMIT,
// answered after the response, is one); on PGlite a query or exec is one call and one round trip
// into the engine, and a transaction adds its BEGIN and COMMIT. CPU: this process (server work plus the
// light app.inject) and, on PostgreSQL, the backends of this process's own connections (/proc).
//
// Usage: tsx bench/request-cost.ts --manifest bench/results/desk-manifest-<db>.json
//   [--requests 300] [--warmup 50] [--runs 3]
//   [--only workspace,queue,search-word,search-key,detail,comment,reply,create]  (workspace: the fixed part
//   alone; comment: a staff note; reply: a public reply by staff)
//   [--trace]  (prints the statements of one request of each kind, then measures as usual)
//   [--cpu-profile DIR]  (the first run's measured requests of each kind profiled: DIR/<kind>.cpuprofile,
//   and the server's self time per request by package or area of src/; the sampling adds its own CPU)
//   [--session alice@acme.example]  (a browser session instead of the API token: signs in with the demo's
//   password and, when asked, enrols two-step sign-in; for a demo manifest freshly made by demo-manifest.ts)
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { currentTotpCode } from '../src/accounts/totp.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';
import { startJobs } from '../src/jobs/queue.ts';
import { buildApp } from '../src/server/app.ts';
import { selfTimeByPlace, startProfile } from './cpu-profile.ts';
import { description, rng, subject } from './desk-words.ts';
import type { Manifest } from './generate-desk.ts';

const { values: args } = parseArgs({
  options: {
    manifest: { type: 'string' },
    requests: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    trace: { type: 'boolean', default: false },
    'cpu-profile': { type: 'string' },
    session: { type: 'string' },
  },
});
if (!args.manifest) throw new Error('--manifest is required (written by bench/generate-desk.ts).');
const manifest = JSON.parse(readFileSync(resolve(args.manifest), 'utf8')) as Manifest;
const REQUESTS = Number(args.requests);
const WARMUP = Number(args.warmup);
const RUNS = Number(args.runs);

// ---------------------------------------------------------------------------------------------
// Counting, installed before the database opens.
const count = { calls: 0, statements: 0, trips: 0 };
/** Statements sent and not yet answered, per node-postgres connection (pipelined ones share a round trip). */
const inFlight = new WeakMap<object, number>();
/** While set, each call's text is kept (--trace). */
let traced: string[] | undefined;
const trace = (text: unknown) => traced?.push(String(text).replace(/\s+/g, ' ').slice(0, 140));
const statementsIn = (text: unknown) =>
  typeof text === 'string' ? Math.max(1, text.split(';').filter((s) => s.trim() !== '').length) : 1;

const pgQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...a: unknown[]
) {
  const [config, values] = a;
  const text = typeof config === 'string' ? config : (config as { text?: string })?.text;
  const parameters = Array.isArray(values) ? values : (config as { values?: unknown[] })?.values;
  count.calls += 1;
  count.statements += parameters?.length ? 1 : statementsIn(text);
  trace(text);
  // A round trip begins when a statement is sent to a connection with none in flight; one sent
  // behind another that has not answered yet (the connection pipelines) travels in the same one.
  const busy = inFlight.get(this) ?? 0;
  if (busy === 0) count.trips += 1;
  const answer = pgQuery.apply(this, a);
  if (answer instanceof Promise) {
    inFlight.set(this, busy + 1);
    const done = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
    answer.then(done, done);
  }
  return answer;
};
type Runner = { query: (...a: unknown[]) => Promise<unknown>; exec: (...a: unknown[]) => Promise<unknown> };
function counted<T extends Runner>(target: T): T {
  const query = target.query.bind(target);
  const exec = target.exec.bind(target);
  target.query = (...a) => {
    count.calls += 1;
    count.trips += 1;
    count.statements += 1;
    trace(a[0]);
    return query(...a);
  };
  target.exec = (...a) => {
    count.calls += 1;
    count.trips += 1;
    count.statements += statementsIn(a[0]);
    trace(a[0]);
    return exec(...a);
  };
  return target;
}
const pgliteProto = PGlite.prototype as unknown as Runner & {
  transaction: (fn: (tx: Runner) => Promise<unknown>) => Promise<unknown>;
};
const { query: pgliteQuery, exec: pgliteExec, transaction: pgliteTransaction } = pgliteProto;
pgliteProto.query = function (this: Runner, ...a) {
  count.calls += 1;
  count.trips += 1;
  count.statements += 1;
  trace(a[0]);
  return pgliteQuery.apply(this, a);
};
pgliteProto.exec = function (this: Runner, ...a) {
  count.calls += 1;
  count.trips += 1;
  count.statements += statementsIn(a[0]);
  trace(a[0]);
  return pgliteExec.apply(this, a);
};
pgliteProto.transaction = function (this: unknown, fn) {
  count.calls += 2; // BEGIN and COMMIT (or ROLLBACK)
  count.trips += 2;
  count.statements += 2;
  trace('BEGIN … COMMIT (PGlite transaction)');
  return pgliteTransaction.call(this, (tx: Runner) => fn(counted(tx)));
};

// ---------------------------------------------------------------------------------------------
const database = await openDatabase(
  manifest.target.kind === 'postgres'
    ? { databaseUrl: manifest.target.url, migrate: false, poolSize: 2 }
    : { dataDir: manifest.target.dataDir, migrate: false },
);
const config = {
  ...loadConfig({
    NODE_ENV: 'production',
    TANDEM_PUBLIC_URL: 'http://bench.test',
    LOG_LEVEL: 'silent',
    TANDEM_SECRET_KEY: 'b'.repeat(64),
  }),
  demo: false,
  rateLimits: { perAddress: 0, perToken: 0 },
};
const jobs = await startJobs(database.jobsDb, database.kind, { poll: false });
const app = await buildApp({ config, database, secretKey: Buffer.from('b'.repeat(64), 'hex'), jobs });
await app.ready();

const ws = [...manifest.workspaces].sort((a, b) => b.tickets - a.tickets)[0]!;
/** A signed-in browser: its cookie and CSRF token, with two-step sign-in done when the account needs it. */
async function sessionHeaders(email: string): Promise<Record<string, string>> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: DEMO_PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`sign-in: ${login.statusCode} ${login.body}`);
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const headers = { cookie, 'x-csrf-token': login.json().csrfToken as string };
  const state = login.json().session.mfaState as string;
  if (state === 'enrolment_required') {
    const started = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enrolment', headers });
    const code = currentTotpCode(started.json().secret as string);
    const confirmed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/enrolment/confirm',
      headers,
      payload: { code },
    });
    if (confirmed.statusCode !== 200) throw new Error(`enrolment: ${confirmed.statusCode} ${confirmed.body}`);
  } else if (state === 'pending') {
    throw new Error(`${email} has enrolled already: make the demo manifest again (bench/demo-manifest.ts).`);
  }
  return headers;
}
const auth = args.session
  ? await sessionHeaders(args.session)
  : { authorization: `Bearer ${ws.tokens.internalAgent}` };
const base = `/api/v1/w/${ws.slug}`;
const g = rng(11);
const ticketKey = () => `${ws.prefix}-${1 + g.int(ws.tickets)}`;
const WORDS = ['printer', 'password', 'laptop', 'vpn', 'outlook', 'invoice', 'teams', 'backup'];

type Kind = {
  name: string;
  expect: number;
  request(): { method: 'GET' | 'POST'; url: string; payload?: Record<string, unknown> };
};
/** A comment on a random ticket: a staff note ('staff') or a public reply by staff ('public'). */
const commentKind = (name: string, visibility: 'staff' | 'public') => ({
  name,
  expect: 201,
  request: () => ({
    method: 'POST' as const,
    url: `${base}/tickets/${ticketKey()}/comments`,
    payload: { body: description(g).slice(0, 400), visibility },
  }),
});

const KINDS: Kind[] = [
  // The fixed part alone: who is asking and the transaction around one primary-key read.
  { name: 'workspace', expect: 200, request: () => ({ method: 'GET', url: base }) },
  {
    name: 'queue',
    expect: 200,
    request: () => ({ method: 'GET', url: `${base}/tickets?queue=lane&open=true` }),
  },
  {
    name: 'search-word',
    expect: 200,
    request: () => ({ method: 'GET', url: `${base}/tickets/search?q=${g.pick(WORDS)}` }),
  },
  {
    name: 'search-key',
    expect: 200,
    request: () => ({ method: 'GET', url: `${base}/tickets/search?q=${ticketKey()}` }),
  },
  { name: 'detail', expect: 200, request: () => ({ method: 'GET', url: `${base}/tickets/${ticketKey()}` }) },
  commentKind('comment', 'staff'),
  // A public reply by staff: the requester is told, and the ticket's first-response clock is checked.
  commentKind('reply', 'public'),
  {
    name: 'create',
    expect: 201,
    request: () => ({
      method: 'POST',
      url: `${base}/tickets`,
      payload: {
        serviceId: g.pick(ws.services).id,
        subject: subject(g, 'incident'),
        description: description(g),
        impact: 'medium',
        urgency: 'medium',
      },
    }),
  },
];
const chosen = args.only ? KINDS.filter((k) => args.only!.split(',').includes(k.name)) : KINDS;

// A connection of its own (not the pool's) finds the pool's backends.
const probe =
  manifest.target.kind === 'postgres'
    ? new pg.Client({ connectionString: manifest.target.url, application_name: 'bench-probe' })
    : undefined;
await probe?.connect();

/** CPU seconds (user + system) of this process's PostgreSQL backends, read from /proc. */
async function backendCpuSeconds(): Promise<number> {
  if (database.kind !== 'postgres') return 0;
  const { rows: pids } = await probe!.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and application_name = 'tandem'`,
  );
  let ticks = 0;
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the backend ended between the two reads
    }
  }
  return ticks / 100;
}

async function one(kind: Kind) {
  const r = kind.request();
  const response = await app.inject({ ...r, headers: auth });
  if (response.statusCode !== kind.expect)
    throw new Error(`${kind.name}: ${response.statusCode} ${response.body.slice(0, 300)}`);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
type Result = {
  p50: number;
  p95: number;
  cpuServer: number;
  cpuPg: number;
  calls: number;
  trips: number;
  statements: number;
};
if (args.trace) {
  for (const kind of chosen) {
    await one(kind);
    traced = [];
    await one(kind);
    console.log(
      `\n${kind.name}: ${traced.length} calls\n${traced.map((t, i) => `  ${i + 1}. ${t}`).join('\n')}`,
    );
    traced = undefined;
  }
}
const results = new Map<string, Result[]>();
for (let run = 0; run < RUNS; run += 1) {
  for (const kind of chosen) {
    for (let i = 0; i < WARMUP; i += 1) await one(kind);
    // The CPU figures read /proc and pg_stat_activity outside the counted span.
    const pgBefore = await backendCpuSeconds();
    const profiler = args['cpu-profile'] && run === 0 ? await startProfile() : undefined;
    const before = { ...count };
    const cpuBefore = process.cpuUsage();
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      const t0 = performance.now();
      await one(kind);
      times.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpuBefore);
    if (profiler) {
      const profile = await profiler.stop(join(args['cpu-profile']!, `${kind.name}.cpuprofile`));
      const places = selfTimeByPlace(profile, REQUESTS).slice(0, 14);
      console.log(`\n${kind.name}, server self time per request (ms, sampled):`);
      for (const [place, ms] of places) console.log(`  ${ms.toFixed(3).padStart(7)}  ${place}`);
    }
    const after = { ...count };
    const pgAfter = await backendCpuSeconds();
    times.sort((a, b) => a - b);
    const result: Result = {
      p50: percentile(times, 0.5),
      p95: percentile(times, 0.95),
      cpuServer: (cpu.user + cpu.system) / 1000 / REQUESTS,
      cpuPg: ((pgAfter - pgBefore) * 1000) / REQUESTS,
      calls: (after.calls - before.calls) / REQUESTS,
      trips: (after.trips - before.trips) / REQUESTS,
      statements: (after.statements - before.statements) / REQUESTS,
    };
    results.set(kind.name, [...(results.get(kind.name) ?? []), result]);
    console.error(`run ${run + 1} ${kind.name}: ${JSON.stringify(result)}`);
  }
}

const target = manifest.target.kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
console.log(
  `\n${target}, workspace ${ws.slug} (${ws.tickets} tickets), ${REQUESTS} requests per kind after ${WARMUP} warm-up, median of ${RUNS} runs; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
console.log(
  '| request | round trips | calls | statements | p50 ms | p95 ms | CPU server ms | CPU PostgreSQL ms |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name, rs] of results) {
  const m = (f: (r: Result) => number, digits = 2) => median(rs.map(f)).toFixed(digits);
  console.log(
    `| ${name} | ${m((r) => r.trips, 1)} | ${m((r) => r.calls, 1)} | ${m((r) => r.statements, 1)} | ${m((r) => r.p50)} | ${m((r) => r.p95)} | ${m((r) => r.cpuServer)} | ${target === 'PGlite' ? '(in process)' : m((r) => r.cpuPg)} |`,
  );
}
await app.close();
await jobs.stop();
await database.close();
await probe?.end();
