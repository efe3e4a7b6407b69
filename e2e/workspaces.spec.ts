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
/** Nora, provider lead serving Acme Manufacturing and Bramble Foods, signed in with two-step sign-in. */
let nora: Person;

const WORKSPACES: Record<string, string> = { acme: 'Acme Manufacturing', bramble: 'Bramble Foods' };

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  nora = await newPerson(browser, server.url);
  await signInAndEnrol(nora.page, 'nora@northwind.example');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const currentSlug = (page: Page) => /\/w\/([a-z0-9-]+)/.exec(new URL(page.url()).pathname)?.[1] ?? '';

describe('workspaces in the browser', () => {
  it('switches a provider lead from one client’s workspace to the other with the switcher', async () => {
    const { page, pageErrors } = nora;
    const from = currentSlug(page);
    expect(Object.keys(WORKSPACES)).toContain(from);
    const to = from === 'acme' ? 'bramble' : 'acme';
    await visible(mainHeading(page, WORKSPACES[from]!));

    const switcher = page.getByRole('combobox', { name: 'Workspace' });
    expect(await switcher.inputValue()).toBe(WORKSPACES[from]);
    await switcher.click();
    // Both workspaces are offered, each with her role and party.
    await visible(page.getByRole('option', { name: WORKSPACES[from] }));
    const other = await visible(page.getByRole('option', { name: WORKSPACES[to] }));
    expect(await other.textContent()).toContain('Lead, Northwind IT Services');
    await other.click();

    await page.waitForURL(new RegExp(`/w/${to}$`));
    await visible(mainHeading(page, WORKSPACES[to]!));
    expect(await mainHeading(page, WORKSPACES[from]!).count()).toBe(0);
    expect(await switcher.inputValue()).toBe(WORKSPACES[to]);

    // And back again.
    await switcher.click();
    await page.getByRole('option', { name: WORKSPACES[from] }).click();
    await page.waitForURL(new RegExp(`/w/${from}$`));
    await visible(mainHeading(page, WORKSPACES[from]!));
    expect(pageErrors).toEqual([]);
  });

  it('shows a provider lead no Audit log link, in either workspace', async () => {
    const { page, pageErrors } = nora;
    for (const slug of Object.keys(WORKSPACES)) {
      await page.goto(`/w/${slug}`);
      await visible(mainHeading(page, WORKSPACES[slug]!));
      const nav = await navigationLoaded(page);
      await visible(nav.getByRole('link', { name: 'Home' }));
      await visible(nav.getByRole('link', { name: 'My account' }));
      expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    }
    expect(pageErrors).toEqual([]);
  });

  it('gives a lead serving two workspaces one queue of both, and opens a ticket in its own workspace', async () => {
    const { page, pageErrors } = nora;
    await page.goto('/w/acme/tickets');
    await visible(mainHeading(page, 'Service desk'));
    await page.getByRole('link', { name: 'All my workspaces' }).click();
    await page.waitForURL(/\/queue$/);
    await visible(mainHeading(page, 'All my workspaces'));
    const list = await visible(page.getByRole('list', { name: 'Tickets' }));
    await visible(list.getByRole('listitem').first());

    // The page shows the API's order (most urgent first), each row naming its workspace.
    const api = await page.evaluate(async () => {
      const response = await fetch('/api/v1/queue?limit=100');
      return (await response.json()) as {
        items: { key: string; subject: string; workspace: { slug: string } }[];
      };
    });
    const rows = await list.getByRole('listitem').allTextContents();
    expect(rows).toHaveLength(api.items.length);
    for (const [i, item] of api.items.slice(0, 10).entries()) {
      expect(rows[i]).toContain(`${WORKSPACES[item.workspace.slug]} · ${item.key}`);
      expect(rows[i]).toContain(item.subject);
    }
    expect(new Set(api.items.map((item) => item.workspace.slug))).toEqual(new Set(Object.keys(WORKSPACES)));
    await visible(page.getByText(`${api.items.length} open tickets shown.`, { exact: true }));

    // A Bramble ticket opens in Bramble's desk.
    const bramble = api.items.find((item) => item.workspace.slug === 'bramble')!;
    await list.getByRole('link', { name: bramble.subject, exact: true }).first().click();
    await page.waitForURL(new RegExp(`/w/bramble/tickets/${bramble.key}$`));
    await visible(page.getByRole('heading', { level: 1, name: new RegExp(bramble.subject.slice(0, 20)) }));
    expect(pageErrors).toEqual([]);
  });

  it('explains what to do on an empty change list, change calendar and risk register (issue #12)', async () => {
    // Bramble's demo has no changes and no risks yet.
    const { page, pageErrors } = nora;
    await page.goto('/w/bramble/changes');
    await visible(mainHeading(page, 'Changes'));
    await visible(page.getByText('No changes yet', { exact: true }));
    await visible(page.getByText(/^Raise a change for planned work on a service or system/));
    await page.goto('/w/bramble/change-calendar');
    await visible(page.getByText('No changes in this period', { exact: true }));
    await page.goto('/w/bramble/risks');
    await visible(mainHeading(page, 'Risks'));
    await visible(page.getByText('No risks recorded yet', { exact: true }));
    await visible(page.getByText(/^Raise a risk when you find something that could hurt the business/));
    expect(pageErrors).toEqual([]);
  });

  it('opens the navigation from the burger menu on a 390 px wide phone', async () => {
    // The same signed-in session, on a phone.
    const phone = await newPerson(browser, server.url, { width: 390, height: 844 });
    await phone.context.addCookies(await nora.context.cookies());
    const { page, pageErrors } = phone;
    await page.goto('/w/acme');
    await visible(mainHeading(page, 'Acme Manufacturing'));

    const nav = page.getByRole('navigation', { name: 'Main' });
    const membersLink = nav.getByRole('link', { name: 'Members & parties' });
    const navOnScreen = async () => {
      const box = await page.locator('#app-navigation').boundingBox();
      return box !== null && box.x >= 0 && box.x + box.width <= 390;
    };
    const focusInNavigation = async () => (await page.locator('#app-navigation:focus-within').count()) > 0;

    // Closed: the navigation is off screen, the header has no switcher, and the keyboard skips the
    // hidden links (from the burger, Tab goes to the account menu and then past the navigation).
    const burger = await visible(page.getByRole('button', { name: 'Open navigation' }));
    expect(await burger.getAttribute('aria-expanded')).toBe('false');
    expect(await navOnScreen()).toBe(false);
    expect(await page.getByRole('banner').getByRole('combobox', { name: 'Workspace' }).count()).toBe(0);
    await burger.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusInNavigation()).toBe(false);

    await burger.click();
    const close = await visible(page.getByRole('button', { name: 'Close navigation' }));
    expect(await close.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(navOnScreen, { timeout: 15_000 }).toBe(true);
    // On a phone the workspace switcher lives in the navigation, and the links can be reached.
    await visible(nav.getByRole('combobox', { name: 'Workspace' }));
    await visible(membersLink);
    await membersLink.focus();
    expect(await focusInNavigation()).toBe(true);

    await membersLink.click();
    await page.waitForURL(/\/w\/acme\/members/);
    await visible(mainHeading(page, 'Members & parties'));
    // Having picked where to go, the navigation closes again.
    await visible(page.getByRole('button', { name: 'Open navigation' }));
    await expect.poll(navOnScreen, { timeout: 15_000 }).toBe(false);
    expect(pageErrors).toEqual([]);
    await phone.context.close();
  });

  it('shows a requester each request’s whole status on a 390 px wide phone', async () => {
    const phone = await newPerson(browser, server.url, { width: 390, height: 844 });
    const { page, pageErrors } = phone;
    await signInPasswordOnly(page, 'tara@acme.example');
    await page.goto('/w/acme/portal/requests');
    const list = await visible(page.getByRole('list', { name: 'My requests' }));
    await visible(list.getByRole('listitem').first());
    // Squeezed beside a long subject, a badge showed "Being wor…" and "Waiting for y…".
    const clipped = await list
      .locator('.mantine-Badge-label')
      .evaluateAll((labels) =>
        labels.filter((l) => l.scrollWidth > l.clientWidth).map((l) => l.textContent ?? ''),
      );
    expect(clipped).toEqual([]);
    expect(pageErrors).toEqual([]);
    await phone.context.close();
  });
});
