import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mainHeading,
  newPerson,
  signInAndEnrol,
  signInPasswordOnly,
  startServerAndBrowser,
  visible,
} from './browser.ts';
import { apiSession, freshPostgresDatabase, type RunningServer } from './server.ts';

const SHOTS = process.env.E2E_SHOTS ?? '/tmp';
const LONG_WORD = 'x'.repeat(5_000);
const LONG_SUBJECT = `Unbroken${'y'.repeat(180)}`;

/** Runs against PGlite, and against PostgreSQL too when TEST_DATABASE_URL is set. */
const engines = [
  { name: 'PGlite', pg: false },
  ...(process.env.TEST_DATABASE_URL ? [{ name: 'PostgreSQL', pg: true }] : []),
];

// Evaluated in the page (the e2e tsconfig has no DOM types).
const pageWidth = (page: Page) =>
  page.evaluate('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })') as Promise<{
    scroll: number;
    inner: number;
  }>;

describe.each(engines)('rough edges in the browser ($name)', ({ pg }) => {
  let server: RunningServer;
  let browser: Browser;
  let drop: (() => Promise<void>) | undefined;
  let ticketPath = '';

  beforeAll(async () => {
    const database = pg ? await freshPostgresDatabase() : null;
    drop = database?.drop;
    ({ server, browser } = await startServerAndBrowser(database ? { databaseUrl: database.url } : {}));
    const session = await apiSession(server.url, 'ian@acme.example');
    const map = (await (
      await fetch(`${server.url}/api/v1/w/acme/responsibility/map`, { headers: session.headers })
    ).json()) as { services: Array<{ id: string }> };
    const created = await fetch(`${server.url}/api/v1/w/acme/tickets`, {
      method: 'POST',
      headers: session.headers,
      body: JSON.stringify({ serviceId: map.services[0]!.id, subject: LONG_SUBJECT, description: LONG_WORD }),
    });
    expect(created.status).toBe(201);
    ticketPath = `/w/acme/tickets/${((await created.json()) as { ticket: { key: string } }).ticket.key}`;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await drop?.();
  });

  it('keeps the page width with a 5,000-character word at 1440 and at 390 px', {
    timeout: 120_000,
  }, async () => {
    for (const width of [1440, 390]) {
      const ian = await newPerson(browser, server.url, { width, height: 900 });
      await signInPasswordOnly(ian.page, 'ian@acme.example');
      for (const path of [ticketPath, '/w/acme/tickets']) {
        await ian.page.goto(path);
        await visible(ian.page.getByRole('heading', { level: 1 }));
        await ian.page.waitForLoadState('networkidle');
        const { scroll, inner } = await pageWidth(ian.page);
        expect(scroll, `${path} at ${width} px`).toBeLessThanOrEqual(inner);
      }
      expect(ian.pageErrors).toEqual([]);
      await ian.context.close();
    }
  });

  it('names the lane tab the same for both parties and shows statuses in words on a system page', {
    timeout: 90_000,
  }, async () => {
    for (const email of ['ian@acme.example']) {
      const person = await newPerson(browser, server.url, { width: 1440, height: 900 });
      await signInPasswordOnly(person.page, email);
      await person.page.goto('/w/acme/tickets');
      await visible(person.page.getByRole('tab', { name: 'My party’s lane' }));
      expect(await person.page.getByRole('tab', { name: 'Internal lane' }).count()).toBe(0);
      await person.page.goto('/w/acme/systems');
      await person.page.getByRole('main').getByRole('link').first().click();
      await visible(person.page.getByRole('heading', { name: 'Recovery procedure' }));
      await person.page.waitForLoadState('networkidle');
      const text = await person.page.getByRole('main').textContent();
      expect(text).not.toMatch(/\([a-z]+_[a-z_]+\)/);
      await person.context.close();
    }
  });

  it('offers "Declare major incident" on a ticket only to who may declare, and names them to others', {
    timeout: 60_000,
  }, async () => {
    const ian = await newPerson(browser, server.url);
    await signInPasswordOnly(ian.page, 'ian@acme.example');
    await ian.page.goto(ticketPath);
    await visible(ian.page.getByText(/Major incidents are declared by the internal IT lead/));
    expect(await ian.page.getByRole('link', { name: 'Declare major incident' }).count()).toBe(0);
    await ian.context.close();
  });

  it('says "Check for recurrence now" is running, then what it found, without a reload', {
    timeout: 90_000,
  }, async () => {
    const ian = await newPerson(browser, server.url);
    await signInPasswordOnly(ian.page, 'ian@acme.example');
    await ian.page.goto('/w/acme/problems');
    // The check can finish before the page next asks for the runs, and then "Checking…" is on screen
    // for a few milliseconds: the runs' answers are held until the test has seen it.
    let seen!: () => void;
    const checkingSeen = new Promise<void>((resolve) => {
      seen = resolve;
    });
    const button = ian.page.getByRole('button', { name: 'Check for recurrence now' });
    await expect.poll(() => button.isEnabled()).toBe(true);
    await ian.page.route(/\/recurrence\/runs$/, async (route) => {
      if (route.request().method() === 'GET') await checkingSeen;
      await route.continue();
    });
    await button.click();
    await visible(ian.page.getByRole('status').getByText('Checking recent tickets for recurrence…'));
    seen();
    await ian.page
      .getByRole('status')
      .getByText(/^Check finished: \d+ recent tickets? compared, /)
      .waitFor({ state: 'visible', timeout: 60_000 });
    expect(ian.pageErrors).toEqual([]);
    await ian.context.close();
  });

  it('shows the subject limit as people type and refuses an over-long one with a message', {
    timeout: 60_000,
  }, async () => {
    const ian = await newPerson(browser, server.url);
    await signInPasswordOnly(ian.page, 'ian@acme.example');
    await ian.page.goto('/w/acme/tickets/new');
    const subject = ian.page.getByRole('textbox', { name: 'Subject' });
    await subject.fill('Printer jam');
    await visible(ian.page.getByText('11 / 200 characters'));
    // A long paste is kept whole (not cut silently) and refused in words.
    await subject.fill('z'.repeat(250));
    expect((await subject.inputValue()).length).toBe(250);
    await visible(ian.page.getByText('At most 200 characters: remove 50.'));
    await ian.context.close();
  });

  it('keeps a pasted over-long canned-response title whole, refuses it in words and saves nothing', {
    timeout: 60_000,
  }, async () => {
    // Canned responses are kept by a party's lead; the lead signs in with MFA.
    const alice = await newPerson(browser, server.url);
    await signInAndEnrol(alice.page, 'alice@acme.example');
    await alice.page.goto('/w/acme/canned-responses');
    await alice.page.getByRole('button', { name: 'New canned response' }).click();
    const dialog = await visible(alice.page.getByRole('dialog'));
    const title = dialog.getByRole('textbox', { name: 'Title' });
    // 150 characters where the API takes 120: a `maxLength` would have cut it to 120 without a word.
    const long = `Pasted ${'p'.repeat(143)}`;
    await title.fill(long);
    expect(await title.inputValue()).toBe(long);
    await visible(dialog.getByText('At most 120 characters: remove 30.'));
    await visible(dialog.getByText('150 / 120 characters'));
    await dialog.getByRole('textbox', { name: 'Text' }).fill('Hello');
    await dialog.getByRole('button', { name: 'Create canned response' }).click();
    // Refused: the dialog stays open and nothing was saved, whole or cut.
    await visible(dialog.getByText('At most 120 characters: remove 30.'));
    const list = (await alice.page.evaluate(async () =>
      (await fetch('/api/v1/w/acme/canned-responses')).json(),
    )) as { items: Array<{ title: string }> };
    expect(list.items.filter((r) => r.title.startsWith('Pasted pp'))).toEqual([]);
    expect(alice.pageErrors).toEqual([]);
    await alice.context.close();
  });

  it('names the number inputs’ stepper buttons, and they step the value', { timeout: 60_000 }, async () => {
    const ian = await newPerson(browser, server.url);
    await signInPasswordOnly(ian.page, 'ian@acme.example');
    await ian.page.goto(ticketPath);
    // Time sits in a tab beside the conversation.
    await ian.page.getByRole('tab', { name: 'Time' }).click();
    const minutes = ian.page.getByRole('textbox', { name: 'Minutes' });
    await minutes.fill('5');
    await ian.page.getByRole('button', { name: 'Increase Minutes' }).click();
    expect(await minutes.inputValue()).toBe('6');
    await ian.page.getByRole('button', { name: 'Decrease Minutes' }).click();
    await ian.page.getByRole('button', { name: 'Decrease Minutes' }).click();
    expect(await minutes.inputValue()).toBe('4');
    await ian.context.close();
  });

  it('finds “printer” in the catalogue, and falls back to the knowledge base when no item matches', {
    timeout: 60_000,
  }, async () => {
    const rob = await newPerson(browser, server.url);
    await signInPasswordOnly(rob.page, 'rob@acme.example');
    await rob.page.goto('/w/acme/portal?q=printer');
    await visible(rob.page.getByText('Something is not working').first());
    await rob.page.goto('/w/acme/portal?q=printing');
    const fallback = rob.page.getByRole('region', { name: 'From the knowledge base' });
    await visible(fallback.getByRole('link', { name: 'Print from your own phone' }));
    await rob.context.close();
  });

  it('tells a requester who opens a staff page what it is, with its title and no data', {
    timeout: 90_000,
  }, async () => {
    const rob = await newPerson(browser, server.url);
    await signInPasswordOnly(rob.page, 'rob@acme.example');
    const pages = [
      ['risks', 'Risks', 'The risk register is for IT staff'],
      ['obligations', 'Obligations', 'Obligations are run by IT staff'],
      ['incidents', 'Major incidents', 'Major incidents are run by IT staff'],
      ['reviews', 'Service reviews', 'Service reviews are for the IT leads and staff'],
      ['backlog', 'Improvement backlog', 'The improvement backlog is visible to IT staff'],
      ['sla', 'SLAs and cover', 'SLA settings are for IT staff'],
      ['change-calendar', 'Change calendar', 'The change calendar is for IT staff'],
    ] as const;
    for (const [path, title, notice] of pages) {
      await rob.page.goto(`/w/acme/${path}`);
      await visible(mainHeading(rob.page, title));
      await visible(rob.page.getByText(notice));
      expect(await rob.page.getByRole('table').count()).toBe(0);
    }
    expect(rob.pageErrors).toEqual([]);
    await rob.context.close();
  });

  it('answers an empty sign-in form in words', { timeout: 60_000 }, async () => {
    const person = await newPerson(browser, server.url);
    await person.page.goto('/login');
    await person.page.getByRole('button', { name: 'Sign in' }).click();
    await visible(person.page.getByText('Enter your email address.'));
    await visible(person.page.getByText('Enter your password.'));
    expect(await person.page.getByText(/expected string|too small|invalid/i).count()).toBe(0);
    await person.context.close();
  });

  it('follows a dark device preference, and the account menu switches to light', {
    timeout: 120_000,
  }, async () => {
    const ian = await newPerson(browser, server.url, { width: 1440, height: 900 });
    await ian.page.emulateMedia({ colorScheme: 'dark' });
    const { page } = ian;
    await signInPasswordOnly(page, 'ian@acme.example');
    const scheme = () => page.evaluate('document.documentElement.dataset.mantineColorScheme');
    expect(await scheme()).toBe('dark');
    await page.goto('/w/acme/tickets');
    await visible(page.getByRole('heading', { level: 1 }));
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${SHOTS}/rough-edges-dark-queue${pg ? '-pg' : ''}.png` });
    await page.goto(ticketPath);
    await visible(page.getByRole('heading', { level: 1, name: LONG_SUBJECT }));
    await page.screenshot({ path: `${SHOTS}/rough-edges-dark-ticket${pg ? '-pg' : ''}.png` });
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Light mode' }).click();
    expect(await scheme()).toBe('light');
    // The choice is remembered on this device.
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: LONG_SUBJECT }));
    expect(await scheme()).toBe('light');
    expect(ian.pageErrors).toEqual([]);
    await ian.context.close();
  });
});
