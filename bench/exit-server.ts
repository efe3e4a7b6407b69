// The export from the exit-plan page at scale (issue #14: "the server's memory ≤ 400 MB throughout"):
// starts the built server (`node bin/tandem.js serve`) on a database that bench/exit.ts generated,
// signs Alice in through the API (two-step enrolment included), presses "Prepare an export" and
// samples, every 250 ms until the archive is ready, the resident memory of the server process and
// of the processes it started (on PostgreSQL each export runs in a child: src/exit/child-runner.ts).
//
// Usage (build first; generate with bench/exit.ts, which keeps its source database):
//   tsx bench/exit-server.ts --database-url postgres://postgres@127.0.0.1:5432/tandem_exitspeed_bench \
//     [--root DIR] [--runs 3]
// --root runs the server of another checkout (built there), for before/after comparisons;
// --idle-seconds N does everything but the export (the server's memory with the page open).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../e2e/server.ts';
import { currentTotpCode } from '../src/accounts/totp.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    root: { type: 'string', default: '.' },
    runs: { type: 'string', default: '3' },
    /** No export: the same sign-in and polling for this many seconds (the server's own baseline). */
    'idle-seconds': { type: 'string' },
  },
});
const databaseUrl = args['database-url'];
if (!databaseUrl) throw new Error('--database-url is required (a database bench/exit.ts generated)');
const root = resolve(args.root!);
const DEMO_PASSWORD = 'tandem-demo-2026';

function childrenOf(pid: number): number[] {
  try {
    const direct = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return direct.map(Number).flatMap((child) => [child, ...childrenOf(child)]);
  } catch {
    return [];
  }
}

/** utime + stime in seconds (fields 14 and 15 after the parenthesised command name). */
const cpuSeconds = (pid: number) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
};

const rssMb = (pid: number) => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/tandem.js', 'serve', '--no-demo'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      TANDEM_PUBLIC_URL: `http://127.0.0.1:${port}`,
      TANDEM_SECRET_KEY: 'b'.repeat(64),
      TANDEM_DEMO_HISTORY_MONTHS: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    const ready = await fetch(`${url}/readyz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ready) return { url, child };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server not ready in 120 s');
}

/** Alice, signed in with her second step enrolled (a fresh secret each run). */
async function signIn(url: string) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'alice@acme.example', password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const body = (await login.json()) as { csrfToken: string; session: { mfaState: string } };
  const headers = {
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
    'x-csrf-token': body.csrfToken,
    'content-type': 'application/json',
  };
  const post = (path: string, json: unknown) =>
    fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(json) });
  if (body.session.mfaState === 'enrolment_required') {
    const { secret } = (await (await post('/api/v1/auth/mfa/enrolment', {})).json()) as { secret: string };
    const confirmed = await post('/api/v1/auth/mfa/enrolment/confirm', { code: currentTotpCode(secret) });
    if (confirmed.status !== 200) throw new Error(`enrolment: ${await confirmed.text()}`);
  } else if (body.session.mfaState !== 'satisfied') {
    throw new Error(`Alice's second step is ${body.session.mfaState} after the reset`);
  }
  return { headers, post };
}

/** `tandem user reset-mfa`, as an operator would: Alice enrols afresh in each run. */
async function resetAlicesSecondStep() {
  const reset = spawn(
    process.execPath,
    ['bin/tandem.js', 'user', 'reset-mfa', '--email', 'alice@acme.example'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    },
  );
  const code = await new Promise((r) => reset.once('exit', r));
  if (code !== 0) throw new Error(`tandem user reset-mfa exited with ${code}`);
}

async function oneRun() {
  await resetAlicesSecondStep();
  const { url, child } = await startServer();
  try {
    const { headers, post } = await signIn(url);
    const idle = rssMb(child.pid!);
    const started = Date.now();
    const idleFor = args['idle-seconds'] ? Number(args['idle-seconds']) * 1000 : null;
    let runId: string | null = null;
    if (idleFor === null) {
      const requested = await post('/api/v1/w/acme/exit/exports', {});
      if (requested.status !== 202) throw new Error(`export: ${requested.status} ${await requested.text()}`);
      runId = ((await requested.json()) as { run: { id: string } }).run.id;
    }
    let serverPeak = idle;
    let childPeak = 0;
    const timeline: number[] = [];
    const childCpu = new Map<number, number>();
    let samples = 0;
    const sampler = setInterval(() => {
      const now = rssMb(child.pid!);
      if (samples++ % 40 === 0) timeline.push(Math.round(now));
      serverPeak = Math.max(serverPeak, now);
      for (const pid of childrenOf(child.pid!))
        childCpu.set(pid, cpuSeconds(pid) || (childCpu.get(pid) ?? 0));
      childPeak = Math.max(
        childPeak,
        childrenOf(child.pid!).reduce((sum, pid) => sum + rssMb(pid), 0),
      );
    }, 250);
    try {
      for (;;) {
        const answer = await fetch(`${url}/api/v1/w/acme/exit`, { headers });
        if (answer.status !== 200) throw new Error(`GET exit: ${answer.status} ${await answer.text()}`);
        const plan = (await answer.json()) as {
          plan: {
            runs: { id: string; status: string; detail: string | null; archiveBytes: number | null }[];
          };
        };
        const run = plan.plan.runs.find((r) => r.id === runId);
        if (run?.status === 'failed') throw new Error(`the export failed: ${run.detail}`);
        if (run?.status === 'ready' || (idleFor !== null && Date.now() - started > idleFor)) {
          return {
            timeline,
            childCpuSeconds: [...childCpu.values()].reduce((a, b) => a + b, 0),
            seconds: (Date.now() - started) / 1000,
            idleMb: idle,
            serverPeakMb: serverPeak,
            childPeakMb: childPeak,
            archiveMb: (run?.archiveBytes ?? 0) / 1048576,
          };
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      clearInterval(sampler);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results = [];
for (let i = 0; i < Number(args.runs); i++) {
  const result = await oneRun();
  results.push(result);
  console.log(
    `run ${i + 1}: ready in ${result.seconds.toFixed(1)} s, archive ${result.archiveMb.toFixed(0)} MB; server RSS idle ${result.idleMb.toFixed(0)} MB, peak ${result.serverPeakMb.toFixed(0)} MB; its child processes' peak ${result.childPeakMb.toFixed(0)} MB and CPU ${result.childCpuSeconds.toFixed(1)} s`,
  );
  console.log(`  server RSS every 10 s (MB): ${result.timeline.join(' ')}`);
}
console.log(
  `median of ${results.length}: ${median(results.map((r) => r.seconds)).toFixed(1)} s, server peak ${median(results.map((r) => r.serverPeakMb)).toFixed(0)} MB, children's peak ${median(results.map((r) => r.childPeakMb)).toFixed(0)} MB`,
);
