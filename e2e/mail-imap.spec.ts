import { existsSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOVECOT, startDovecot, type TestDovecot } from '../src/test/dovecot.ts';
import {
  mainHeading,
  newPerson,
  type Person,
  signInAndEnrol,
  startServerAndBrowser,
  visible,
} from './browser.ts';
import type { RunningServer } from './server.ts';

// Debian's dovecot-imapd (installed by .ci/run like Chromium), started by the test on a loopback port.
const present = existsSync(DOVECOT);
if (!present)
  console.warn(`SKIPPED e2e/mail-imap.spec.ts: ${DOVECOT} is absent (apt-get install dovecot-imapd).`);

let server: RunningServer;
let browser: Browser;
let alice: Person;
let dovecot: TestDovecot;

beforeAll(async () => {
  if (!present) return;
  dovecot = await startDovecot();
  ({ server, browser } = await startServerAndBrowser());
  alice = await newPerson(browser, server.url);
  await signInAndEnrol(alice.page, 'alice@acme.example');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await dovecot?.stop();
});

/** Rob's mail lands in the hosted mailbox (appended over IMAP, as the mail host's delivery would). */
async function deliver(subject: string, text: string) {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await client.connect();
  await client.append(
    'INBOX',
    [
      'From: Rob Reyes <rob@acme.example>',
      'To: desk@hosted.example',
      `Subject: ${subject}`,
      `Message-ID: <${Date.now()}.imap-e2e@hosted.example>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '',
    ].join('\r\n'),
  );
  await client.logout();
}

/** The poller and the mail job work in the background: reload until the locator shows. */
async function shownAfterReloads(page: Page, locator: Locator, what: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (
      await locator.waitFor({ state: 'visible', timeout: 3000 }).then(
        () => true,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) {
      await page.screenshot({ path: '/tmp/mail-imap-timeout.png', fullPage: true });
      throw new Error(`${what} did not show within 60 s`);
    }
    await page.reload();
  }
}

describe.skipIf(!present)('an IMAP mailbox on the E-mail page', () => {
  it('a lead adds a hosted mailbox, sees it failing with the server’s words, rotates the password, and mail in it becomes a ticket', async () => {
    const { page } = alice;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'E-mail' }).click();
    await visible(mainHeading(page, 'E-mail'));

    const form = page.getByRole('form', { name: 'Add an IMAP mail channel' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Hosted desk mailbox');
    await form.getByRole('textbox', { name: 'IMAP server' }).fill(dovecot.host);
    await form.getByRole('textbox', { name: 'Port' }).fill(String(dovecot.port));
    await form.getByRole('checkbox', { name: 'TLS' }).uncheck();
    await form.getByRole('textbox', { name: 'User name' }).fill(dovecot.user);
    await form.getByLabel('Password', { exact: true }).fill('not-the-password');
    await form.getByRole('combobox', { name: 'New mail becomes a request for' }).click();
    await page.getByRole('option', { name: 'Something is not working' }).click();
    await form.getByRole('button', { name: 'Add mailbox' }).click();

    const table = page.getByRole('table', { name: 'Mail channels' });
    const row = table.getByRole('row').filter({ hasText: 'Hosted desk mailbox' });
    await visible(row);
    // The password is never shown back, not even in the form.
    await expect.poll(() => form.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await page.content()).not.toContain('not-the-password');

    // A wrong password: the channel says it is failing, in Dovecot's own words.
    await shownAfterReloads(page, row.getByText('Failing'), 'the failing state');
    await visible(row.getByText(/Authentication failed/i));

    await row.getByRole('button', { name: 'Rotate the password of Hosted desk mailbox' }).click();
    const dialog = page.getByRole('form', { name: 'Rotate the mailbox password' });
    await dialog.getByLabel('New password').fill(dovecot.password);
    await dialog.getByRole('button', { name: 'Save password' }).click();
    await shownAfterReloads(page, row.getByText('Connected'), 'the connected state');
    await expect(row.getByText(/Authentication failed/i).count()).resolves.toBe(0);

    await deliver('Laptop will not charge', 'The charger light stays off since this morning.');
    const latest = page.getByRole('table', { name: 'Latest e-mail' });
    const mail = latest.getByRole('row').filter({ hasText: 'Laptop will not charge' });
    await shownAfterReloads(page, mail.getByText('New ticket'), 'the mailed request as a ticket');
    const key = (await mail.getByRole('link').textContent())!.trim();
    expect(key).toMatch(/^ACME-\d+$/);
    await shownAfterReloads(page, row.getByText(/1 received · 1 ticket\b/), 'the channel’s counts');
    await page.screenshot({ path: '/tmp/mail-imap-page.png', fullPage: true });

    const ticket = (await (await page.request.get(`/api/v1/w/acme/tickets/${key}`)).json()).ticket;
    expect(ticket.subject).toBe('Laptop will not charge');

    // Paused: the mailbox is no longer polled, and the page says so.
    await row.getByRole('button', { name: 'Pause Hosted desk mailbox' }).click();
    await visible(row.getByText('Paused'));
    await visible(row.getByRole('button', { name: 'Resume Hosted desk mailbox' }));
    expect(alice.pageErrors).toEqual([]);
  });
});
