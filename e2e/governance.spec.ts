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
let ian: Person;
let ed: Person;
let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp';
const PDF = Buffer.from('%PDF-1.4\n% Backup report for the month\n%%EOF\n');

type Notice = { event: string; subject: string };
/** The person's notifications, read through the API in their own session. */
const notificationsOf = (page: Page) =>
  page.evaluate(async () => {
    const response = await fetch('/api/v1/w/acme/notifications?limit=100');
    return ((await response.json()) as { items: { event: string; subject: string }[] }).items;
  });
async function waitForNotice(page: Page, match: (n: Notice) => boolean, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const found = (await notificationsOf(page)).find(match);
    if (found) return found;
    await page.waitForTimeout(2_000);
  }
  throw new Error('the notification did not arrive in time');
}

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
  [alice, ian, ed] = await Promise.all([
    newPerson(browser, server.url),
    newPerson(browser, server.url),
    newPerson(browser, server.url),
  ]);
  await signInAndEnrol(alice.page, 'alice@acme.example');
  await signInPasswordOnly(ian.page, 'ian@acme.example');
  await signInAndEnrol(ed.page, 'ed@northwind.example');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await postgres?.drop();
});

describe('(3) the lead accepts a risk with an expiry; the expiry fires and the owner is notified', () => {
  it('shows the register with its heat map, accepts RISK-2 briefly, and lapses it', async () => {
    const { page } = alice;
    await page.goto('/w/acme/risks');
    await visible(mainHeading(page, 'Risks'));
    await visible(page.getByRole('navigation', { name: 'Main' }).getByText('Governance'));
    const heat = await visible(page.getByRole('table', { name: 'Heat map of open risks' }));
    await visible(heat.getByRole('rowheader', { name: '5 Severe' }));
    await visible(page.getByText('Acceptance expired').first());
    await page.screenshot({ path: `${SHOTS}/governance-risks.png`, fullPage: true });

    await page.getByRole('link', { name: 'RISK-2' }).click();
    await visible(mainHeading(page, 'RISK-2 Former staff keep access to Microsoft 365'));
    // A short expiry: 40 seconds from now, in the browser's local time (seconds included).
    const soon = await page.evaluate(() => {
      const d = new Date(Date.now() + 40_000);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    });
    await page.getByLabel('Accepted until').fill(soon);
    await page
      .getByRole('textbox', { name: 'Why the residual risk is acceptable' })
      .fill('Leavers are rare this quarter.');
    await page.getByRole('button', { name: 'Accept residual risk' }).click();
    await visible(page.getByText(/^Accepted by .* until /));
    await page.screenshot({ path: `${SHOTS}/governance-risk-accepted.png`, fullPage: true });

    // The owner (Ian) is told once the durable timer fires.
    const notice = await waitForNotice(
      ian.page,
      (n) => n.event === 'risk.acceptance_expired' && n.subject.startsWith('RISK-2'),
      120_000,
    );
    expect(notice.subject).toContain('acceptance of the residual risk has expired');
    await ian.page.goto('/w/acme/risks/RISK-2');
    await visible(ian.page.getByRole('alert', { name: 'Acceptance expired' }));
    // Ian holds no right to accept: the page names who does.
    await visible(ian.page.getByText(/Only the holder of the “accept residual risk” decision right/));
  }, 240_000);
});

