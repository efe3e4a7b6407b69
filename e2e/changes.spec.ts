import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  newPerson,
  type Person,
  signInAndEnrol,
  signInPasswordOnly,
  visible,
} from './browser.ts';
import { apiSession, freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let alice: Person;
let ed: Person;
let ian: Person;
let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp';

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
  [alice, ed, ian] = await Promise.all([
    newPerson(browser, server.url),
    newPerson(browser, server.url),
    newPerson(browser, server.url),
  ]);
  await signInAndEnrol(alice.page, 'alice@acme.example');
  await signInAndEnrol(ed.page, 'ed@northwind.example');
  await signInPasswordOnly(ian.page, 'ian@acme.example');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await postgres?.drop();
});

/** An instant as the browser's datetime-local value (its own time zone). */
const localInput = (page: Page, iso: string) =>
  page.evaluate((value) => {
    const d = new Date(value);
    d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
    return d.toISOString().slice(0, 16);
  }, iso);

async function raiseChange(
  page: Page,
  fields: { type?: 'Emergency'; title: string; system: string; start: string; end: string; reason?: string },
) {
  await page.goto('/w/acme/changes');
  await page.getByRole('button', { name: 'Raise a change' }).first().click();
  const dialog = await visible(page.getByRole('dialog', { name: 'Raise a change' }));
  if (fields.type) await dialog.getByText(fields.type, { exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Title' }).fill(fields.title);
  await dialog.getByLabel('Systems').click();
  await page.getByRole('option', { name: fields.system }).click();
  await dialog.getByRole('textbox', { name: 'Title' }).click();
  await dialog
    .getByRole('textbox', { name: 'Implementation plan' })
    .fill('Apply the vendor update with the runbook.');
  await dialog
    .getByRole('textbox', { name: 'Back-out plan' })
    .fill('Restore the snapshot taken before the change.');
  await dialog.getByLabel('Window starts').fill(await localInput(page, fields.start));
  await dialog.getByLabel('Window ends').fill(await localInput(page, fields.end));
  if (fields.reason) await dialog.getByRole('textbox', { name: 'Why it cannot wait' }).fill(fields.reason);
  await dialog.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/w\/acme\/changes\/CHG-\d+$/);
  return new URL(page.url()).pathname.split('/').pop()!;
}

const status = (page: Page, label: string) => visible(page.getByText(label, { exact: true }).first());

describe('changes in the browser', () => {
  it('a provider engineer submits a normal change on a critical system, sees the conflict; the lead approves; it is on the calendar and in the feed; it is implemented', async () => {
    // The demo's scheduled ERP maintenance: the new change overlaps it on the same critical system.
    const ianApi = await apiSession(server.url, 'ian@acme.example');
    const list = (await (
      await fetch(`${server.url}/api/v1/w/acme/changes?limit=100`, { headers: ianApi.headers })
    ).json()) as {
      items: Array<{ key: string; title: string; plannedStart: string; plannedEnd: string }>;
    };
    const existing = list.items.find((c) => c.title === 'ERP database index maintenance')!;
    const start = new Date(new Date(existing.plannedStart).getTime() + 30 * 60_000).toISOString();
    const end = new Date(new Date(existing.plannedEnd).getTime() + 30 * 60_000).toISOString();

    const key = await raiseChange(ed.page, {
      title: 'ERP reporting add-on upgrade',
      system: 'ERP (Dynamics NAV) (critical)',
      start,
      end,
    });
    await ed.page.getByRole('button', { name: 'Submit for approval' }).click();
    await status(ed.page, 'Awaiting approval');
    const conflict = await visible(ed.page.getByRole('status').filter({ hasText: 'Conflicting changes' }));
    await visible(conflict.getByRole('link', { name: `${existing.key} ERP database index maintenance` }));
    await ed.page.screenshot({ path: `${SHOTS}/changes-submitted.png`, fullPage: true });
    // The provider does not hold the right: no approve button for them.
    expect(await ed.page.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    const { page } = alice;
    await page.goto(`/w/acme/changes/${key}`);
    await visible(page.getByText('Conflicting changes'));
    await page.getByRole('textbox', { name: 'Rationale' }).fill('Both can run: the add-on only reads.');
    await page.getByRole('button', { name: 'Approve' }).click();
    await status(page, 'Scheduled');

    // On the calendar (its month), and in the parsed iCalendar feed.
    await page.goto('/w/acme/change-calendar');
    await visible(page.getByRole('grid', { name: 'Change calendar' }));
    // The month of the window, in the browser's own time zone: step forward that many months.
    const months = await page.evaluate((iso) => {
      const now = new Date();
      const at = new Date(iso);
      return (at.getFullYear() - now.getFullYear()) * 12 + at.getMonth() - now.getMonth();
    }, start);
    for (let i = 0; i < months; i++) await page.getByRole('button', { name: 'Next' }).click();
    const link = page
      .getByRole('grid', { name: 'Change calendar' })
      .getByRole('link', { name: new RegExp(key) });
    await visible(link.first());
    await page.screenshot({ path: `${SHOTS}/changes-calendar.png`, fullPage: true });
    await page.getByText('Whole workspace', { exact: true }).click();
    await page.getByRole('button', { name: 'Create a feed address' }).click();
    const feedUrl = await (
      await visible(page.getByRole('textbox', { name: 'Your new feed address' }))
    ).inputValue();
    const ics = await fetch(`${server.url}${new URL(feedUrl).pathname}`);
    expect(ics.status).toBe(200);
    const summaries = new ICAL.Component(ICAL.parse(await ics.text()) as unknown[])
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v).summary);
    expect(summaries).toContain(`${key} ERP reporting add-on upgrade`);

    await page.goto(`/w/acme/changes/${key}`);
    await page.getByRole('button', { name: 'Start the change' }).click();
    await status(page, 'In progress');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await status(page, 'Implemented');
    await page.goto('/w/acme/changes');
    await visible(page.getByRole('link', { name: `${key} ERP reporting add-on upgrade` }));
    await page.screenshot({ path: `${SHOTS}/changes-list.png`, fullPage: true });
    expect([...alice.pageErrors, ...ed.pageErrors]).toEqual([]);
  });

  it('the calendar shades the month-end freeze, shows a week and a list, and filters by system', async () => {
    const { page } = alice;
    await page.goto('/w/acme/change-calendar');
    const grid = await visible(page.getByRole('grid', { name: 'Change calendar' }));
    // The demo's month-end close: its days are named and shaded in this month's grid.
    const frozen = grid.getByRole('gridcell', { name: /freeze: Month-end close/ });
    await visible(frozen.first());
    expect(await frozen.first().getAttribute('data-frozen')).not.toBeNull();
    const views = page.getByRole('radiogroup', { name: 'Calendar view' });
    await views.getByText('Week', { exact: true }).click();
    await visible(page.getByRole('heading', { name: /^Week of / }));
    await expect.poll(() => grid.getByRole('gridcell').count()).toBe(7);

    // The list of the month of the demo's two changes on day 9 (ERP and file server).
    await views.getByText('List', { exact: true }).click();
    await page.getByRole('button', { name: 'Today' }).click();
    const months = await page.evaluate(() => {
      const now = new Date();
      const at = new Date(Date.now() + 9 * 86_400_000);
      return (at.getFullYear() - now.getFullYear()) * 12 + at.getMonth() - now.getMonth();
    });
    for (let i = 0; i < months; i++) await page.getByRole('button', { name: 'Next' }).click();
    const erp = page.getByRole('link', { name: /CHG-\d+ ERP database index maintenance/ });
    const files = page.getByRole('link', { name: /CHG-\d+ File server OS patching/ });
    await visible(erp.first());
    await visible(files.first());
    await page.getByLabel('System', { exact: true }).click();
    await page.getByRole('option', { name: 'ERP (Dynamics NAV)', exact: true }).click();
    await expect.poll(() => files.count(), { timeout: 15_000 }).toBe(0);
    await visible(erp.first());
    await page.screenshot({ path: `${SHOTS}/changes-calendar-list.png`, fullPage: true });
    expect(alice.pageErrors).toEqual([]);
  });

  it('adds a change freeze, lists it, and empties every field of the form again', async () => {
    const { page } = alice;
    await page.goto('/w/acme/change-calendar');
    const freezes = page.getByRole('region', { name: 'Change freezes' });
    const field = (name: string) => freezes.getByLabel(name, { exact: true });
    // Years ahead: the other tests' changes are scheduled in the coming days.
    const year = new Date().getFullYear() + 3;
    await field('Freeze title').fill('Year-end audit');
    await field('Starts').fill(`${year}-12-20T08:00`);
    await field('Ends').fill(`${year}-12-31T18:00`);
    await field('Reason').fill('Auditors on site');
    await freezes.getByRole('button', { name: 'Add freeze' }).click();
    await visible(freezes.getByText(/Year-end audit/));
    await visible(freezes.getByText(/Auditors on site/));
    for (const name of ['Freeze title', 'Starts', 'Ends', 'Reason'])
      await expect.poll(() => field(name).inputValue(), { message: name }).toBe('');
    expect(alice.pageErrors).toEqual([]);
  });

  it('an emergency change at night is authorised by the delegated right and cannot close without its review', async () => {
    const { page } = alice;
    await page.goto('/w/acme/decisions/rights');
    await page
      .getByRole('button', { name: 'Change who decides: Authorise an emergency change' })
      .first()
      .click();
    const dialog = await visible(page.getByRole('dialog', { name: /Who decides/ }));
    await dialog.getByText('A named member of the internal IT team').click();
    await dialog.getByLabel('Internal delegate').click();
    await page.getByRole('option', { name: /Ian Cole/ }).click();
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Ian covers out-of-hours emergencies.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const night = new Date();
    night.setUTCDate(night.getUTCDate() + 1);
    night.setUTCHours(2, 0, 0, 0);
    const key = await raiseChange(ed.page, {
      type: 'Emergency',
      title: 'Revoke the leaked admin token',
      system: 'Microsoft 365 tenant (high)',
      start: night.toISOString(),
      end: new Date(night.getTime() + 3600_000).toISOString(),
      reason: 'An administrator token was posted publicly; it must be revoked tonight.',
    });
    await ed.page.getByRole('button', { name: 'Submit for approval' }).click();
    await status(ed.page, 'Awaiting approval');

    await ian.page.goto(`/w/acme/changes/${key}`);
    await visible(ian.page.getByText(/Decided by Ian Cole or the internal IT lead/));
    await ian.page.getByRole('textbox', { name: 'Rationale' }).fill('Authorised on call: revoke it now.');
    await ian.page.getByRole('button', { name: 'Approve' }).click();
    await status(ian.page, 'Scheduled');

    await page.goto(`/w/acme/changes/${key}`);
    await page.getByRole('button', { name: 'Start the change' }).click();
    await status(page, 'In progress');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await status(page, 'Implemented');
    await page.getByRole('button', { name: 'Close the change' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'needs its post-implementation review' }));
    await status(page, 'Implemented');

    // A refused review shows on its field (it used to be dropped silently) until the field is edited.
    const happened = page.getByRole('textbox', { name: 'What happened' });
    await happened.fill('x'.repeat(20_001));
    await page.getByRole('button', { name: 'Save review' }).click();
    await visible(page.getByText('must be at most 20000 characters'));
    await happened.fill('Token revoked at 02:10; no use of it found.');
    await expect.poll(() => page.getByText('must be at most 20000 characters').count()).toBe(0);
    await page.getByRole('textbox', { name: 'Lessons' }).fill('Scan public repositories for tokens weekly.');
    await page.getByRole('button', { name: 'Save review' }).click();
    await visible(page.getByText('review saved'));
    // An action for the backlog: once added, the new-action fields are empty again, owner too.
    const action = page.getByRole('textbox', { name: 'New action' });
    const owner = page.getByRole('combobox', { name: 'Owner', exact: true });
    await action.fill('Add a weekly token scan to the CI pipeline');
    await owner.click();
    await page.getByRole('option', { name: /Acme IT/ }).click();
    await page.getByRole('button', { name: 'Add to backlog' }).click();
    await visible(page.getByText(/Add a weekly token scan to the CI pipeline/));
    await expect.poll(() => action.inputValue()).toBe('');
    expect(await owner.inputValue()).toBe('');
    await page.getByRole('button', { name: 'Close the change' }).click();
    await status(page, 'Closed');
    await page.screenshot({ path: `${SHOTS}/changes-emergency-closed.png`, fullPage: true });
    expect([...alice.pageErrors, ...ed.pageErrors, ...ian.pageErrors]).toEqual([]);
  });
});
