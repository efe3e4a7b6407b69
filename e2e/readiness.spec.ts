import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  mainHeading,
  newPerson,
  type Person,
  signInAndEnrol,
  signInPasswordOnly,
  visible,
} from './browser.ts';
import { freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let alice: Person;
let rob: Person;
let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp';

/** A JSON read in the person's own session. */
const read = (page: Page, path: string) =>
  page.evaluate(async (path) => {
    const response = await fetch(path);
    return { status: response.status, body: await response.text() };
  }, path);

beforeAll(async () => {
  // On PostgreSQL when TEST_DATABASE_URL is set (a fresh database), on embedded PGlite otherwise.
  postgres = await freshPostgresDatabase();
  const [started, launched] = await Promise.allSettled([
    startServer(postgres ? { databaseUrl: postgres.url } : {}),
    launchBrowser(),
  ]);
  if (started.status === 'fulfilled') server = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  if (started.status === 'rejected') throw started.reason;
  if (launched.status === 'rejected') throw launched.reason;
  [alice, rob] = await Promise.all([newPerson(browser, server.url), newPerson(browser, server.url)]);
  await signInAndEnrol(alice.page, 'alice@acme.example');
  await signInPasswordOnly(rob.page, 'rob@acme.example');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await postgres?.drop();
});

describe('the leaders’ readiness checklist', () => {
  it('Alice’s home shows the checklist, SLA at risk, risks and obligations', async () => {
    const { page } = alice;
    await page.goto('/w/acme');
    const checklist = await visible(page.getByRole('region', { name: 'Readiness checklist' }));
    const rows = checklist.getByRole('table', { name: 'Readiness checks' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(11); // a header and ten checks
    await visible(checklist.getByRole('cell', { name: 'Exit plan', exact: true }));
    await visible(page.getByRole('region', { name: /^SLA at risk/ }));
    await visible(page.getByRole('region', { name: /^Risks and acceptances/ }));
    await visible(page.getByRole('region', { name: 'Obligations due and overdue' }));
    await visible(page.getByRole('region', { name: 'Decisions awaiting you' }));
    // The sparklines: the server queues yesterday's snapshot at start, whose backfill fills six months.
    const measures = page.getByRole('region', { name: 'Measures, last six months' });
    await expect
      .poll(
        async () => {
          await page.reload();
          await visible(measures);
          return measures.locator('.mantine-Sparkline-root').count();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBeGreaterThanOrEqual(4);
    const open = measures.getByRole('img', { name: /^Open work: \d+ on .+, \d+ on .+; / });
    await visible(open);
    const api = JSON.parse((await read(page, '/api/v1/w/acme/measures/headline')).body) as {
      series: { measure: string; points: { value: number }[] }[];
    };
    const last = api.series.find((s) => s.measure === 'open_work')!.points.at(-1)!.value;
    expect(await open.getAttribute('aria-label')).toContain(`, ${last} on `);
    // The figures behind the sparkline, as a table for screen readers: a row per month and the last day.
    const table = measures.getByRole('table', { name: 'Open work, last six months', includeHidden: true });
    const monthRows = table.getByRole('row', { includeHidden: true });
    expect(await monthRows.count()).toBeGreaterThanOrEqual(7); // the header, six or seven months, the last day
    expect(await monthRows.last().getByRole('cell', { includeHidden: true }).last().textContent()).toBe(
      String(last),
    );
    await page.screenshot({ path: `${SHOTS}/readiness-lead-home.png`, fullPage: true });
  }, 120_000);

  it('the readiness page shows ten checks whose evidence links land on their pages', async () => {
    const { page } = alice;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Readiness' }).click();
    await visible(mainHeading(page, 'Readiness checklist'));
    const cards = page.locator('[data-check]');
    await expect.poll(() => cards.count()).toBe(10);
    const api = JSON.parse((await read(page, '/api/v1/w/acme/readiness')).body) as {
      checks: { key: string; title: string; status: string }[];
    };
    for (const check of api.checks) {
      const card = page.getByRole('region', { name: check.title, exact: true });
      await visible(card);
      expect(await card.locator('[data-status]').getAttribute('data-status')).toBe(check.status);
    }
    // None held; the period job may have opened last month's review in draft by now.
    await visible(
      page.getByText(/^No service review(s are recorded yet\.| has been held yet; REV-\d+ is in draft\.)$/),
    );
    await page.screenshot({ path: `${SHOTS}/readiness-page.png`, fullPage: true });

    // Click one: the exit plan's evidence opens the exit plan page.
    await page
      .getByRole('region', { name: 'Exit plan', exact: true })
      .getByRole('link', { name: 'Last verified exit package' })
      .click();
    await page.waitForURL('**/w/acme/exit');
    await visible(mainHeading(page, 'Exit plan'));

    // Every other evidence link is a page of the app (none answers "Page not found").
    await page.goBack();
    await visible(mainHeading(page, 'Readiness checklist'));
    const hrefs = [
      ...new Set(
        await page
          .locator('[data-check] a[href^="/w/acme/"]')
          .evaluateAll((as) => as.map((a) => a.getAttribute('href')!)),
      ),
    ];
    expect(hrefs.length).toBeGreaterThanOrEqual(10);
    for (const href of hrefs) {
      await page.goto(href);
      await visible(page.getByRole('heading', { level: 1 }));
      expect(await page.title(), href).not.toContain('Page not found');
    }
  }, 180_000);
});

describe('the other homes', () => {
  it('the provider lead’s home has the checklist too; an agent keeps the work-first home without it', async () => {
    const nora = await newPerson(browser, server.url);
    await signInAndEnrol(nora.page, 'nora@northwind.example');
    await nora.page.goto('/w/acme');
    const checklist = await visible(nora.page.getByRole('region', { name: 'Readiness checklist' }));
    await expect.poll(() => checklist.getByRole('row').count()).toBe(11);
    await visible(nora.page.getByRole('region', { name: 'Measures, last six months' }));

    const ian = await newPerson(browser, server.url);
    await signInPasswordOnly(ian.page, 'ian@acme.example');
    await ian.page.goto('/w/acme');
    await visible(ian.page.getByText('Your co-managed IT workspace: who is in it and how it is set up.'));
    await visible(ian.page.getByRole('heading', { name: 'Your place here' }));
    expect(await ian.page.getByRole('region', { name: 'Readiness checklist' }).count()).toBe(0);
    expect(await ian.page.getByRole('region', { name: 'Measures, last six months' }).count()).toBe(0);
    await nora.context.close();
    await ian.context.close();
  }, 120_000);
});

describe('what a requester can expect', () => {
  it('Rob sees on his open request when IT aims to reply and resolve it', async () => {
    const { page } = rob;
    const mine = JSON.parse(
      (await read(page, '/api/v1/w/acme/tickets?queue=requested&status=new,triaged,in_progress')).body,
    ) as { items: { key: string }[] };
    let shown = false;
    for (const { key } of mine.items) {
      const expectations = JSON.parse(
        (await read(page, `/api/v1/w/acme/tickets/${key}/expectations`)).body,
      ) as {
        items: { state: string; late: boolean }[];
      };
      if (!expectations.items.some((i) => i.state === 'due')) continue;
      await page.goto(`/w/acme/portal/requests/${key}`);
      const card = await visible(page.getByRole('region', { name: 'What to expect' }));
      await visible(card.getByText(/^We aim(ed)? to (reply|resolve it) by /).first());
      await page.screenshot({ path: `${SHOTS}/readiness-requester-expectations.png`, fullPage: true });
      shown = true;
      break;
    }
    expect(shown).toBe(true);
  }, 120_000);
});
