import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, type Person, signInAndEnrol, visible } from './browser.ts';
import { freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

// The demo as README's one start command makes it: six months of Acme's history (the fault recurs,
// is fixed at 45 %, then all but stops), built in the background after the server is ready. The only
// spec that builds it (every other server sets 0); it takes the simulation's time once
// (bench/README.md, "The living demo").
let server: RunningServer;
let browser: Browser;
let alice: Person;
let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp';

type Build = { state: string; daysDone: number; daysTotal: number } | null;

beforeAll(async () => {
  postgres = await freshPostgresDatabase();
  const [started, launched] = await Promise.allSettled([
    startServer({
      ...(postgres ? { databaseUrl: postgres.url } : {}),
      env: { TANDEM_DEMO_HISTORY_MONTHS: '6' },
    }),
    launchBrowser(),
  ]);
  if (started.status === 'fulfilled') server = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  if (started.status === 'rejected') throw started.reason;
  if (launched.status === 'rejected') throw launched.reason;
  alice = await newPerson(browser, server.url);
  await signInAndEnrol(alice.page, 'alice@acme.example');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await postgres?.drop();
});

describe('the living demo', () => {
  it("builds the history in the background, shows its progress, and the recurring tickets' six-month trend falls after the fix", async () => {
    const { page } = alice;
    const started = Date.now();
    const build = () =>
      page.evaluate(
        async () => ((await (await fetch('/api/v1/w/acme/history-build')).json()) as { build: Build }).build,
      );
    await page.goto('/w/acme');
    const first = await build();
    expect(first).not.toBeNull();
    const bar = page.getByRole('progressbar', {
      name: /^Building six months of demo history: \d+ of 18\d days$/,
    });
    if (first!.state !== 'done') {
      await visible(bar);
      await visible(page.getByText(/Building six months of demo history: \d+ of 18\d days\./));
      await page.screenshot({ path: `${SHOTS}/living-demo-building.png`, fullPage: false });
      // A review of the history's last weeks, not built yet: it says so and explains why it cannot be held.
      const periodEnd = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
      const periodStart = new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10);
      const created = await page.evaluate(
        async (body) => {
          const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
          const r = await fetch('/api/v1/w/acme/reviews', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
            body: JSON.stringify(body),
          });
          return { status: r.status, key: ((await r.json()) as { review?: { key: string } }).review?.key };
        },
        { periodStart, periodEnd },
      );
      expect(created.status).toBe(201);
      await page.goto(`/w/acme/reviews/${created.key}`);
      await visible(page.getByTestId('still-building'));
      await visible(page.getByTestId('hold-waiting'));
      expect(await page.getByRole('button', { name: 'Mark held' }).count()).toBe(0);
      await page.goto('/w/acme');
    }
    // The bar polls and goes away when the history is built.
    await expect.poll(async () => (await build())?.state, { timeout: 900_000, interval: 5_000 }).toBe('done');
    await expect.poll(() => bar.count(), { timeout: 30_000 }).toBe(0);
    console.log(`living demo: six months built ${Math.round((Date.now() - started) / 1000)} s after sign-in`);

    // The six-month sparkline of recurring tickets: high before the problem was fixed, low now.
    const measures = page.getByRole('region', { name: 'Measures, last six months' });
    const recurring = measures.getByRole('img', { name: /^Recurring tickets: / });
    await expect
      .poll(
        async () => {
          await page.reload();
          await visible(measures);
          return recurring.count();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe(1);
    // "Recurring tickets: 4 on 5 Jun, 4 on 1 Dec; unchanged. Highest 13 on 15 Jul, down to 4 since."
    const label = (await recurring.getAttribute('aria-label'))!;
    const [, peak, last] = / Highest (\d+) on .+, down to (\d+) since\.$/.exec(label) ?? [];
    expect(label).toMatch(/ Highest \d+ on .+, down to \d+ since\.$/);
    expect(Number(last)).toBeLessThan(Number(peak) / 2);
    await page.screenshot({ path: `${SHOTS}/living-demo-built.png`, fullPage: true });

    // The same series through the API: it rose to a peak while the fault recurred, then fell after the fix.
    const series = await page.evaluate(async () =>
      (
        (await (await fetch('/api/v1/w/acme/measures?measure=recurring_tickets')).json()) as {
          points: { day: string; values: { total: number } }[];
        }
      ).points.map((p) => p.values.total),
    );
    const highest = Math.max(...series);
    expect(series.length).toBeGreaterThan(170);
    expect(series.at(-1)!).toBeLessThan(highest / 2);
  }, 1_200_000);
});
