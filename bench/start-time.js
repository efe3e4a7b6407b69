// Measures `tandem serve` on an empty data folder: time until /readyz answers 200, and the
// server's resident memory then and after 200 authenticated requests. Median of several runs.
// Also the server's CPU time to ready (/proc/<pid>/stat) and where its start-up went (the ready
// line's phasesMs: boot, database, seed, gc, workers, app, listen).
// Usage: npm run build && node bench/start-time.js [runs=5]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 5);
const root = new URL('..', import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
};
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function once(port) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/tandem.js', 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      TANDEM_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let phases = null;
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
    const line = out.split('\n').find((l) => l.includes('"Tandem is ready"'));
    if (line && !phases) phases = JSON.parse(line).phasesMs;
  });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 25));
  }
  const readyMs = performance.now() - started;
  const readyRss = rssMb(child.pid);
  const readyCpuMs = cpuMs(child.pid);
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ian@acme.example', password: 'tandem-demo-2026' }),
  });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  for (let i = 0; i < 200; i++)
    await (await fetch(`http://127.0.0.1:${port}/api/v1/w/acme/members`, { headers: { cookie } })).text();
  const loadedRss = rssMb(child.pid);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  return { readyMs, readyRss, loadedRss, readyCpuMs, phases };
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await once(3900 + i));
const report = {
  runs,
  startToReadyMs: Math.round(median(results.map((r) => r.readyMs))),
  cpuToReadyMs: Math.round(median(results.map((r) => r.readyCpuMs))),
  phasesMs: Object.fromEntries(
    Object.keys(results[0].phases ?? {}).map((k) => [k, median(results.map((r) => r.phases?.[k] ?? 0))]),
  ),
  rssAtReadyMb: Math.round(median(results.map((r) => r.readyRss))),
  rssAfter200RequestsMb: Math.round(median(results.map((r) => r.loadedRss))),
  each: results.map((r) => ({ readyMs: Math.round(r.readyMs), rssMb: Math.round(r.readyRss) })),
};
console.log(JSON.stringify(report, null, 2));
