import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../src/reviews/export/pdf-text.ts';
import { launchBrowser, mainHeading, newPerson, type Person, signInAndEnrol, visible } from './browser.ts';
import { freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let alice: Person;
let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp';

type ReviewJson = {
  key: string;
  status: string;
  pack: { sections: Array<{ id: string; title: string; figures: Array<{ label: string; text: string }> }> };
  actions: Array<{ title: string }>;
};

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
  alice = await newPerson(browser, server.url);
  await signInAndEnrol(alice.page, 'alice@acme.example');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await postgres?.drop();
});

describe("Alice runs last month's service review", () => {
  it('opens it, sees the charts, comments, agrees an action, holds it and downloads the PDF', async () => {
    const { page } = alice;
    await page.goto('/w/acme/reviews');
    await visible(mainHeading(page, 'Service reviews'));
    await visible(page.getByRole('navigation', { name: 'Main' }).getByText("Leaders' view"));
    await visible(page.getByRole('combobox', { name: 'Recipients' }));
    await page.screenshot({ path: `${SHOTS}/reviews-list.png`, fullPage: true });
    const list = await page.evaluate(
      async () =>
        (await (await fetch('/api/v1/w/acme/reviews')).json()) as {
          nextPeriod: { label: string; start: string; exists: boolean };
          items: Array<{ key: string; periodStart: string }>;
        },
    );
    const label: string = list.nextPeriod.label;
    if (list.nextPeriod.exists) {
      const existing = list.items.find(
        (r: { periodStart: string }) => r.periodStart === list.nextPeriod.start,
      );
      // The history build may have made it after the page's list was read: open it by its address.
      await page.goto(`/w/acme/reviews/${existing!.key}`);
    } else {
      // A second tab still shows the list without it: its Prepare must open the review the first made
      // (as when the period-close job prepares it while someone has the page open).
      const stale = await alice.context.newPage();
      await stale.goto('/w/acme/reviews');
      const prepareIn = (p: typeof page) =>
        p.getByRole('button', { name: `Prepare the review of ${label}` }).first();
      await visible(prepareIn(stale));
      await prepareIn(page).click();
      await visible(
        page.getByRole('heading', { level: 1, name: new RegExp(`Service review REV-\\d+: ${label}`) }),
      );
      await prepareIn(stale).click();
      const made = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/REV-\d+/)![0];
      await visible(stale.getByRole('heading', { level: 1, name: new RegExp(`${made}: ${label}`) }));
      await stale.close();
    }
    await visible(
      page.getByRole('heading', { level: 1, name: new RegExp(`Service review REV-\\d+: ${label}`) }),
    );
    const key = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/REV-\d+/)![0];

    // The charts are drawn (SVG), each with its figures as a table for screen readers.
    const trends = page.locator('figure[data-chart="trend_open_work"]');
    await visible(trends.locator('svg.recharts-surface').first());
    await visible(
      page.getByRole('table', { name: 'Open work by lane at each period end', includeHidden: true }),
    );
    await page.screenshot({ path: `${SHOTS}/reviews-pack.png`, fullPage: false });

    // Commentary on the trends.
    const commentary = page.getByRole('textbox', { name: /commentary on “Trends”/ });
    await commentary.fill('Open work is falling; the provider lane cleared its backlog.');
    await page.getByRole('button', { name: 'Save commentary' }).first().click();
    await visible(page.getByText('Open work is falling; the provider lane cleared its backlog.').first());

    // An agreed action lands on the backlog.
    await page.getByRole('button', { name: 'Agree an action on documentation gaps' }).click();
    const form = page.getByRole('form', { name: 'Agree an action on Documentation gaps' });
    await form.getByRole('textbox', { name: 'Action' }).fill('Write recovery steps for the ERP');
    await form.getByLabel('Owner party').click();
    await page.getByRole('option', { name: 'Northwind IT Services' }).click();
    await form.getByRole('button', { name: 'Add to the backlog' }).click();
    await visible(page.getByText('Write recovery steps for the ERP').first());
    const board = await page.evaluate(
      async () =>
        (await (await fetch('/api/v1/w/acme/backlog')).json()) as {
          items: Array<{ title: string; source: { kind: string } }>;
        },
    );
    const item = board.items.find((i) => i.title === 'Write recovery steps for the ERP');
    expect(item?.source.kind).toBe('service_review');

    // Held: date and attendees; the pack is frozen.
    const attendees = page.getByRole('combobox', { name: 'Attendees' });
    await attendees.fill('Alice Hart');
    await attendees.press('Enter');
    await attendees.fill('Ed Park');
    await attendees.press('Enter');
    await page.getByRole('button', { name: 'Mark held' }).click();
    await visible(page.getByText(/Held on .* with Alice Hart, Ed Park/));
    await page.screenshot({ path: `${SHOTS}/reviews-held.png`, fullPage: true });

    const review = await page.evaluate(
      async (k) =>
        ((await (await fetch(`/api/v1/w/acme/reviews/${k}`)).json()) as { review: ReviewJson }).review,
      key,
    );
    expect(review.status).toBe('held');

    // The PDF: its text carries every section title and the figures the API returns.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`acme-${key.toLowerCase()}.pdf`);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const section of review.pack.sections) {
      expect(text).toContain(section.title);
      for (const figure of section.figures) expect(text, figure.label).toContain(figure.text);
    }
    expect(text).toContain('Open work is falling; the provider lane cleared its backlog.');
    expect(text).toContain('Write recovery steps for the ERP');
  }, 180_000);
});
