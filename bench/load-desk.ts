// Load driver for the service desk: starts the built server (`node bin/tandem.js serve --no-demo`)
// on the database bench/generate-desk.ts filled, then drives it with N concurrent clients using
// Bearer API tokens, one fixed-duration scenario after the other: ticket creation, queue pages with
// each filter, full-text search. Every latency is recorded; the server's RSS is sampled from /proc.
//
// Usage: npm run build && tsx bench/load-desk.ts --manifest bench/results/desk-manifest-tandem_bench.json
//   [--clients 16] [--duration 20] [--warmup 5] [--runs 3] [--scenarios create,search,queue:lane,…]
//   [--pool-size 10] [--cooldown-load 2.5] [--out bench/results/desk-<target>-<time>.json]
// Each run starts a fresh server process (after waiting up to 3 min for the load average to fall
// below --cooldown-load); with --runs > 1 the summary is the median of the runs. CPU is reported
// for the server process, all local PostgreSQL processes and this driver (percent of one core), and
// for the whole machine (busy / idle / stolen by the hypervisor, percent of all cores).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { description, type Rng, rng, searchQuery, subject } from './desk-words.ts';
import type { Manifest, ManifestWorkspace } from './generate-desk.ts';

const { values: args } = parseArgs({
  options: {
    manifest: { type: 'string' },
    clients: { type: 'string', default: '16' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    runs: { type: 'string', default: '1' },
    scenarios: { type: 'string' },
    'pool-size': { type: 'string' },
    // A server bundle other than dist/ (e.g. bench/.build/cli.js), so a benchmark need not rebuild dist/.
    entry: { type: 'string', default: 'bin/tandem.js' },
    // The same database reached another way, e.g. over the Unix socket: postgres:///tandem_bench?host=/var/run/postgresql
    'database-url': { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string', default: '7' },
    'cooldown-load': { type: 'string', default: '2.5' },
  },
});
if (!args.manifest) throw new Error('--manifest is required (written by bench/generate-desk.ts).');
const manifest = JSON.parse(readFileSync(resolve(args.manifest), 'utf8')) as Manifest;
const CLIENTS = Number(args.clients);
const DURATION_MS = Number(args.duration) * 1000;
const WARMUP_MS = Number(args.warmup) * 1000;
const RUNS = Number(args.runs);
const root = resolve(import.meta.dirname, '..');
const targetLabel =
  manifest.target.kind === 'postgres'
    ? `PostgreSQL ${new URL(manifest.target.url).pathname.slice(1)}`
    : `PGlite ${manifest.target.dataDir}`;

// ---------------------------------------------------------------------------------------------
// Requests.
type Who = 'internal' | 'provider' | 'requester';
type Req = {
  ws: ManifestWorkspace;
  method: 'GET' | 'POST';
  path: string;
  who: Who;
  body?: unknown;
  tag?: string;
};
type Scenario = { name: string; expect: number; next(g: Rng): Req };

const workspaces = manifest.workspaces;
const totalTickets = workspaces.reduce((a, w) => a + w.tickets, 0);
/** Busier workspaces get proportionally more traffic. */
function pickWorkspace(g: Rng): ManifestWorkspace {
  let u = g.next() * totalTickets;
  for (const w of workspaces) {
    u -= w.tickets;
    if (u <= 0) return w;
  }
  return workspaces.at(-1)!;
}
function tokenOf(ws: ManifestWorkspace, who: Who, g: Rng): string {
  if (who === 'internal') return g.chance(0.5) ? ws.tokens.internalAgent : ws.tokens.internalLead;
  if (who === 'provider') return g.chance(0.5) ? ws.tokens.providerAgent : ws.tokens.providerLead;
  return g.pick(ws.tokens.requesters);
}
const list = (
  name: string,
  who: Who | ((g: Rng) => Who),
  query: (ws: ManifestWorkspace, g: Rng) => string,
) => ({
  name,
  expect: 200,
  next(g: Rng): Req {
    const ws = pickWorkspace(g);
    const q = query(ws, g);
    return {
      ws,
      method: 'GET' as const,
      path: `/api/v1/w/${ws.slug}/tickets${q ? `?${q}` : ''}`,
      who: typeof who === 'function' ? who(g) : who,
    };
  },
});

function fieldAnswers(g: Rng, fields: ManifestWorkspace['catalogue'][number]['fields']) {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!f.required && g.chance(0.5)) continue;
    out[f.name] =
      f.type === 'date'
        ? '2026-12-01'
        : f.type === 'select'
          ? g.pick(f.options ?? [''])
          : f.type === 'checkbox'
            ? true
            : f.type === 'number'
              ? 1 + g.int(9)
              : `bench answer ${g.int(1000)}`;
  }
  return out;
}

