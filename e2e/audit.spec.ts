import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mainHeading,
  navigationLoaded,
  newPerson,
  type Person,
  signInAndEnrol,
  signInPasswordOnly,
  startServerAndBrowser,
  visible,
} from './browser.ts';
import type { RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
/** Alice, Acme's internal IT lead (the one role that reads the audit log), with two-step sign-in. */
let alice: Person;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  alice = await newPerson(browser, server.url);
  await signInAndEnrol(alice.page, 'alice@acme.example');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const events = (page: Page) => page.getByRole('list', { name: 'Audit events' }).getByRole('listitem');
/** Each row's action, as shown in its summary button. */
const shownActions = (page: Page) => events(page).locator('button[aria-expanded] code').allTextContents();

describe('audit log in the browser', () => {
  it('shows the internal lead the workspace’s events, filters them by action and expands one', async () => {
    const { page, pageErrors } = alice;
    const nav = await navigationLoaded(page);
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(/\/w\/acme\/audit/);
    await visible(mainHeading(page, 'Audit log'));

    // The newest page holds the demo's latest work of several kinds (its first events, the
    // workspace and its members, are pages further back: the filter below finds them).
    await visible(events(page).first());
    const all = await shownActions(page);
    expect(all.length).toBeGreaterThan(10);
    expect(new Set(all).size).toBeGreaterThan(1);

    const filters = page.getByRole('search', { name: 'Filter the audit log' });
    await filters.getByRole('combobox', { name: 'Action' }).fill('member.added');
    await page.keyboard.press('Escape');
    await page.waitForURL(/[?&]action=member\.added/);
    // Only matching rows remain: at least Acme's seven demo seats, and nothing else.
    const onlyMemberAdded = async () => {
      const actions = await shownActions(page);
      return actions.length >= 7 && actions.every((action) => action === 'member.added');
    };
    await expect.poll(onlyMemberAdded, { timeout: 15_000 }).toBe(true);
    await visible(page.getByText('That is the beginning of the log for these filters.'));

    // Expanding a row shows what changed: nothing before, the new membership after.
    const row = events(page).filter({ hasText: 'Alice Hart' }).first();
    const summary = row.getByRole('button', { expanded: false });
    await summary.click();
    await visible(row.getByRole('button', { expanded: true }));
    await visible(row.getByText('Before', { exact: true }));
    await visible(row.getByText('Nothing', { exact: true }));
    await visible(row.getByText('After', { exact: true }));
    const after = (await row.locator('pre').textContent()) ?? '';
    const membership = JSON.parse(after) as Record<string, unknown>;
    expect(membership).toMatchObject({ status: 'active' });
    expect(['agent', 'lead', 'requester']).toContain(membership.role);
    await visible(row.getByRole('button', { name: 'Everything by Alice Hart' }));

    // The filter lives in the address: a reload shows the same rows.
    await page.reload();
    await visible(events(page).first());
    expect(await onlyMemberAdded()).toBe(true);
    expect(await filters.getByRole('combobox', { name: 'Action' }).inputValue()).toBe('member.added');

    // An end before the start is said on the input; the API (which would refuse it) is not asked.
    const asked: string[] = [];
    const record = (request: { url(): string }) => {
      if (new URL(request.url()).pathname.endsWith('/acme/audit')) asked.push(request.url());
    };
    const fromAnswered = page.waitForResponse(
      (response) => /\/acme\/audit\?/.test(response.url()) && response.url().includes('from=2026-12-05'),
    );
    await filters.getByRole('textbox', { name: 'From' }).fill('2026-12-05');
    expect((await fromAnswered).status()).toBe(200);
    page.on('request', record);
    await filters.getByRole('textbox', { name: 'To' }).fill('2026-12-01');
    await page.waitForURL(/[?&]to=2026-12-01/);
    await visible(filters.getByText('Must be on or after the start date'));
    expect(await page.getByRole('alert').filter({ hasText: 'That did not work' }).count()).toBe(0);
    expect(await events(page).count()).toBe(0);
    page.off('request', record);
    expect(asked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('gives an internal agent no Audit log link, and shows the refusal instead of events at its address', async () => {
    const ian = await newPerson(browser, server.url);
    const { page, pageErrors } = ian;
    await signInPasswordOnly(page, 'ian@acme.example');
    const nav = await navigationLoaded(page);
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);

    await page.goto('/w/acme/audit');
    await visible(mainHeading(page, 'Audit log'));
    await visible(page.getByText('The audit log is for the internal IT lead'));
    expect(await page.getByRole('list', { name: 'Audit events' }).count()).toBe(0);
    expect(await page.getByText('member.added').count()).toBe(0);
    // The server refuses him too; the page is not merely hiding data it received.
    const answer = await page.evaluate(async () => (await fetch('/api/v1/w/acme/audit')).status);
    expect(answer).toBe(403);
    expect(pageErrors).toEqual([]);
    await ian.context.close();
  });
});