describe('(4) a monthly backup-test occurrence is evidenced and accepted; a missed one escalates', () => {
  let occurrenceUrl = '';

  it('the provider attaches the report, ticks the checklist, gives the figure and attests', async () => {
    const { page } = ed;
    await page.goto('/w/acme/obligations');
    await visible(mainHeading(page, 'Obligations'));
    const attention = await visible(page.getByRole('region', { name: 'Needs attention' }));
    const row = attention.getByRole('row').filter({ hasText: 'Monthly backup-test evidence' }).first();
    await row.getByRole('link').click();
    await page.waitForURL(/\/obligations\/occurrences\//);
    occurrenceUrl = new URL(page.url()).pathname;

    // Handing in without evidence lists what is missing.
    await page.getByRole('button', { name: 'Hand in the evidence' }).click();
    const refusal = await visible(page.getByRole('alert').filter({ hasText: 'Backup report' }));
    await visible(refusal.getByText(/attestation/));

    for (const item of ['Every backup job checked', 'Failures have a ticket']) {
      const box = page.getByRole('checkbox', { name: item });
      await box.click();
      // The box follows the saved evidence: wait for the server's answer before the next one.
      await expect.poll(() => box.isChecked(), { timeout: 15_000 }).toBe(true);
      await page.waitForLoadState('networkidle');
    }
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'backup-report.pdf', mimeType: 'application/pdf', buffer: PDF });
    await visible(page.getByRole('link', { name: 'backup-report.pdf' }));
    await page.getByRole('textbox', { name: /Successful backup jobs/ }).fill('99');
    await page.getByRole('button', { name: 'Save figure' }).click();
    await visible(page.getByText('Figure saved.'));
    await page.getByRole('checkbox', { name: /^I attest:/ }).check();
    await page.getByRole('button', { name: 'Hand in the evidence' }).click();
    await visible(page.getByText('Awaiting review').first());
    await page.screenshot({ path: `${SHOTS}/governance-occurrence-submitted.png`, fullPage: true });
  }, 120_000);

  it('the internal lead accepts it and it joins the evidence library', async () => {
    const { page } = alice;
    await page.goto(occurrenceUrl);
    await page.getByRole('button', { name: 'Accept evidence' }).click();
    await visible(page.getByText(/^Accepted by /));
    await page.goto('/w/acme/obligations/evidence');
    await visible(mainHeading(page, 'Evidence library'));
    await page.getByRole('button', { name: 'Backup success review' }).click();
    await visible(page.getByRole('link', { name: 'backup-report.pdf' }));
    await page.screenshot({ path: `${SHOTS}/governance-evidence.png`, fullPage: true });
  }, 120_000);

  it('a missed occurrence shows overdue and escalates to the leads', async () => {
    const { page } = alice;
    await page.goto('/w/acme/obligations');
    const attention = await visible(page.getByRole('region', { name: 'Needs attention' }));
    const row = attention
      .getByRole('row')
      .filter({ hasText: 'Monthly security-alert review' })
      .filter({ hasText: 'Overdue' });
    await visible(row.first());
    await page.screenshot({ path: `${SHOTS}/governance-obligations.png`, fullPage: true });
    const notice = await waitForNotice(
      page,
      (n) => n.event === 'obligation.missed' && n.subject.includes('Monthly security-alert review'),
      180_000,
    );
    expect(notice.subject).toMatch(/missed/);
    expect(alice.pageErrors).toEqual([]);
    expect(ed.pageErrors).toEqual([]);
  }, 240_000);
});

describe('a change record as a risk treatment action (issue #12)', () => {
  it('the lead links CHG-1 to RISK-1, sees its status, and the change says it treats the risk', async () => {
    const { page } = alice;
    await page.goto('/w/acme/risks/RISK-1');
    const section = await visible(page.getByRole('region', { name: 'Changes carrying out the treatment' }));
    await section.getByRole('textbox', { name: 'Link a change' }).fill('CHG-1');
    await section.getByRole('button', { name: 'Link change' }).click();
    const linked = await visible(section.getByRole('list', { name: 'Linked changes' }).getByRole('listitem'));
    await visible(linked.getByRole('link', { name: 'CHG-1' }));
    await page.screenshot({ path: `${SHOTS}/governance-risk-changes.png`, fullPage: true });
    // A key that names no change here is refused, naming it.
    await section.getByRole('textbox', { name: 'Link a change' }).fill('CHG-99999');
    await section.getByRole('button', { name: 'Link change' }).click();
    await visible(section.getByText('No change CHG-99999.'));
    await linked.getByRole('link', { name: 'CHG-1' }).click();
    await page.waitForURL(/\/changes\/CHG-1$/);
    await visible(page.getByText('Treats risks', { exact: true }));
    await visible(page.getByRole('link', { name: 'RISK-1' }));
    expect(alice.pageErrors).toEqual([]);
  }, 120_000);
});

