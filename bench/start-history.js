// The embedded server's memory while the demo's six-month history builds in the background after
// ready: `tandem serve` on an empty data folder (the default TANDEM_DEMO_HISTORY_MONTHS), RSS sampled
// every second from /proc/<pid>/status until the build is done, then once more after a full minute
// idle. Ian (internal agent, no second step) polls the build's progress as the home page does.
// Usage: npm run build && node bench/start-history.js [runs=1]
import { rssMb, signInIan, sleep, startEmbedded } from './embedded-server.js';

const runs = Number(process.argv[2] ?? 1);

async function once(port) {
  const server = await startEmbedded(port);
  const { child, base, readyMs, started } = server;
  try {
    const readyRss = rssMb(child.pid);
    const cookie = await signInIan(base);
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
    await server.stop();
  }
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await once(3950 + i));
const round = (r) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v) : v]));
console.log(JSON.stringify(results.map(round), null, 2));
