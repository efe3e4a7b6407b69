// The start-up benches' shared set-up: `tandem serve` (the built bundle) on an empty data folder with
// the embedded database and the demo, as a newcomer's `npm start` runs it, measured from the outside.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

export const rssMb = (pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** The process's CPU time (utime + stime from /proc/<pid>/stat, clock ticks of 1/100 s) in ms. */
export const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the server and waits until /readyz answers 200. `phases` resolves to the ready line's
 * phasesMs (where start-up went); `stop()` ends the server and removes its data folder.
 */
export async function startEmbedded(port) {
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
  const phases = new Promise((resolve) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.includes('"Tandem is ready"'));
      if (!line) return;
      // Later output (request logs) is still read so the pipe never fills, but not kept.
      child.stdout.off('data', onData).resume();
      resolve(JSON.parse(line).phasesMs);
    };
    child.stdout.on('data', onData);
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {}
    await sleep(25);
  }
  return {
    child,
    base,
    readyMs: performance.now() - started,
    started,
    phases,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs Ian (internal agent, no second step) in; his session cookie. */
export async function signInIan(base) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ian@acme.example', password: 'tandem-demo-2026' }),
  });
  return login.headers.get('set-cookie').split(';')[0];
}
