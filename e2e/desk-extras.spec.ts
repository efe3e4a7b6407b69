import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  newPerson,
  type Person,
  signInAndEnrol,
  signInPasswordOnly,
  visible,
} from './browser.ts';
import { apiSession, freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

// The service desk beyond the main flow: attachments, bulk changes, saved views, links, time
// entries and watchers, as internal IT staff (Ian, demo workspace "acme") use them.

let server: RunningServer;
let browser: Browser;
let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>> = null;
let ian: Person;
const keys: Record<string, string> = {};
const run = Date.now().toString(36);

/** Tickets raised by Ian through the API, each moved into the named party's lane if routing put it elsewhere. */
async function createTickets(subjects: string[], laneName: string) {
  const { headers } = await apiSession(server.url, 'ian@acme.example');
  const get = async <T>(path: string) =>
    (await (await fetch(`${server.url}${path}`, { headers })).json()) as T;
  const map = await get<{ services: Array<{ key: string; id: string }> }>(
    '/api/v1/w/acme/responsibility/map',
  );
  const serviceId = map.services.find((s) => s.key === 'telephony')!.id;
  const parties = await get<{ items: Array<{ id: string; name: string }> }>('/api/v1/w/acme/parties');
  const lane = parties.items.find((p) => p.name.startsWith(laneName))!;
  for (const subject of subjects) {
    const response = await fetch(`${server.url}/api/v1/w/acme/tickets`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ serviceId, subject }),
    });
    expect(response.status).toBe(201);
    const { ticket } = (await response.json()) as {
      ticket: { key: string; version: number; lane: { partyId?: string } };
    };
    keys[subject] = ticket.key;
    if (ticket.lane.partyId !== lane.id) {
      const moved = await fetch(`${server.url}/api/v1/w/acme/tickets/${ticket.key}/handoff`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          version: ticket.version,
          toPartyId: lane.id,
          reason: `Set up for the test: ${laneName}`,
        }),
      });
      expect(moved.status).toBe(200);
    }
  }
}

async function ticketJson(key: string) {
  return (await ian.page.evaluate(async (k) => (await fetch(`/api/v1/w/acme/tickets/${k}`)).json(), key)) as {
    ticket: { status: string; assignee: { name: string } | null };
  };
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
  ian = await newPerson(browser, server.url);
  await signInPasswordOnly(ian.page, 'ian@acme.example');
  await createTickets([`Softphone A ${run}`, `Softphone B ${run}`], 'Northwind');
  await createTickets([`Bulk one ${run}`, `Bulk two ${run}`], 'Acme IT');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await postgres?.drop();
});