const createScenario: Scenario = {
  name: 'create',
  expect: 201,
  next(g) {
    const ws = pickWorkspace(g);
    const u = g.next();
    if (u < 0.6) {
      // A requester through the catalogue (the portal's form).
      const item = g.pick(ws.catalogue);
      return {
        ws,
        method: 'POST',
        path: `/api/v1/w/${ws.slug}/tickets`,
        who: 'requester',
        body: {
          catalogueItemId: item.id,
          subject: subject(g, item.kind),
          description: description(g),
          urgency: g.pick(['low', 'medium', 'high']),
          fieldValues: fieldAnswers(g, item.fields),
        },
      };
    }
    // Staff raising a ticket directly against a service (phone call, on behalf of someone).
    const who: Who = u < 0.85 ? 'internal' : 'provider';
    const service = g.pick(ws.services);
    return {
      ws,
      method: 'POST',
      path: `/api/v1/w/${ws.slug}/tickets`,
      who,
      body: {
        serviceId: service.id,
        subject: subject(g, g.chance(0.6) ? 'incident' : 'request'),
        description: description(g),
        impact: g.pick(['low', 'medium', 'high']),
        urgency: g.pick(['low', 'medium', 'high']),
        ...(g.chance(0.5) && { requesterMembershipId: g.pick(ws.requesterMembershipIds) }),
      },
    };
  },
};

