import nodemailer from 'nodemailer';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mainHeading,
  newPerson,
  type Person,
  signInAndEnrol,
  startServerAndBrowser,
  visible,
} from './browser.ts';
import { freePort, type RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let alice: Person;
let smtpPort: number;

beforeAll(async () => {
  smtpPort = await freePort();
  ({ server, browser } = await startServerAndBrowser({ env: { SMTP_LISTEN: `127.0.0.1:${smtpPort}` } }));
  alice = await newPerson(browser, server.url);
  await signInAndEnrol(alice.page, 'alice@acme.example');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Rob's mail client: plain SMTP to Tandem's receiver on loopback. */
const send = (message: { subject: string; text: string; inReplyTo?: string }) =>
  nodemailer
    .createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true })
    .sendMail({ from: 'Rob Reyes <rob@acme.example>', to: 'help@acme.example', ...message });

/** Mail is processed by a background job: reload until the locator shows (each load given time to render). */
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
      await page.screenshot({ path: '/tmp/mail-timeout.png', fullPage: true });
      throw new Error(`${what} did not show within 60 s`);
    }
    await page.reload();
  }
}

describe('e-mail to ticket in the browser', () => {
  it('turns a mailed request into a ticket in the lane the map gives, and a reply by e-mail into its comment', async () => {
    const { page } = alice;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'E-mail' }).click();
    await visible(mainHeading(page, 'E-mail'));
    await visible(page.getByText('No mail channel yet'));

    const form = page.getByRole('form', { name: 'Add an SMTP mail channel' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Help desk');
    await form.getByRole('textbox', { name: 'Address' }).fill('help@acme.example');
    await form.getByRole('combobox', { name: 'New mail becomes a request for' }).click();
    await page.getByRole('option', { name: 'Something is not working' }).click();
    await form.getByRole('button', { name: 'Add' }).click();
    await visible(page.getByRole('table', { name: 'Mail channels' }).getByText('help@acme.example'));

    await send({
      subject: 'VPN drops every hour',
      text: 'Since Monday the VPN drops every hour on the hour.',
    });

    // The latest e-mail table names the ticket the message became (the page polls; reload to be sure).
    const latest = page.getByRole('table', { name: 'Latest e-mail' });
    const row = latest.getByRole('row').filter({ hasText: 'VPN drops every hour' });
    await shownAfterReloads(page, row.getByText('New ticket'), 'the mailed request as a ticket');
    await page.screenshot({ path: '/tmp/mail-page.png', fullPage: true });
    const key = (await row.getByRole('link').textContent())!.trim();
    expect(key).toMatch(/^ACME-\d+$/);

    // The ticket the API reports: requested by Rob, on the item's service, in the lane the map routed it to.
    const ticket = await (await page.request.get(`/api/v1/w/acme/tickets/${key}`)).json();
    const detail = ticket.ticket;
    expect(detail.subject).toBe('VPN drops every hour');
    // The lane the map gives the item's service: its one Responsible party, or joint triage.
    const items = (await (await page.request.get('/api/v1/w/acme/catalogue')).json()).items as {
      name: string;
      serviceId: string;
    }[];
    const serviceId = items.find((i) => i.name === 'Something is not working')!.serviceId;
    const map = (await (await page.request.get('/api/v1/w/acme/responsibility/map')).json()) as {
      assignments: { serviceId: string; partyId: string; role: string }[];
    };
    const responsible = [
      ...new Set(
        map.assignments.filter((a) => a.serviceId === serviceId && a.role === 'R').map((a) => a.partyId),
      ),
    ];
    expect(detail.lane).toMatchObject(
      responsible.length === 1 ? { kind: 'party', partyId: responsible[0] } : { kind: 'joint' },
    );
    expect(detail.requester.name).toMatch(/^Rob\b/);
    const laneText = detail.lane.kind === 'joint' ? 'Joint triage' : detail.lane.name;
    expect(laneText).toBeTruthy();

    await row.getByRole('link', { name: key }).click();
    await visible(page.getByRole('heading', { level: 1, name: /VPN drops every hour/ }));
    await visible(page.getByText('Since Monday the VPN drops every hour on the hour.'));
    await visible(page.getByText(laneText, { exact: true }).first());

    // Rob answers from his mail client; the quoted history stays out of the comment.
    await send({
      subject: `Re: [${key}] VPN drops every hour`,
      text: 'It dropped again at 10:15.\n\nOn Mon, Rob Reyes wrote:\n> Since Monday the VPN drops every hour.',
    });
    await shownAfterReloads(
      page,
      page.getByText('It dropped again at 10:15.'),
      'the e-mailed reply on the ticket',
    );
    const after = await (await page.request.get(`/api/v1/w/acme/tickets/${key}`)).json();
    const bodies = ((after.comments ?? []) as { body: string; visibility: string }[]).map((c) => [
      c.body,
      c.visibility,
    ]);
    expect(bodies).toContainEqual(['It dropped again at 10:15.', 'public']);
    await page.screenshot({ path: '/tmp/mail-ticket.png', fullPage: true });
    expect(alice.pageErrors).toEqual([]);
  });
});