describe('the service desk extras in the browser', () => {
  it('attaches a small file, lists it, downloads it, and refuses a file too large or of a forbidden type', async () => {
    const { page } = ian;
    const key = keys[`Softphone A ${run}`]!;
    await page.goto(`/w/acme/tickets/${key}`);
    const card = await visible(page.getByRole('region', { name: 'Attachments' }));
    await visible(card.getByText('No files yet.', { exact: false }));
    const input = card.locator('input[type=file]');

    await input.setInputFiles({
      name: 'call-log.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('09:02 call dropped\n09:05 call dropped again\n'),
    });
    const link = await visible(card.getByRole('link', { name: 'call-log.txt' }));
    await visible(page.getByText(`call-log.txt attached to ${key}.`));
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('call-log.txt');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(
      '09:02 call dropped\n09:05 call dropped again\n',
    );

    await input.setInputFiles({
      name: 'capture.zip',
      mimeType: 'application/zip',
      buffer: Buffer.alloc(11 * 1024 * 1024, 1),
    });
    await visible(
      card.getByRole('alert').filter({ hasText: 'capture.zip is 11.0 MB; files can be up to 10 MB.' }),
    );

    await input.setInputFiles({
      name: 'fix-phone.exe',
      mimeType: 'application/x-msdownload',
      buffer: Buffer.from('MZ not really a program'),
    });
    const refused = await visible(card.getByRole('alert').filter({ hasText: 'File not attached' }));
    expect(await refused.textContent()).toMatch(/Files of type application\/x-msdownload are not accepted/);
    // Only the accepted file is listed.
    expect(await card.getByRole('list', { name: 'Files' }).getByRole('listitem').count()).toBe(1);
  });

  it('assigns two tickets and changes their status at once from the queue', async () => {
    const { page } = ian;
    const one = keys[`Bulk one ${run}`]!;
    const two = keys[`Bulk two ${run}`]!;
    const theirs = keys[`Softphone B ${run}`]!;
    await page.goto('/w/acme/tickets?queue=all');
    // Ian cannot take a ticket in Northwind's lane: the whole batch is refused, naming that ticket.
    await page.getByRole('checkbox', { name: `Select ${one}` }).check();
    await page.getByRole('checkbox', { name: `Select ${theirs}` }).check();
    const toolbar = page.getByRole('toolbar', { name: 'Change the selected tickets' });
    await toolbar.getByRole('button', { name: 'Assign to me' }).click();
    const refusal = await visible(page.getByRole('alert').filter({ hasText: 'Nothing was changed' }));
    expect(await refusal.textContent()).toContain(theirs);
    expect((await ticketJson(one)).ticket.assignee).toBeNull();
    await page.getByRole('checkbox', { name: `Select ${theirs}` }).uncheck();

    await page.getByRole('checkbox', { name: `Select ${two}` }).check();
    await visible(page.getByText('2 selected'));
    await toolbar.getByRole('button', { name: 'Assign to me' }).click();
    await visible(page.getByText('2 tickets assigned to you.'));

    await page.getByRole('checkbox', { name: `Select ${one}` }).check();
    await page.getByRole('checkbox', { name: `Select ${two}` }).check();
    await toolbar.getByRole('button', { name: 'Set status…' }).click();
    await page.getByRole('menuitem', { name: 'In progress' }).click();
    await visible(page.getByText('2 tickets set to “in progress”.'));
    for (const key of [one, two]) {
      const { ticket } = await ticketJson(key);
      expect(ticket.status).toBe('in_progress');
      expect(ticket.assignee?.name).toBe('Ian Cole');
    }
  });

  it('saves a view of the queue and reopens it later', async () => {
    const { page } = ian;
    await page.goto('/w/acme/tickets?queue=joint&sort=created');
    await page.getByRole('group', { name: 'Saved views' }).getByRole('button', { name: 'Save view' }).click();
    const dialog = await visible(page.getByRole('dialog'));
    await dialog.getByRole('textbox', { name: 'Name' }).fill(`Joint, newest ${run}`);
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await visible(page.getByText(`View “Joint, newest ${run}” saved.`));

    await page.goto('/w/acme/tickets');
    const chip = await visible(page.getByRole('button', { name: `Joint, newest ${run}`, exact: true }));
    expect(await chip.getAttribute('aria-pressed')).toBe('false');
    await chip.click();
    await page.waitForURL(/queue=joint/);
    expect(page.url()).toMatch(/sort=created/);
    expect(await page.getByRole('tab', { name: 'Joint triage' }).getAttribute('aria-selected')).toBe('true');
    expect(await chip.getAttribute('aria-pressed')).toBe('true');
  });

  it('links two tickets, shows the link from both sides, and unlinks it', async () => {
    const { page } = ian;
    const a = keys[`Softphone A ${run}`]!;
    const b = keys[`Softphone B ${run}`]!;
    await page.goto(`/w/acme/tickets/${a}`);
    // Links, time and watchers sit in tabs beside the conversation.
    await page.getByRole('tab', { name: 'Links' }).click();
    const card = await visible(page.getByRole('region', { name: 'Linked tickets' }));
    await visible(card.getByText('Not linked to other tickets.'));
    await card.getByRole('textbox', { name: 'Ticket' }).fill(b.toLowerCase());
    await card.getByRole('combobox', { name: 'This ticket' }).click();
    await page.getByRole('option', { name: 'duplicates' }).click();
    await card.getByRole('button', { name: 'Link ticket' }).click();
    await visible(page.getByText(`${a} linked to ${b}.`));
    const fromA = card.getByRole('list', { name: 'Linked tickets' }).getByRole('listitem');
    await visible(fromA.getByText('Duplicates', { exact: true }));
    await visible(fromA.getByRole('link', { name: `${b} · Softphone B ${run}` }));

    // A link to a ticket that does not exist is refused with the server's reason.
    await card.getByRole('textbox', { name: 'Ticket' }).fill('ACME-999999');
    await card.getByRole('button', { name: 'Link ticket' }).click();
    await visible(card.getByText('No ticket 999999 here that you can see.'));
    await card.getByRole('textbox', { name: 'Ticket' }).fill('');

    await fromA.getByRole('link', { name: `${b} · Softphone B ${run}` }).click();
    await visible(page.getByRole('heading', { level: 1, name: `Softphone B ${run}` }));
    await page.getByRole('tab', { name: 'Links' }).click();
    const cardB = page.getByRole('region', { name: 'Linked tickets' });
    const fromB = cardB.getByRole('list', { name: 'Linked tickets' }).getByRole('listitem');
    await visible(fromB.getByText('Duplicated by', { exact: true }));
    await visible(fromB.getByRole('link', { name: `${a} · Softphone A ${run}` }));
    await cardB.getByRole('button', { name: `Unlink ${a}` }).click();
    await visible(cardB.getByText('Not linked to other tickets.'));
    await page.goto(`/w/acme/tickets/${a}`);
    await page.getByRole('tab', { name: 'Links' }).click();
    await visible(
      page.getByRole('region', { name: 'Linked tickets' }).getByText('Not linked to other tickets.'),
    );
  });

  it('shows who handed off, each time entry, and lets staff change the watching parties', async () => {
    const { page } = ian;
    const a = keys[`Softphone A ${run}`]!;
    await page.goto(`/w/acme/tickets/${a}`);
    await visible(page.getByRole('heading', { level: 1, name: `Softphone A ${run}` }));

    await page.getByRole('tab', { name: 'Time' }).click();
    const time = page.getByRole('region', { name: /Time spent/ });
    await time.getByRole('textbox', { name: 'Minutes' }).fill('35');
    await time.getByRole('textbox', { name: 'Note' }).fill('Reinstalled the softphone');
    await time.getByRole('button', { name: 'Log time' }).click();
    const entries = await visible(time.getByRole('list', { name: 'Time entries' }));
    await visible(entries.getByText('Ian Cole'));
    await visible(entries.getByText(/Reinstalled the softphone/));

    // Ian takes it into Acme IT's lane and gives it back to Northwind: both handoffs carry his name.
    const path = page.getByRole('region', { name: 'The path' });
    const handOff = async (to: RegExp, reason: string) => {
      await path.getByRole('button', { name: 'Hand off…' }).click();
      await page.getByRole('combobox', { name: 'Hand to' }).click();
      await page.getByRole('option', { name: to }).click();
      await page.getByRole('textbox', { name: 'Reason' }).fill(reason);
      await page.getByRole('button', { name: 'Hand off', exact: true }).click();
      await visible(path.getByText(reason));
    };
    await handOff(/Acme IT/, 'Internal IT owns call flows');
    await handOff(/Northwind/, 'Northwind manages the phone system');
    expect(await path.getByText(/By Ian Cole \(Acme IT\)/).count()).toBeGreaterThanOrEqual(2);

    await page.getByRole('tab', { name: 'Watchers' }).click();
    const watchers = page.getByRole('region', { name: 'Watching' });
    const list = watchers.getByRole('list', { name: 'Watching parties' });
    // Both parties that handed it off watch it; Ian takes Acme IT off, then adds it back by hand.
    await visible(list.getByText('Acme IT'));
    await watchers.getByRole('button', { name: 'Stop Acme IT watching' }).click();
    await visible(page.getByText(`Acme IT no longer watches ${a}.`));
    await list.getByText('Acme IT').waitFor({ state: 'hidden' });
    await watchers.getByRole('combobox', { name: 'Add a watching party' }).click();
    await page.getByRole('option', { name: 'Acme IT' }).click();
    await watchers.getByRole('button', { name: 'Add', exact: true }).click();
    await visible(page.getByText(`Acme IT now watches ${a}.`));
    await visible(list.getByRole('listitem').filter({ hasText: 'Acme IT' }).getByText('added by staff'));
    await page.screenshot({ path: '/tmp/desk-extras-ticket.png', fullPage: true });
    expect([...ian.pageErrors]).toEqual([]);
  });
  it('keeps staff and party notes from the requester, and party notes from the other party, in the page', async () => {
    const [rob, ed] = await Promise.all([newPerson(browser, server.url), newPerson(browser, server.url)]);
    await Promise.all([
      signInPasswordOnly(rob.page, 'rob@acme.example'),
      signInAndEnrol(ed.page, 'ed@northwind.example'),
    ]);
    // Rob's ticket, raised for him by Ian, in Northwind's lane (telephony in the demo map).
    const { headers } = await apiSession(server.url, 'ian@acme.example');
    const robSession = await apiSession(server.url, 'rob@acme.example');
    const robMembership = (
      (await (await fetch(`${server.url}/api/v1/w/acme`, { headers: robSession.headers })).json()) as {
        membership: { id: string };
      }
    ).membership.id;
    const map = (await (
      await fetch(`${server.url}/api/v1/w/acme/responsibility/map`, { headers })
    ).json()) as {
      services: Array<{ key: string; id: string }>;
    };
    const created = await fetch(`${server.url}/api/v1/w/acme/tickets`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        serviceId: map.services.find((s) => s.key === 'telephony')!.id,
        subject: `Desk phone keeps rebooting ${run}`,
        requesterMembershipId: robMembership,
      }),
    });
    expect(created.status).toBe(201);
    const key = ((await created.json()) as { ticket: { key: string } }).ticket.key;

    const write = async (person: Person, kind: RegExp, field: string, button: string, body: string) => {
      const conversation = person.page.getByRole('region', { name: 'Conversation' });
      await conversation.getByRole('radio', { name: kind }).check();
      const box = conversation.getByRole('textbox', { name: field });
      await box.fill(body);
      await conversation.getByRole('button', { name: button }).click();
      await visible(conversation.getByRole('list', { name: 'Conversation' }).getByText(body));
      // The composer empties once the send has settled; writing before that would be wiped.
      await expect.poll(() => box.inputValue()).toBe('');
    };
    await ian.page.goto(`/w/acme/tickets/${key}`);
    await write(
      ian,
      /Public reply/,
      'Reply to the requester',
      'Send public reply',
      'We are looking at your phone.',
    );
    await write(ian, /Staff note/, 'Staff note', 'Add staff note', 'Check the PBX firmware first.');
    await write(
      ian,
      /Only my party/,
      'Note for my party',
      'Add note for my party',
      'Acme only: budget is frozen.',
    );

    await ed.page.goto(`/w/acme/tickets/${key}`);
    const edConversation = await visible(ed.page.getByRole('list', { name: 'Conversation' }));
    await visible(edConversation.getByText('Check the PBX firmware first.'));
    await visible(edConversation.getByText('Ian Cole', { exact: true }).first());
    expect(await edConversation.getByText('Acme only: budget is frozen.').count()).toBe(0);
    await write(
      ed,
      /Only my party/,
      'Note for my party',
      'Add note for my party',
      'Northwind only: bill it.',
    );

    await ian.page.reload();
    const ianConversation = await visible(ian.page.getByRole('list', { name: 'Conversation' }));
    await visible(ianConversation.getByText('Acme only: budget is frozen.'));
    expect(await ianConversation.getByText('Northwind only: bill it.').count()).toBe(0);

    await rob.page.goto(`/w/acme/portal/requests/${key}`);
    await visible(rob.page.getByText('We are looking at your phone.'));
    const robSees = (await rob.page.locator('main').textContent()) ?? '';
    for (const hidden of [
      'Check the PBX firmware first.',
      'Acme only: budget is frozen.',
      'Northwind only: bill it.',
    ])
      expect(robSees).not.toContain(hidden);
    expect([...rob.pageErrors, ...ed.pageErrors]).toEqual([]);
    await Promise.all([rob.context.close(), ed.context.close()]);
  });
});
