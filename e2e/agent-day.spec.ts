import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  mainHeading,
  newPerson,
  type Person,
  signInPasswordOnly,
  visible,
} from './browser.ts';
import { freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

// An agent's day on the desk: Ian (internal IT, demo workspace "acme") works his lane in the dense
// queue table by keyboard only, on a desk-sized screen.

let server: RunningServer;
let browser: Browser;
let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>> = null;
let ian: Person;

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
  ian = await newPerson(browser, server.url, { width: 1440, height: 900 });
  await signInPasswordOnly(ian.page, 'ian@acme.example');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await postgres?.drop();
});

const rows = (p: Person) => p.page.getByRole('table', { name: 'Tickets' }).locator('tbody tr');
const activeKey = (p: Person) => p.page.locator('tbody tr[data-active]').getAttribute('data-ticket-key');

describe("an agent's day on the desk", () => {
  it('shows the lane as a dense table sorted by SLA due, counting down on the server clock', async () => {
    const { page } = ian;
    await page.goto('/w/acme/tickets?queue=lane&open=false');
    await visible(mainHeading(page, 'Service desk'));
    await visible(rows(ian).first());
    expect(
      await page
        .getByRole('textbox', { name: 'Sort by' })
        .or(page.getByRole('combobox', { name: 'Sort by' }))
        .first()
        .inputValue(),
    ).toBe('SLA due (soonest first)');
    for (const column of [
      'Key',
      'Subject',
      'Requester',
      'Service',
      'Lane',
      'Assignee',
      'Status',
      'Priority',
      'SLA',
      'Updated',
    ])
      await visible(page.getByRole('columnheader', { name: column, exact: true }));

    // Running clocks come first, soonest due first.
    const seconds = await page
      .locator('tbody tr [data-sla-seconds]')
      .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-sla-seconds'))));
    expect(seconds.length).toBeGreaterThan(0);
    expect(seconds).toEqual([...seconds].sort((a, b) => a - b));

    // The first row's countdown agrees with the clock API to the second (allowing the page's 1 s tick).
    const first = rows(ian).first();
    const key = (await first.getAttribute('data-ticket-key'))!;
    const readFrom = Date.now();
    const shown = Number(await first.locator('[data-sla-seconds]').getAttribute('data-sla-seconds'));
    const readTo = Date.now();
    const api = (await page.evaluate(async (k) => {
      const r = await fetch(`/api/v1/w/acme/tickets/${k}/sla`);
      return { body: await r.json(), date: r.headers.get('date') };
    }, key)) as { body: { clocks: Array<{ state: string; dueAt: string | null }> } };
    const due = Math.min(
      ...api.body.clocks.filter((c) => c.state === 'running' && c.dueAt).map((c) => Date.parse(c.dueAt!)),
    );
    // The read itself can take seconds on a loaded machine: the shown value must fall inside the
    // countdown's range over that read, give or take the page's 1 s tick and a second of rounding.
    expect(shown).toBeGreaterThanOrEqual(Math.trunc((due - readTo) / 1000) - 2);
    expect(shown).toBeLessThanOrEqual(Math.trunc((due - readFrom) / 1000) + 2);
    await page.screenshot({ path: '/tmp/agent-desk-queue.png' });
  });

  it('shows 20+ rows on a 1440 × 900 screen, with the filters on one line as removable chips', async () => {
    const { page } = ian;
    await page.goto('/w/acme/tickets?queue=all&open=false');
    await visible(rows(ian).first());
    const fullyVisible = await rows(ian).evaluateAll(
      (trs, height) =>
        trs.filter((tr) => {
          const r = tr.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= height;
        }).length,
      900,
    );
    expect(fullyVisible).toBeGreaterThanOrEqual(20);

    await page.goto('/w/acme/tickets?queue=lane&open=false&priority=P2,P3&sort=priority&hide=requester');
    await visible(rows(ian).first());
    const chips = page.getByRole('list', { name: 'Filters on' });
    await visible(chips.getByText('Priority: P2 · high'));
    await visible(chips.getByText('Resolved and closed too'));
    // The hidden column stays hidden; the others are there.
    expect(await page.getByRole('columnheader', { name: 'Requester', exact: true }).count()).toBe(0);
    await visible(page.getByRole('columnheader', { name: 'Service', exact: true }));
    // The filters bar is one line: its controls share a row (same top, within a few pixels).
    const bar = page.getByRole('group', { name: 'Filter and sort tickets' });
    const box = (await bar.boundingBox())!;
    expect(box.height).toBeLessThan(48);
    await chips.getByRole('button', { name: 'Remove filter Priority: P2 · high' }).click();
    // The router keeps lists in the URL as JSON: ["P3"].
    await page.waitForURL((url) => {
      const priority = url.searchParams.get('priority') ?? '';
      return priority.includes('P3') && !priority.includes('P2');
    });
    expect(new URL(page.url()).searchParams.get('hide')).toContain('requester');
    // "More filters" opens the rest.
    const more = page.getByRole('button', { name: /More filters/ });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.click();
    await visible(
      page.getByRole('group', { name: 'More filters' }).getByRole('textbox', { name: 'Created from' }),
    );
    // Columns: hiding one keeps it in the URL, so a saved view keeps it too.
    await page.getByRole('button', { name: /Columns/ }).click();
    await page.getByRole('menuitem', { name: 'Lane column shown' }).click();
    await page.waitForURL((url) => (url.searchParams.get('hide') ?? '').includes('lane'));
    expect(new URL(page.url()).searchParams.get('hide')).toContain('requester');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('columnheader', { name: 'Lane', exact: true }).count()).toBe(0);
    expect(ian.pageErrors).toEqual([]);
  });

  it('works the lane by keyboard: move, open, back, assign to me, search, shortcuts', async () => {
    const { page } = ian;
    await page.goto('/w/acme/tickets?queue=lane');
    await visible(rows(ian).first());
    const firstKey = await rows(ian).first().getAttribute('data-ticket-key');
    expect(await activeKey(ian)).toBe(firstKey);
    await page.keyboard.press('j');
    const secondKey = await rows(ian).nth(1).getAttribute('data-ticket-key');
    expect(await activeKey(ian)).toBe(secondKey);
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await activeKey(ian)).toBe(secondKey);

    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/w/acme/tickets/${secondKey}$`));
    // Focus lands on the new page's heading.
    await page.waitForFunction(`document.activeElement?.tagName === 'H1'`);
    await page.goBack();
    await visible(rows(ian).first());

    await page.keyboard.press('a');
    const assignedKey = await activeKey(ian);
    // The marked row may already be Ian's; either way the desk says so.
    await visible(page.getByText(new RegExp(`^${assignedKey} (assigned to you|is already yours)\\.$`)));
    const row = rows(ian).filter({ has: page.locator(`[data-ticket-key="${assignedKey}"]`) });
    expect(assignedKey).toBeTruthy();
    await visible(page.locator(`tr[data-ticket-key="${assignedKey}"]`).getByText('Ian', { exact: false }));
    expect(await row.count()).toBeGreaterThanOrEqual(0);

    await page.keyboard.press('/');
    await page.waitForFunction(
      `document.activeElement?.getAttribute('placeholder')?.startsWith('Words from') ?? false`,
    );
    await page.keyboard.press('Escape');
    await page.locator('h1').focus();
    await page.keyboard.press('?');
    const dialog = await visible(page.getByRole('dialog', { name: 'Keyboard shortcuts' }));
    await visible(dialog.getByText('Assign the marked ticket to me'));
    await page.keyboard.press('Escape');
    expect(ian.pageErrors).toEqual([]);
  });

  it('replies with a canned response from the reply box, hands off, and goes back to the queue', async () => {
    const { page } = ian;
    await page.goto('/w/acme/tickets?queue=lane');
    await visible(rows(ian).first());
    await page.keyboard.press('Enter');
    const key = (await activeKey(ian).catch(() => null)) ?? '';
    await page.waitForURL(/\/w\/acme\/tickets\/ACME-\d+$/);
    const ticketKey = page.url().split('/').pop()!;
    expect(key === '' || key === ticketKey).toBe(true);
    const reply = page.getByRole('textbox', { name: 'Reply to the requester' });
    await reply.focus();
    await page.keyboard.type('::on it');
    const picker = await visible(page.getByRole('listbox', { name: 'Canned responses' }));
    await visible(picker.getByRole('option', { name: /We are on it/ }));
    await page.keyboard.press('Enter');
    await expect.poll(() => reply.inputValue(), { timeout: 15_000 }).toContain(`${ticketKey} is with me now`);
    const text = await reply.inputValue();
    expect(text).not.toContain('{{');
    expect(text).not.toContain('::');
    await page.getByRole('button', { name: 'Send public reply' }).focus();
    await page.keyboard.press('Enter');
    await visible(
      page
        .getByRole('list', { name: 'Conversation' })
        .getByText(`${ticketKey} is with me now`, { exact: false }),
    );

    await page.getByRole('button', { name: /Hand off/ }).focus();
    await page.keyboard.press('Enter');
    const dialog = await visible(page.getByRole('dialog', { name: `Hand off ${ticketKey}` }));
    // "Hand to" has focus when the dialog opens.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await dialog.getByRole('textbox', { name: 'Reason' }).focus();
    await page.keyboard.type('Their side owns the line; please check the circuit.');
    await dialog.getByRole('button', { name: 'Hand off' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await visible(page.getByText('Their side owns the line; please check the circuit.'));

    await page.goBack();
    await visible(mainHeading(page, 'Service desk'));
    await visible(rows(ian).first());
    expect(ian.pageErrors).toEqual([]);
  });

  it('applies a macro by keyboard: status, assignee and a filled reply as one change', async () => {
    const { page } = ian;
    await page.goto('/w/acme/tickets?queue=lane');
    await visible(rows(ian).first());
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/w\/acme\/tickets\/ACME-\d+$/);
    const ticketKey = page.url().split('/').pop()!;
    await page.waitForFunction(`document.activeElement?.tagName === 'H1'`);
    const before = (await page.evaluate(
      async (k) => (await fetch(`/api/v1/w/acme/tickets/${k}`)).json(),
      ticketKey,
    )) as { comments: unknown[] };
    await page.keyboard.press('m');
    const menu = await visible(page.getByRole('menu'));
    const take = menu.getByRole('menuitem', { name: /Take it: in progress, mine/ });
    await visible(take);
    // Move to the macro with the arrow keys, then Enter.
    for (let i = 0; i < 10; i++) {
      const focused = await take.evaluate((el) => el === el.ownerDocument.activeElement);
      if (focused) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await visible(page.getByText(`${ticketKey}: “Take it: in progress, mine, “We are on it”” applied`));
    await visible(
      page
        .getByRole('list', { name: 'Conversation' })
        .getByText(`${ticketKey} is with me now`, { exact: false })
        .first(),
    );
    const after = (await page.evaluate(
      async (k) => (await fetch(`/api/v1/w/acme/tickets/${k}`)).json(),
      ticketKey,
    )) as { ticket: { status: string; assignee: { name: string } | null }; comments: unknown[] };
    expect(after.ticket.status).toBe('in_progress');
    expect(after.ticket.assignee?.name).toBe('Ian Cole');
    expect(after.comments.length).toBe(before.comments.length + 1);
    await page.goBack();
    await visible(mainHeading(page, 'Service desk'));
    expect(ian.pageErrors).toEqual([]);
  });

  it('prefills a staff-raised ticket from a template', async () => {
    const { page } = ian;
    await page.goto('/w/acme/tickets/new');
    await page.getByRole('combobox', { name: 'Start from a template' }).click();
    await page.getByRole('option', { name: 'New starter' }).click();
    expect(await page.getByRole('textbox', { name: 'Subject' }).inputValue()).toBe(
      'New starter: accounts, laptop and phone',
    );
    expect(await page.getByRole('textbox', { name: 'Description' }).inputValue()).toContain('Start date:');
    expect(await page.getByRole('combobox', { name: 'Service' }).inputValue()).toBe(
      'Joiners, movers and leavers',
    );
    await page.getByRole('button', { name: 'Raise ticket' }).click();
    await page.waitForURL(/\/w\/acme\/tickets\/ACME-\d+$/);
    const key = page.url().split('/').pop()!;
    const raised = (await page.evaluate(
      async (k) => (await fetch(`/api/v1/w/acme/tickets/${k}`)).json(),
      key,
    )) as { ticket: { subject: string; category: string | null; urgency: string } };
    expect(raised.ticket.subject).toBe('New starter: accounts, laptop and phone');
    expect(raised.ticket.category).toBe('onboarding');
    expect(raised.ticket.urgency).toBe('medium');
    expect(ian.pageErrors).toEqual([]);
  });

  it('looks right in dark mode: queue and ticket page', async () => {
    const { page } = ian;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/w/acme/tickets?queue=lane');
    await visible(rows(ian).first());
    expect(await page.evaluate('document.documentElement.dataset.mantineColorScheme')).toBe('dark');
    await page.screenshot({ path: '/tmp/agent-day-dark-queue.png' });
    await page.keyboard.press('Enter');
    await visible(page.getByRole('heading', { name: 'Conversation' }));
    await visible(page.getByRole('tab', { name: 'Attachments' }));
    await page.screenshot({ path: '/tmp/agent-day-dark-ticket.png' });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(ian.pageErrors).toEqual([]);
  });
});