const staff = (g: Rng): Who => (g.chance(0.5) ? 'internal' : 'provider');
const SCENARIOS: Scenario[] = [
  list('queue:lane', staff, () => 'queue=lane'),
  list('queue:lane-open', staff, () => 'queue=lane&open=true'),
  list('queue:joint', staff, () => 'queue=joint&open=true'),
  list('queue:mine-open', staff, () => 'queue=mine&open=true'),
  list('queue:all-in_progress', 'internal', () => 'queue=all&status=in_progress'),
  list('queue:all-P1P2', 'internal', () => 'queue=all&priority=P1,P2'),
  list('queue:all-service', 'internal', (ws, g) => `queue=all&serviceId=${g.pick(ws.services).id}`),
  list('queue:all-unassigned', 'internal', () => 'queue=all&assignee=none'),
  list('queue:all-created', 'internal', () => 'queue=all&sort=created'),
  list('queue:requested', 'requester', () => 'queue=requested'),
  {
    name: 'search',
    expect: 200,
    next(g) {
      const ws = pickWorkspace(g);
      const who: Who = g.chance(0.5) ? 'internal' : g.chance(0.6) ? 'provider' : 'requester';
      const { kind, q } = searchQuery(g, ws.prefix, ws.tickets);
      return {
        ws,
        method: 'GET',
        path: `/api/v1/w/${ws.slug}/tickets/search?q=${encodeURIComponent(q)}`,
        who,
        tag: kind,
      };
    },
  },
  createScenario,
];
const chosen = args.scenarios
  ? args.scenarios.split(',').map((name) => {
      const found = SCENARIOS.find((s) => s.name === name);
      if (!found)
        throw new Error(`Unknown scenario ${name}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
      return found;
    })
  : SCENARIOS;

// ---------------------------------------------------------------------------------------------
// The server process.
async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

type Server = { url: string; child: ChildProcess; log: () => string; stop(): Promise<void> };
async function startServer(): Promise<Server> {
  const port = await freePort();
  let log = '';
  const child = spawn(process.execPath, [args.entry, 'serve', '--no-demo'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      TANDEM_DEMO: 'false',
      LOG_LEVEL: 'warn',
      TANDEM_PUBLIC_URL: `http://127.0.0.1:${port}`,
      TANDEM_SECRET_KEY: 'b'.repeat(64),
      // Every simulated client comes from this one address: the API limits would measure themselves.
      TANDEM_RATE_LIMIT_PER_ADDRESS: '0',
      TANDEM_RATE_LIMIT_PER_TOKEN: '0',
      ...(manifest.target.kind === 'postgres'
        ? { DATABASE_URL: args['database-url'] ?? manifest.target.url }
        : { DATABASE_URL: '', TANDEM_DATA_DIR: manifest.target.dataDir }),
      ...(args['pool-size'] && { DATABASE_POOL_SIZE: args['pool-size'] }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in 120 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    log: () => log,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}
/** CPU seconds (user + system) of a process, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of every local PostgreSQL process (postmaster and backends), when the target is PostgreSQL. */
function postgresCpuSeconds(): number {
  if (manifest.target.kind !== 'postgres') return 0;
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        total += cpuSeconds(Number(entry));
    } catch {
      // gone
    }
  }
  return total;
}
/** Machine-wide CPU time from /proc/stat: busy (user+nice+system+irq), idle (idle+iowait) and steal (taken by the hypervisor). */
function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}
const driverCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Waits (bounded) for the 1-minute load average to settle below the limit, so runs do not inherit each other's load. */
async function cooldown(limit: number, maxSeconds: number) {
  const until = Date.now() + maxSeconds * 1000;
  while (loadavg()[0]! > limit && Date.now() < until) await new Promise((r) => setTimeout(r, 5_000));
}

// ---------------------------------------------------------------------------------------------
// Measuring.
type Result = {
  scenario: string;
  requests: number;
  errors: number;
  errorSamples: string[];
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rssMaxMb: number;
  serverCpuPercent: number;
  postgresCpuPercent: number;
  driverCpuPercent: number;
  /** Share of the machine's CPU time during the scenario (all cores): busy, idle, stolen by the hypervisor. */
  machine: { busyPercent: number; idlePercent: number; stealPercent: number };
  byTag?: Record<string, { n: number; p50: number; p95: number; p99: number }>;
};
const pct = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : 0;
const round = (x: number) => Math.round(x * 10) / 10;

