// The agent's main pages in Chromium on the demo: time from navigation until each page's heading
// shows WITH its data (full page load, warm browser cache), and how long the queue table takes to
// render 100 rows once their data has arrived. On PostgreSQL when TEST_DATABASE_URL is set (a fresh
// database is created and dropped), on the embedded PGlite otherwise.
// Usage: npm run build && TEST_DATABASE_URL=postgres://tandem_owner@127.0.0.1:5432/postgres \
//          node_modules/.bin/tsx bench/agent-pages.ts [loads=20]

import { loadavg } from 'node:os';
import { launchBrowser, newPerson, signInPasswordOnly } from '../e2e/browser.ts';
import { freshPostgresDatabase, startServer } from '../e2e/server.ts';
import { agentPages } from './agent-page-list.ts';

const loads = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 20);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

const postgres = await freshPostgresDatabase();
const server = await startServer(postgres ? { databaseUrl: postgres.url } : {});
const browser = await launchBrowser();
try {
  const ian = await newPerson(browser, server.url, { width: 1440, height: 900 });
  const { page } = ian;
  // Marks when each ticket-list response body has fully arrived (in the page's own clock).
  await page.addInitScript(`
    window.__listArrived = [];
    const original = window.fetch.bind(window);
    window.fetch = async (...args) => {
      const response = await original(...args);
      const url = String(args[0] instanceof Request ? args[0].url : args[0]);
      if (/\\/tickets\\?/.test(url) && response.status === 200)
        // A list the page aborts (it navigated on) rejects here too: not the page's error to report.
        void response.clone().text().then(() => window.__listArrived.push(performance.now()), () => {});
      return response;
    };
  `);
  await signInPasswordOnly(page, 'ian@acme.example');
  const key = (await page.evaluate(async () => {
    const r = await fetch('/api/v1/w/acme/tickets?queue=lane&limit=1');
    return ((await r.json()) as { items: Array<{ key: string }> }).items[0]!.key;
  })) as string;

  const pages = agentPages(page, key);

  const results: Array<{ name: string; median: number; p95: number }> = [];
  for (const p of pages) {
    const times: number[] = [];
    // One warm-up load (bundle chunks into the cache), then the measured ones.
    for (let i = 0; i <= loads; i++) {
      const started = performance.now();
      await page.goto(p.url, { waitUntil: 'commit' });
      await page.locator('h1').first().waitFor();
      await p.ready();
      if (i > 0) times.push(performance.now() - started);
    }
    results.push({ name: p.name, median: median(times), p95: p95(times) });
  }

  // 100 rows: the Everything queue (open and closed) loads 25 a page; the fourth page's arrival
  // re-renders the whole table at 100 rows. Then leaving and coming back mounts 100 rows from cache.
  const appendTimes: number[] = [];
  const mountTimes: number[] = [];
  type Doc = { document: { querySelectorAll(selector: string): { length: number } } };
  const rowCount = (n: number) =>
    page.waitForFunction(
      (want) =>
        (globalThis as unknown as Doc).document.querySelectorAll('table[aria-label="Tickets"] tbody tr')
          .length >= want,
      n,
      { polling: 'raf' },
    );
  for (let i = 0; i < Math.max(5, Math.floor(loads / 2)); i++) {
    await page.goto('/w/acme/tickets?queue=all&open=false', { waitUntil: 'commit' });
    await rowCount(25);
    for (const want of [50, 75]) {
      await page.getByRole('button', { name: 'Load more' }).click();
      await rowCount(want);
    }
    await page.evaluate('window.__listArrived = []');
    await page.getByRole('button', { name: 'Load more' }).click();
    const appended = (await page.evaluate(`new Promise((resolve) => {
      const tick = () => {
        const rows = document.querySelectorAll('table[aria-label="Tickets"] tbody tr').length;
        if (rows >= 100 && window.__listArrived.length > 0) resolve(performance.now() - window.__listArrived[0]);
        else requestAnimationFrame(tick);
      };
      tick();
    })`)) as number;
    appendTimes.push(appended);
    await page.getByRole('tab', { name: 'Joint triage' }).click();
    await page.locator('table[aria-label="Tickets"] tbody tr').first().waitFor();
    const mounted = (await page.evaluate(`new Promise((resolve) => {
      const started = performance.now();
      const tab = [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent === 'Everything');
      tab.click();
      const tick = () => {
        const rows = document.querySelectorAll('table[aria-label="Tickets"] tbody tr').length;
        if (rows >= 100) resolve(performance.now() - started);
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })`)) as number;
    mountTimes.push(mounted);
  }

  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(
    `database: ${postgres ? 'PostgreSQL' : 'PGlite'}; ${loads} loads per page; load average ${load}`,
  );
  console.log('| page | heading with data, median | p95 |');
  console.log('| --- | --- | --- |');
  for (const r of results)
    console.log(`| ${r.name} | ${Math.round(r.median)} ms | ${Math.round(r.p95)} ms |`);
  console.log(
    `| queue table, 100 rows after the 4th page's data arrived | ${Math.round(median(appendTimes))} ms | ${Math.round(p95(appendTimes))} ms |`,
  );
  console.log(
    `| queue table, 100 rows mounted from cache (tab switch) | ${Math.round(median(mountTimes))} ms | ${Math.round(p95(mountTimes))} ms |`,
  );
  if (ian.pageErrors.length) console.log('page errors:', ian.pageErrors);
} catch (error) {
  // A server that stopped answering says why in its own output.
  console.log(server.output().slice(-4000));
  throw error;
} finally {
  await browser.close();
  await server.stop();
  await postgres?.drop();
}