describe('the lead defines a recurring obligation', () => {
  it('a refusal marks each field until it is edited, then the obligation is created', async () => {
    const { page } = alice;
    await page.goto('/w/acme/obligations');
    await visible(mainHeading(page, 'Obligations'));
    await page.getByRole('button', { name: 'New obligation' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'New obligation' }));
    const title = dialog.getByRole('textbox', { name: 'Title' });
    const attestation = dialog.getByRole('textbox', { name: 'Attestation sentence' });
    // Nothing filled in: the server's refusal is shown on the fields it names.
    await dialog.getByRole('button', { name: 'Create obligation' }).click();
    await visible(dialog.getByText('must not be empty'));
    await visible(dialog.getByText('write the sentence the responsible person attests'));
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    // Editing a field clears its own message and leaves the others.
    await title.fill('Quarterly firewall rule review');
    await expect.poll(() => title.getAttribute('aria-invalid')).not.toBe('true');
    expect(await attestation.getAttribute('aria-invalid')).toBe('true');

    await dialog.getByLabel(/^Service/).click();
    await page.getByRole('option').first().click();
    await dialog.getByLabel(/^Accountable internal person/).click();
    await page.getByRole('option', { name: /Alice/ }).click();
    await dialog.getByLabel('Or pick a schedule').click();
    await page.getByRole('option', { name: 'Quarterly, on the 15th' }).click();
    expect(await dialog.getByRole('textbox', { name: 'Schedule (RFC 5545 RRULE)' }).inputValue()).toBe(
      'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15',
    );
    await attestation.fill('I reviewed every firewall rule against its ticket.');
    await dialog.getByRole('button', { name: 'Create obligation' }).click();
    await page.waitForURL(/\/obligations\/OBL-\d+$/);
    await visible(page.getByRole('heading', { level: 1, name: /Quarterly firewall rule review/ }));
    expect(alice.pageErrors).toEqual([]);
  }, 120_000);
});

describe('a decision request from question to decision', () => {
  it('an agent asks, with an option, and comments; the internal lead approves with a rationale', async () => {
    const { page } = ian;
    await page.goto('/w/acme/decisions');
    await page.getByRole('button', { name: 'New decision request' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'New decision request' }));
    await dialog.getByLabel(/^Type of decision/).click();
    await page.getByRole('option', { name: /Accept a residual risk/ }).click();
    await dialog.getByLabel(/^Title/).fill('Keep the old label printer until March');
    await dialog.getByLabel(/^Context/).fill('Its driver is unsupported; a new one is on order.');
    await dialog.getByRole('button', { name: 'Add an option' }).click();
    await dialog
      .getByRole('textbox', { name: 'Option 1', exact: true })
      .fill('Keep it, isolated on its own VLAN');
    await dialog.getByRole('button', { name: 'Send for decision' }).click();
    await page.waitForURL(/\/decisions\/\d+$/);
    const path = new URL(page.url()).pathname;
    await visible(page.getByText('Keep it, isolated on its own VLAN'));

    const comment = page.getByRole('textbox', { name: 'Add a comment' });
    await comment.fill('The VLAN is already there.');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await visible(page.getByRole('list', { name: 'Comments' }).getByText('The VLAN is already there.'));
    await expect.poll(() => comment.inputValue()).toBe('');

    const lead = alice.page;
    await lead.goto(path);
    await lead.getByRole('button', { name: 'Approve' }).click();
    const decide = await visible(lead.getByRole('dialog', { name: /^Approve / }));
    await decide.getByRole('textbox', { name: 'Rationale' }).fill('Isolated, and only until March.');
    await decide.getByRole('button', { name: 'Approve decision' }).click();
    await decide.waitFor({ state: 'hidden' });
    await visible(lead.getByText('Isolated, and only until March.'));
    expect([...ian.pageErrors, ...alice.pageErrors]).toEqual([]);
  }, 120_000);
});

describe('a due date is the same calendar day wherever the reader is', () => {
  it('a reader west of Greenwich sees each obligation’s next due day as the API gives it', async () => {
    const west = await newPerson(browser, server.url, undefined, {
      timezoneId: 'America/Los_Angeles',
      locale: 'en-GB',
    });
    await signInPasswordOnly(west.page, 'ian@acme.example');
    await west.page.goto('/w/acme/obligations');
    const table = await visible(west.page.getByRole('table', { name: /obligations$/ }));
    const { items } = (await (await west.page.request.get('/api/v1/w/acme/obligations')).json()) as {
      items: { title: string; nextDueOn: string | null }[];
    };
    const due = items.find((o) => o.nextDueOn !== null)!;
    const [year, month, day] = due.nextDueOn!.split('-').map(Number) as [number, number, number];
    // The day as written, in the reader's words ('31 Dec 2026'), not the day before at UTC midnight.
    const expected = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(Date.UTC(year, month - 1, day)),
    );
    const row = table.getByRole('row').filter({ hasText: due.title }).first();
    await visible(row.getByText(expected, { exact: true }));
    expect(west.pageErrors).toEqual([]);
    await west.context.close();
  }, 60_000);
});