async function drive(server: Server, scenario: Scenario, ms: number, seed: number): Promise<Result> {
  const latencies: number[] = [];
  const tagged = new Map<string, number[]>();
  const errorSamples: string[] = [];
  let errors = 0;
  let rssMax = rssMb(server.child.pid!);
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, rssMb(server.child.pid!));
  }, 200);
  const cpu0 = cpuSeconds(server.child.pid!);
  const pg0 = postgresCpuSeconds();
  const driver0 = driverCpuSeconds();
  const machine0 = machineCpu();
  const t0 = performance.now();
  const deadline = t0 + ms;
  const client = async (c: number) => {
    const g = rng(seed * 997 + c);
    while (performance.now() < deadline) {
      const req = scenario.next(g);
      const started = performance.now();
      let status = 0;
      let text = '';
      try {
        const response = await fetch(`${server.url}${req.path}`, {
          method: req.method,
          headers: {
            authorization: `Bearer ${tokenOf(req.ws, req.who, g)}`,
            ...(req.body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(req.body !== undefined && { body: JSON.stringify(req.body) }),
          signal: AbortSignal.timeout(30_000),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        text = String(error);
      }
      const took = performance.now() - started;
      latencies.push(took);
      if (req.tag) {
        if (!tagged.has(req.tag)) tagged.set(req.tag, []);
        tagged.get(req.tag)!.push(took);
      }
      if (status !== scenario.expect) {
        errors++;
        if (errorSamples.length < 5)
          errorSamples.push(`${status} ${req.method} ${req.path}: ${text.slice(0, 200)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  rssMax = Math.max(rssMax, rssMb(server.child.pid!));
  const sorted = latencies.sort((a, b) => a - b);
  const result: Result = {
    scenario: scenario.name,
    requests: sorted.length,
    errors,
    errorSamples,
    seconds: round(seconds),
    throughput: round(sorted.length / seconds),
    p50: round(pct(sorted, 0.5)),
    p95: round(pct(sorted, 0.95)),
    p99: round(pct(sorted, 0.99)),
    max: round(sorted.at(-1) ?? 0),
    rssMaxMb: Math.round(rssMax),
    serverCpuPercent: Math.round(((cpuSeconds(server.child.pid!) - cpu0) / seconds) * 100),
    postgresCpuPercent: Math.round(((postgresCpuSeconds() - pg0) / seconds) * 100),
    driverCpuPercent: Math.round(((driverCpuSeconds() - driver0) / seconds) * 100),
    machine: (() => {
      const m1 = machineCpu();
      const busy = m1.busy - machine0.busy;
      const idle = m1.idle - machine0.idle;
      const steal = m1.steal - machine0.steal;
      const total = busy + idle + steal || 1;
      return {
        busyPercent: Math.round((busy / total) * 100),
        idlePercent: Math.round((idle / total) * 100),
        stealPercent: Math.round((steal / total) * 100),
      };
    })(),
  };
  if (tagged.size) {
    result.byTag = Object.fromEntries(
      [...tagged].map(([tag, xs]) => {
        const s = xs.sort((a, b) => a - b);
        return [
          tag,
          { n: s.length, p50: round(pct(s, 0.5)), p95: round(pct(s, 0.95)), p99: round(pct(s, 0.99)) },
        ];
      }),
    );
  }
  return result;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function table(rows: Result[], title: string) {
  const head = [
    'scenario',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'errors',
    'CPU server/pg/driver',
    'machine busy/idle/steal',
    'RSS max',
  ];
  const body = rows.map((r) => [
    r.scenario,
    String(r.throughput),
    String(r.p50),
    String(r.p95),
    String(r.p99),
    String(r.max),
    `${r.errors}/${r.requests}`,
    `${r.serverCpuPercent}/${r.postgresCpuPercent}/${r.driverCpuPercent}%`,
    `${r.machine.busyPercent}/${r.machine.idlePercent}/${r.machine.stealPercent}%`,
    `${r.rssMaxMb} MB`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(head));
  for (const b of body) console.log(line(b));
}

// ---------------------------------------------------------------------------------------------
const runs: Array<{
  run: number;
  loadBefore: number[];
  loadAfter: number[];
  startMs: number;
  rssIdleMb: number;
  results: Result[];
}> = [];
console.log(
  `${targetLabel}: ${manifest.tickets} tickets in ${workspaces.length} workspaces; ${CLIENTS} clients, ${DURATION_MS / 1000} s per scenario, ${RUNS} run(s)`,
);
for (let run = 1; run <= RUNS; run++) {
  if (run > 1) await cooldown(Number(args['cooldown-load']), 180);
  const loadBefore = loadavg().map(round);
  const t0 = performance.now();
  const server = await startServer();
  const startMs = Math.round(performance.now() - t0);
  const rssIdleMb = Math.round(rssMb(server.child.pid!));
  console.log(
    `run ${run}: server ready in ${startMs} ms, RSS ${rssIdleMb} MB, load average ${loadBefore.join(' ')}`,
  );
  const results: Result[] = [];
  try {
    if (WARMUP_MS > 0) {
      // Warm-up (not recorded): JIT, connection pool, database caches.
      const mix: Scenario = {
        name: 'warmup',
        expect: 200,
        next: (g) => SCENARIOS[g.int(SCENARIOS.length - 1)]!.next(g),
      };
      await drive(server, mix, WARMUP_MS, 1000 + run);
    }
    for (const [i, scenario] of chosen.entries()) {
      const result = await drive(server, scenario, DURATION_MS, Number(args.seed) * 100 + run * 10 + i);
      results.push(result);
      console.log(
        `  ${scenario.name.padEnd(22)} ${String(result.throughput).padStart(7)} req/s  p50 ${result.p50}  p95 ${result.p95}  p99 ${result.p99} ms  errors ${result.errors}  RSS ${result.rssMaxMb} MB`,
      );
      for (const sample of result.errorSamples) console.log(`    ! ${sample}`);
    }
  } finally {
    await server.stop();
  }
  const loadAfter = loadavg().map(round);
  runs.push({ run, loadBefore, loadAfter, startMs, rssIdleMb, results });
  table(results, `run ${run} (load average before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')})`);
}

const summary: Result[] = chosen.map((s) => {
  const per = runs.map((r) => r.results.find((x) => x.scenario === s.name)!);
  const m = (
    k:
      | 'throughput'
      | 'p50'
      | 'p95'
      | 'p99'
      | 'max'
      | 'rssMaxMb'
      | 'serverCpuPercent'
      | 'postgresCpuPercent'
      | 'driverCpuPercent',
  ) => round(median(per.map((x) => x[k])));
  const tags = per[0]?.byTag ? Object.keys(per[0].byTag) : [];
  return {
    scenario: s.name,
    requests: per.reduce((a, x) => a + x.requests, 0),
    errors: per.reduce((a, x) => a + x.errors, 0),
    errorSamples: per.flatMap((x) => x.errorSamples).slice(0, 5),
    seconds: round(per.reduce((a, x) => a + x.seconds, 0)),
    throughput: m('throughput'),
    p50: m('p50'),
    p95: m('p95'),
    p99: m('p99'),
    max: m('max'),
    rssMaxMb: Math.max(...per.map((x) => x.rssMaxMb)),
    serverCpuPercent: m('serverCpuPercent'),
    postgresCpuPercent: m('postgresCpuPercent'),
    driverCpuPercent: m('driverCpuPercent'),
    machine: {
      busyPercent: round(median(per.map((x) => x.machine.busyPercent))),
      idlePercent: round(median(per.map((x) => x.machine.idlePercent))),
      stealPercent: round(median(per.map((x) => x.machine.stealPercent))),
    },
    ...(tags.length && {
      byTag: Object.fromEntries(
        tags.map((t) => {
          const xs = per.map((x) => x.byTag?.[t]).filter((x) => x !== undefined);
          return [
            t,
            {
              n: xs.reduce((a, x) => a + x.n, 0),
              p50: round(median(xs.map((x) => x.p50))),
              p95: round(median(xs.map((x) => x.p95))),
              p99: round(median(xs.map((x) => x.p99))),
            },
          ];
        }),
      ),
    }),
  };
});
if (RUNS > 1) table(summary, `median of ${RUNS} runs (errors and requests summed, RSS = max of the runs)`);
const search = summary.find((s) => s.scenario === 'search');
if (search?.byTag) {
  console.log('\nsearch by kind of query (median of runs)');
  for (const [tag, x] of Object.entries(search.byTag))
    console.log(
      `  ${tag.padEnd(12)} n=${String(x.n).padStart(6)}  p50 ${x.p50}  p95 ${x.p95}  p99 ${x.p99} ms`,
    );
}

const outPath = resolve(
  args.out ??
    join(
      import.meta.dirname,
      'results',
      `desk-${manifest.target.kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    ),
);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(
  outPath,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      target:
        manifest.target.kind === 'postgres' ? { kind: 'postgres', database: targetLabel } : manifest.target,
      tickets: manifest.tickets,
      workspaces: workspaces.length,
      clients: CLIENTS,
      durationSeconds: DURATION_MS / 1000,
      poolSize: args['pool-size'] ?? 'default',
      runs,
      summary,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nresults: ${outPath}`);
