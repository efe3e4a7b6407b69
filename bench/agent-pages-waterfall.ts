// Where the agent's pages spend their time: loads each page of bench/agent-pages.ts a few times and
// prints the last load's request waterfall (each resource's start, time to first byte and end, in ms
// from navigation start) next to the moment its heading showed with data. A diagnostic companion to
// bench/agent-pages.ts; same database choice.
// Usage: npm run build && TEST_DATABASE_URL=postgres://tandem_owner@127.0.0.1:5432/postgres \
//          node_modules/.bin/tsx bench/agent-pages-waterfall.ts [loads=3]

import { agentPages, withIanOnTheDemo } from './agent-page-list.ts';

const loads = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);
await withIanOnTheDemo(async ({ page, key, server }) => {
  const pages = agentPages(page, key);
  for (const p of pages) {
    let ready = 0;
    for (let i = 0; i <= loads; i++) {
      await page.goto(p.url, { waitUntil: 'commit' });
      await page.locator('h1').first().waitFor();
      await p.ready();
      ready = (await page.evaluate('performance.now()')) as number;
    }
    const entries = (await page.evaluate(`performance.getEntries().map((e) => ({
      type: e.entryType, name: e.name, start: e.startTime, duration: e.duration,
      ttfb: e.responseStart ? e.responseStart - e.startTime : undefined,
      cached: e.transferSize === 0 && e.decodedBodySize > 0,
    }))`)) as Array<{
      type: string;
      name: string;
      start: number;
      duration: number;
      ttfb?: number;
      cached: boolean;
    }>;
    console.log(`\n## ${p.name} (${p.url}): heading with data at ${Math.round(ready)} ms`);
    for (const e of entries) {
      if (e.type !== 'navigation' && e.type !== 'resource' && e.type !== 'paint') continue;
      const name = e.name.replace(server.url, '');
      console.log(
        `${String(Math.round(e.start)).padStart(5)} → ${String(Math.round(e.start + e.duration)).padStart(5)}  ttfb ${String(Math.round(e.ttfb ?? 0)).padStart(4)}${e.cached ? ' (cache)' : '        '}  ${e.type === 'resource' ? '' : `[${e.type}] `}${name}`,
      );
    }
  }
});
