import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mainHeading,
  newPerson,
  type Person,
  signInAndEnrol,
  startServerAndBrowser,
  visible,
} from './browser.ts';
import type { RunningServer } from './server.ts';

// Issue #17: canned responses are kept on their own page. Alice (Acme's internal lead) writes one
// for the whole desk, inserts it in a ticket's reply box (placeholders filled for that ticket), sees
// its usage count go up on the page, and deletes it.

let server: RunningServer;
let browser: Browser;
let alice: Person;
const TITLE = 'Printer checked remotely';

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  alice = await newPerson(browser, server.url, { width: 1440, height: 900 });
  await signInAndEnrol(alice.page, 'alice@acme.example');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('canned responses in the browser', () => {
  it('creates one on its page, inserts it in a reply, counts the use and deletes it', async () => {
    const { page } = alice;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Canned responses' })
      .click();
    await visible(mainHeading(page, 'Canned responses'));
    const table = page.getByRole('table', { name: 'Canned responses' });
    // The demo's own, with who reads it and how often it was used.
    const demoRow = table.getByRole('row', { name: /We are on it/ });
    await visible(demoRow.getByRole('cell', { name: 'Public reply (the requester too)' }));

    await page.getByRole('button', { name: 'New canned response' }).click();
    const dialog = await visible(page.getByRole('dialog'));
    await dialog.getByRole('textbox', { name: 'Title' }).fill(TITLE);
    await dialog
      .getByRole('textbox', { name: 'Who can use it' })
      .or(dialog.getByRole('combobox', { name: 'Who can use it' }))
      .first()
      .click();
    await page.getByRole('option', { name: 'Everyone on the desk', exact: true }).click();
    // The help lists the server's placeholders; one is inserted with its button, at the caret.
    await visible(dialog.getByText("the requester's first name", { exact: false }));
    const text = dialog.getByRole('textbox', { name: 'Text' });
    await text.fill('Hi {{requester.firstName}}, I checked the printer for ');
    await dialog.getByRole('button', { name: 'Insert {{ticket.key}}' }).click();
    expect(await text.inputValue()).toBe(
      'Hi {{requester.firstName}}, I checked the printer for {{ticket.key}}',
    );
    await text.press('End');
    await text.pressSequentially('. {{agent.firstName}}');
    await dialog.getByRole('button', { name: 'Create canned response' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = table.getByRole('row', { name: new RegExp(TITLE) });
    await visible(row);
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      TITLE,
      'Public reply (the requester too)',
      'Everyone',
      '0',
      'The internal lead',
      expect.stringContaining('Edit'),
    ]);

    // Insert it in the reply box of an open ticket of Acme IT's lane.
    const found = (await page.evaluate(async () => {
      const open = await (await fetch('/api/v1/w/acme/tickets?queue=lane&status=in_progress&limit=1')).json();
      const key = (open as { items: { key: string }[] }).items[0]!.key;
      const ticket = await (await fetch(`/api/v1/w/acme/tickets/${key}`)).json();
      const me = await (await fetch('/api/v1/me')).json();
      const requester = (ticket as { ticket: { requester: { name: string } } }).ticket.requester.name;
      return { key, requester, agent: (me as { account: { name: string } }).account.name };
    })) as { key: string; requester: string; agent: string };
    await page.goto(`/w/acme/tickets/${found.key}`);
    const reply = await visible(page.getByRole('textbox', { name: 'Reply to the requester' }));
    await reply.focus();
    await page.keyboard.type('::printer checked');
    const picker = await visible(page.getByRole('listbox', { name: 'Canned responses' }));
    await visible(picker.getByRole('option', { name: new RegExp(TITLE) }));
    await page.keyboard.press('Enter');
    const first = (name: string) => name.trim().split(/\s+/)[0];
    const filled = `Hi ${first(found.requester)}, I checked the printer for ${found.key}. ${first(found.agent)}`;
    await expect.poll(() => reply.inputValue(), { timeout: 15_000 }).toBe(filled);

    await page.goto('/w/acme/canned-responses');
    await visible(mainHeading(page, 'Canned responses'));
    await expect
      .poll(async () => (await row.getByRole('cell').allTextContents())[3], { timeout: 15_000 })
      .toBe('1');

    await row.getByRole('button', { name: `Delete ${TITLE}` }).click();
    await page.getByRole('button', { name: 'Delete canned response' }).click();
    await row.waitFor({ state: 'detached' });
    await visible(page.getByText(`Canned response “${TITLE}” deleted.`));
    expect(alice.pageErrors).toEqual([]);
  });
});
