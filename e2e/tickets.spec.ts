import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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
let rob: Person;
let ed: Person;
let ian: Person;

const SUBJECT = 'Laptop hinge cracked on my ThinkPad';

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  [rob, ed, ian] = await Promise.all([
    newPerson(browser, server.url),
    newPerson(browser, server.url),
    newPerson(browser, server.url),
  ]);
  await signInPasswordOnly(rob.page, 'rob@acme.example');
  await signInAndEnrol(ed.page, 'ed@northwind.example');
  await signInPasswordOnly(ian.page, 'ian@acme.example');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the shared service desk in the browser', () => {
  let ticketPath = '';

  it('lets a requester ask through the portal, and routes the ticket to the lane the map says', async () => {
    const { page } = rob;
    await page.goto('/w/acme/portal');
    await page.getByRole('link', { name: 'New or replacement device' }).click();
    await page.getByRole('textbox', { name: 'Subject' }).fill(SUBJECT);
    await page
      .getByRole('textbox', { name: 'Description' })
      .fill('The left hinge cracked; the screen wobbles.');
    await page.getByRole('combobox', { name: 'Device' }).click();
    await page.getByRole('option', { name: 'Laptop' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await visible(page.getByRole('heading', { level: 1, name: SUBJECT }));
    ticketPath = new URL(page.url()).pathname.split('/').pop()!;
    expect(ticketPath).toMatch(/^ACME-\d+$/);

    // Endpoint management is Northwind's lane in the demo map; the engineer sees why.
    await ed.page.goto(`/w/acme/tickets/${ticketPath}`);
    await visible(ed.page.getByRole('heading', { level: 1, name: SUBJECT }));
    await visible(
      ed.page.getByText(
        /Routed to Northwind IT Services lane: Endpoint management, Responsible = Northwind IT Services/,
      ),
    );
  });

  it('lets the provider engineer hand it to internal IT with a reason while the requester replies, and internal IT resolve it', async () => {
    const { page } = ed;
    await page.getByRole('button', { name: 'Hand off…' }).click();
    await page.getByRole('combobox', { name: 'Hand to' }).click();
    await page.getByRole('option', { name: /Acme IT/ }).click();
    await page
      .getByRole('textbox', { name: 'Reason' })
      .fill('Warranty claims go through Acme IT’s supplier account.');

    // Meanwhile the requester replies from the request's page: shown in the conversation, and the
    // box empties.
    const reply = rob.page.getByRole('textbox', { name: 'Your reply' });
    await reply.fill('It is the 14-inch one, bought in 2023.');
    await rob.page.getByRole('button', { name: 'Send reply' }).click();
    await visible(rob.page.getByText('It is the 14-inch one, bought in 2023.'));
    await expect.poll(() => reply.inputValue()).toBe('');

    // The reply changed nothing the engineer edits: the hand-off made on the ticket as read is
    // saved, not refused as stale, and the engineer's page then shows the reply.
    await page.getByRole('button', { name: 'Hand off', exact: true }).click();
    await visible(page.getByText(new RegExp(`${ticketPath} handed to Acme IT`)));
    expect(await page.getByText('Changed by someone else — reload').count()).toBe(0);
    await visible(page.getByText('It is the 14-inch one, bought in 2023.'));

    const desk = ian.page;
    await desk.goto(`/w/acme/tickets/${ticketPath}`);
    await visible(desk.getByText('Warranty claims go through Acme IT’s supplier account.').first());
    await desk.getByRole('combobox', { name: 'Status' }).click();
    await desk.getByRole('option', { name: 'Resolved' }).click();
    await visible(desk.getByText(new RegExp(`${ticketPath}: status is now resolved`)));
  });

  it('lets the requester rate the resolved request, once', async () => {
    const { page } = rob;
    await page.goto(`/w/acme/portal/requests/${ticketPath}`);
    await page.getByRole('radio', { name: /1 of 5 stars/ }).focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.getByRole('textbox', { name: 'Comment' }).fill('Sorted quickly, thank you');
    await page.getByRole('button', { name: 'Send rating' }).click();
    // The form's own legend also says "Your rating (1 to 5 stars)"; wait for the saved rating.
    await visible(page.getByRole('heading', { name: 'Your rating', exact: true }));
    await visible(page.getByText('5 out of 5 · Very good'));
    const detail = (await page.evaluate(
      async (key) => (await fetch(`/api/v1/w/acme/tickets/${key}`)).json(),
      ticketPath,
    )) as {
      ticket: { rating: number; status: string; handoffCount: number };
      comments: unknown[];
    };
    expect(detail.ticket).toMatchObject({ rating: 5, status: 'resolved', handoffCount: 1 });
    expect([...rob.pageErrors, ...ed.pageErrors, ...ian.pageErrors]).toEqual([]);
  });

  it('keeps the words typed while a staff note is on its way, and sends only what was sent', async () => {
    const { page } = ian;
    await page.goto(`/w/acme/tickets/${ticketPath}`);
    // Hold the note's request until the engineer has typed on, as on a slow connection.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/v1/w/acme/tickets/*/comments', async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    await page.getByRole('radio', { name: 'Staff note (both parties)' }).check();
    const note = page.getByRole('textbox', { name: 'Staff note' });
    await note.fill('Supplier case 4471 opened.');
    await page.getByRole('button', { name: 'Add staff note' }).click();
    await note.fill('Supplier case 4471 opened. Courier booked for Friday.');
    release();
    await visible(page.getByText('Supplier case 4471 opened.', { exact: true }));
    await expect.poll(() => note.inputValue()).toBe('Courier booked for Friday.');
    await page.unroute('**/api/v1/w/acme/tickets/*/comments');
    expect(ian.pageErrors).toEqual([]);
  });

  it("finds the ticket from the desk by the words of the requester's reply, highlighted", async () => {
    const { page } = ian;
    await page.goto('/w/acme/tickets');
    const box = page.getByRole('textbox', { name: 'Search tickets' });
    await box.fill('bought 2023');
    await box.press('Enter');
    await visible(page.getByText('1 result for “bought 2023”, best match first'));
    await visible(page.getByRole('link', { name: SUBJECT }));
    await visible(page.locator('mark', { hasText: 'bought' }));
    expect(ian.pageErrors).toEqual([]);
  });
});
