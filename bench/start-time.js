// Measures `tandem serve` on an empty data folder: time until /readyz answers 200, and the
// server's resident memory then and after 200 authenticated requests. Median of several runs.
// Also the server's CPU time to ready (/proc/<pid>/stat) and where its start-up went (the ready
// line's phasesMs: boot, database, seed, gc, workers, app, listen).
// Usage: npm run build && node bench/start-time.js [runs=5]
import { cpuMs, rssMb, signInIan, startEmbedded } from './embedded-server.js';

const runs = Number(process.argv[2] ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once(port) {
  const server = await startEmbedded(port);
  const { child, base, readyMs } = server;
  const readyRss = rssMb(child.pid);
  const readyCpuMs = cpuMs(child.pid);
  const cookie = await signInIan(base);
  for (let i = 0; i < 200; i++)
    await (await fetch(`${base}/api/v1/w/acme/members`, { headers: { cookie } })).text();
  const loadedRss = rssMb(child.pid);
  const phases = await server.phases;
  await server.stop();
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
