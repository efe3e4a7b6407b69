// Where the browser's main thread spends a page load: a sampled CPU profile (CDP Profiler) of each
// named agent page from navigation until its heading shows with data, over several loads, summed by
// function (self time and time on the stack). Read it on an unminified build (`vite build --minify
// false`) to see names. Same set-up as bench/agent-pages.ts.
// Usage: npm run build && TEST_DATABASE_URL=postgres://tandem_owner@127.0.0.1:5432/postgres \
//          node_modules/.bin/tsx bench/agent-pages-profile.ts [loads=5] [page name part ...]

import { agentPages, withIanOnTheDemo } from './agent-page-list.ts';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const args = process.argv.slice(2);
const loads = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const wanted = args.filter((a) => !/^\d+$/.test(a)).map((a) => a.toLowerCase());
const TOP = 30;
// CALLERS=regex: also print the commonest call stacks of the samples whose function matches.
const callers = process.env.CALLERS ? new RegExp(process.env.CALLERS) : null;

const frameName = (f: CallFrame) => {
  const file = f.url.replace(/^.*\/assets\//, '').replace(/^https?:\/\/[^/]+/, '');
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
};

/** Adds one profile's self and stack time per function into the two tallies (ms). */
function tally(
  profile: Profile,
  self: Map<string, number>,
  total: Map<string, number>,
  stacks: Map<string, number>,
) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(id)!;
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + ms);
    if (callers?.test(name)) {
      const chain: string[] = [];
      for (let at: number | undefined = id; at !== undefined && chain.length < 14; at = parent.get(at))
        chain.push(frameName(byId.get(at)!.callFrame).replace(/-[\w-]{8}\.js/, ''));
      const key = chain.join(' < ');
      stacks.set(key, (stacks.get(key) ?? 0) + ms);
    }
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = frameName(byId.get(at)!.callFrame);
      if (seen.has(n)) continue;
      seen.add(n);
      total.set(n, (total.get(n) ?? 0) + ms);
    }
  });
}

const print = (title: string, m: Map<string, number>, loadsMeasured: number) => {
  console.log(`  ${title} (ms per load)`);
  for (const [name, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`    ${(ms / loadsMeasured).toFixed(1).padStart(7)}  ${name}`);
};

await withIanOnTheDemo(async ({ page, key }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const pages = agentPages(page, key).filter(
    (p) => wanted.length === 0 || wanted.some((w) => p.name.toLowerCase().includes(w)),
  );
  for (const p of pages) {
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    const stacks = new Map<string, number>();
    let wall = 0;
    for (let i = 0; i <= loads; i++) {
      if (i > 0) await cdp.send('Profiler.start');
      const started = performance.now();
      await page.goto(p.url, { waitUntil: 'commit' });
      await page.locator('h1').first().waitFor();
      await p.ready();
      if (i === 0) continue;
      wall += performance.now() - started;
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      tally(profile, self, total, stacks);
    }
    const busy = [...self].filter(([n]) => !/^\((idle|program)\)/.test(n)).reduce((s, [, ms]) => s + ms, 0);
    console.log(
      `\n${p.name}: ${(wall / loads).toFixed(0)} ms wall per load, ${(busy / loads).toFixed(0)} ms JS on the main thread (` +
        `idle ${((self.get('(idle) :0') ?? 0) / loads).toFixed(0)}, program ${((self.get('(program) :0') ?? 0) / loads).toFixed(0)}, ` +
        `gc ${((self.get('(garbage collector) :0') ?? 0) / loads).toFixed(0)})`,
    );
    print('self time', self, loads);
    print('time on the stack', total, loads);
    if (callers) print(`stacks of ${callers.source}`, stacks, loads);
  }
});
