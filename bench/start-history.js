// The embedded server's memory while the demo's six-month history builds in the background after
// ready: `tandem serve` on an empty data folder (the default TANDEM_DEMO_HISTORY_MONTHS), RSS sampled
// every second from /proc/<pid>/status until the build is done, then once more after a full minute
// idle. Ian (internal agent, no second step) polls the build's progress as the home page does.
// Usage: npm run build && node bench/start-history.js [runs=1]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 1);
const root = new URL('..', import.meta.url).pathname;
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function once(port) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-history-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/tandem.js', 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      TANDEM_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: 'ignore',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      try {
        if ((await fetch(`${base}/readyz`)).status === 200) break;
      } catch {}
      await sleep(100);
    }
    const readyMs = performance.now() - started;
    const readyRss = rssMb(child.pid);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ian@acme.example', password: 'tandem-demo-2026' }),
    });
    const cookie = login.headers.get('set-cookie').split(';')[0];
    let peak = readyRss;
    let build;
    for (;;) {
      peak = Math.max(peak, rssMb(child.pid));
      build = (await (await fetch(`${base}/api/v1/w/acme/history-build`, { headers: { cookie } })).json())
        .build;
      if (!build || build.state === 'done' || build.state === 'failed') break;
      await sleep(1000);
    }
    const builtMs = performance.now() - started;
    const doneRss = rssMb(child.pid);
    await sleep(60_000);
    const idleRss = rssMb(child.pid);
    return { readyMs, builtMs, state: build?.state, days: build?.daysDone, readyRss, peak, doneRss, idleRss };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await once(3950 + i));
const round = (r) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v) : v]));
console.log(JSON.stringify(results.map(round), null, 2));
