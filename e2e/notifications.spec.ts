import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/domain/notifications.ts';
import {
  mainHeading,
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
let ian: Person;
let alice: Person;
let receiver: Server;
let receiverUrl = '';
const hits: { headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hits.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/tandem`;
  // The test receiver listens on loopback, which webhooks reach only when the operator allows it.
  ({ server, browser } = await startServerAndBrowser({ env: { TANDEM_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } }));
  [ian, alice] = await Promise.all([newPerson(browser, server.url), newPerson(browser, server.url)]);
  await signInPasswordOnly(ian.page, 'ian@acme.example');
  await signInAndEnrol(alice.page, 'alice@acme.example');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('notifications in the browser', () => {
  it('shows unread notifications on the bell, lists them and marks them all read', async () => {
    const { page } = ian;
    const bell = await visible(page.getByRole('link', { name: /^Notifications, \d+ unread$/ }));
    await bell.click();
    await visible(mainHeading(page, 'Notifications'));
    await visible(page.getByRole('list', { name: 'Notifications' }).getByRole('listitem').first());
    await page.screenshot({ path: '/tmp/notifications-page.png', fullPage: true });
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await visible(page.getByRole('link', { name: 'Notifications, none unread' }));
    await page.locator('label', { hasText: /^Unread/ }).click();
    await visible(page.getByText('Nothing unread'));
    expect(ian.pageErrors).toEqual([]);
  });

  it('saves notification choices in My account', async () => {
    const { page } = ian;
    await page.goto('/account');
    const section = await visible(page.getByRole('region', { name: 'Notifications' }));
    await section
      .getByRole('switch', { name: 'A ticket is assigned to me: show in Tandem' })
      .click({ force: true });
    await section.getByRole('button', { name: 'Save choices' }).click();
    await visible(page.getByText('Notification choices saved.'));
    await page.reload();
    const again = await visible(page.getByRole('region', { name: 'Notifications' }));
    await visible(again.getByRole('switch', { name: 'A ticket is assigned to me: show in Tandem' }));
    expect(
      await again.getByRole('switch', { name: 'A ticket is assigned to me: show in Tandem' }).isChecked(),
    ).toBe(false);
    expect(ian.pageErrors).toEqual([]);
  });

  it('lets the internal lead add a webhook, copy its secret once, ping it and read the delivery log', async () => {
    const { page } = alice;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await visible(mainHeading(page, 'Webhooks and deliveries'));
    // The demo's paused chat endpoint with its past deliveries.
    await visible(page.getByText('https://chat.acme.example/hooks/tandem'));
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByRole('textbox', { name: 'URL' }).fill('ftp://nope.example');
    await page.getByRole('button', { name: 'Add endpoint', exact: true }).last().click();
    await visible(page.getByText('must use http:// or https://'));
    // Inside the server's network (cloud metadata): refused with the reason, next to the field.
    await page.getByRole('textbox', { name: 'URL' }).fill('http://169.254.169.254/latest/meta-data');
    await page.getByRole('button', { name: 'Add endpoint', exact: true }).last().click();
    await visible(page.getByText(/169\.254\.169\.254 is a link-local address/));
    await page.screenshot({ path: '/tmp/webhook-internal-refused.png' });
    await page.getByRole('textbox', { name: 'URL' }).fill(receiverUrl);
    await page.getByRole('button', { name: 'Add endpoint', exact: true }).last().click();
    const secret = await (await visible(page.getByRole('textbox', { name: 'Signing secret' }))).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row').filter({ hasText: receiverUrl });
    await row.getByRole('button', { name: 'Delivery log' }).click();
    await page.getByRole('button', { name: 'Send a test ping' }).click();
    await visible(page.getByRole('table', { name: 'Delivery log' }).getByText('succeeded'));
    expect(hits).toHaveLength(1);
    const hit = hits[0]!;
    expect(hit.headers['tandem-event']).toBe('webhook.ping');
    expect(
      verifyWebhookSignature(
        secret,
        hit.body,
        hit.headers['tandem-signature'] as string,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    await page.getByRole('button', { name: /^Redeliver webhook.ping/ }).click();
    await expect.poll(() => hits.length, { timeout: 15_000 }).toBe(2);
    await page.screenshot({ path: '/tmp/webhooks-page.png', fullPage: true });
    expect(alice.pageErrors).toEqual([]);
  });
});
