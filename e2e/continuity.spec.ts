import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mainHeading,
  newPerson,
  type Person,
  signInPasswordOnly,
  startServerAndBrowser,
  visible,
} from './browser.ts';
import type { RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let ian: Person;
const SHOTS = process.env.E2E_SHOTS ?? '/tmp';

const SUBJECTS = [
  'Azure site VPN tunnel drops every night at 2am',
  'Azure site VPN tunnel drops every night again',
  'Azure site VPN tunnel drops every night since Friday',
];

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  ian = await newPerson(browser, server.url);
  await signInPasswordOnly(ian.page, 'ian@acme.example');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('knowledge that stays with the business, in the browser', () => {
  it('turns a detected recurrence into a problem with an accepted workaround', async () => {
    const { page } = ian;
    // Three similar tickets through the API, as the desk would receive them.
    const raised = await page.evaluate(async (subjects) => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken };
      const map = (await (await fetch('/api/v1/w/acme/responsibility/map')).json()) as {
        services: Array<{ id: string; key: string }>;
      };
      const serviceId = map.services.find((s) => s.key === 'cloud-platforms')!.id;
      const keys: string[] = [];
      for (const subject of subjects) {
        const response = await fetch('/api/v1/w/acme/tickets', {
          method: 'POST',
          headers,
          body: JSON.stringify({ serviceId, subject, description: 'The Azure site VPN tunnel drops.' }),
        });
        keys.push(((await response.json()) as { ticket: { key: string } }).ticket.key);
      }
      return keys;
    }, SUBJECTS);
    expect(raised).toHaveLength(3);

    await page.goto('/w/acme/problems');
    await visible(mainHeading(page, 'Problems'));
    await page.getByRole('button', { name: 'Check for recurrence now' }).click();
    const proposal = page.getByRole('article', { name: /Proposal: Recurring: .*azure/i });
    await visible(proposal.first());
    for (const key of raised) await visible(proposal.first().getByRole('link', { name: key }));
    await page.screenshot({ path: `${SHOTS}/continuity-proposals.png`, fullPage: true });
    // The demo's desk has dozens of groups: the newest five show, the rest behind one button.
    const open = await page.evaluate(
      async () =>
        ((await (await fetch('/api/v1/w/acme/recurrence/proposals')).json()) as { items: unknown[] }).items
          .length,
    );
    expect(open).toBeGreaterThan(5);
    const articles = page.getByRole('article', { name: /^Proposal: / });
    expect(await articles.count()).toBe(5);
    await page.getByRole('button', { name: `Show all ${open} proposals` }).click();
    await expect.poll(() => articles.count()).toBe(open);

    await proposal.first().getByRole('button', { name: 'Accept as problem' }).click();
    const dialog = page.getByRole('dialog', { name: 'Accept as a problem' });
    await dialog.getByRole('textbox', { name: 'Problem title' }).fill('Azure site VPN drops nightly');
    await dialog.getByText('Accepted workaround', { exact: true }).click();
    await dialog
      .getByRole('textbox', { name: 'Workaround steps' })
      .fill('Restart the on-premises VPN service at 02:05.');
    await dialog.getByRole('button', { name: 'Create problem' }).click();

    await visible(page.getByRole('heading', { level: 1, name: /^PRB-\d+ Azure site VPN drops nightly$/ }));
    await visible(page.getByText('Accepted workaround').first());
    await visible(page.getByRole('heading', { name: 'Linked tickets (3)' }));
    for (const key of raised) await visible(page.getByRole('link', { name: key }));
    await page.screenshot({ path: `${SHOTS}/continuity-problem.png`, fullPage: true });
  });

  it('shows a critical system without recovery steps and a single-person service as gaps', async () => {
    const { page } = ian;
    await page.goto('/w/acme/knowledge-health');
    await visible(mainHeading(page, 'Knowledge health'));
    const recovery = page.getByRole('region', { name: /Critical systems without recovery steps/ });
    await visible(recovery.getByRole('link', { name: 'Payroll' }));
    const single = page.getByRole('region', { name: /Single-person services/ });
    await visible(single.getByText(/: only Ian Cole/));
    await page.screenshot({ path: `${SHOTS}/continuity-health.png`, fullPage: true });

    await page.goto('/w/acme/systems');
    await visible(mainHeading(page, 'Systems'));
    await visible(page.getByRole('link', { name: 'Payroll' }));
    await page.screenshot({ path: `${SHOTS}/continuity-systems.png`, fullPage: true });
    await page.getByRole('link', { name: 'Payroll' }).click();
    await visible(page.getByText('Nobody has written down how to recover Payroll.'));
    await page.screenshot({ path: `${SHOTS}/continuity-system.png`, fullPage: true });
  });

  it('records a handover session with attendance per person', async () => {
    const { page } = ian;
    await page.goto('/w/acme/handovers');
    await visible(mainHeading(page, 'Handover sessions'));
    await page.getByRole('button', { name: 'Record a session' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a handover session' });
    await dialog.getByRole('textbox', { name: 'Topic' }).fill('Azure VPN gateway walkthrough');
    await dialog.getByLabel('Attendees (internal staff)').click();
    await page.getByRole('option', { name: 'Alice Hart' }).click();
    await page.getByRole('option', { name: 'Ian Cole' }).click();
    await dialog.getByRole('textbox', { name: 'Topic' }).click();
    await dialog.getByRole('button', { name: 'Save session' }).click();

    await visible(mainHeading(page, 'Azure VPN gateway walkthrough'));
    await visible(page.getByRole('heading', { name: 'Attendance (2 of 2)' }));
    await page.getByRole('checkbox', { name: 'Alice Hart' }).uncheck();
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await visible(page.getByRole('heading', { name: 'Attendance (1 of 2)' }));

    await page.goto('/w/acme/handovers');
    const row = page.getByRole('row', { name: /Azure VPN gateway walkthrough/ });
    await visible(row.getByText('1 of 2'));
    const attendance = page.getByRole('table', { name: 'Attendance per person' });
    // Alice and Ian each had three demo sessions; Ian now attended three of four, Alice two of four.
    await visible(attendance.getByRole('row', { name: /Ian Cole 4 3 75%/ }));
    await visible(attendance.getByRole('row', { name: /Alice Hart 4 2 50%/ }));
    await page.screenshot({ path: `${SHOTS}/continuity-handovers.png`, fullPage: true });
    expect(ian.pageErrors).toEqual([]);
  });

  it('opens a problem by hand: a refused field is marked until edited, then the record is kept', async () => {
    const { page } = ian;
    await page.goto('/w/acme/problems');
    await visible(mainHeading(page, 'Problems'));
    await page.getByRole('button', { name: 'New problem' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'New problem' }));
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Label printers drop off the network');
    const tickets = dialog.getByRole('textbox', { name: 'Tickets (optional)' });
    await tickets.fill('not a key');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await visible(dialog.getByText('is not a ticket key such as ACME-42'));
    expect(await tickets.getAttribute('aria-invalid')).toBe('true');
    await tickets.fill('');
    await expect.poll(() => tickets.getAttribute('aria-invalid')).not.toBe('true');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await visible(
      page.getByRole('heading', { level: 1, name: /^PRB-\d+ Label printers drop off the network$/ }),
    );

    // The record starts from the problem as loaded; a temporary workaround needs its expiry.
    const record = page.getByRole('form', { name: 'Problem record' });
    await record.getByRole('textbox', { name: 'Root cause' }).fill('The DHCP lease is too short.');
    await record.getByText('Temporary workaround', { exact: true }).click();
    await record.getByRole('textbox', { name: 'Workaround steps' }).fill('Renew the lease by hand.');
    await record.getByRole('button', { name: 'Save problem' }).click();
    await visible(record.getByText(/needs an expiry date/));
    const expires = record.getByLabel('Expires on');
    expect(await expires.getAttribute('aria-invalid')).toBe('true');
    await expires.fill('2030-01-31');
    await expect.poll(() => expires.getAttribute('aria-invalid')).not.toBe('true');
    await record.getByRole('button', { name: 'Save problem' }).click();
    await visible(page.getByText('Temporary workaround until 2030-01-31'));
    await page.reload();
    const reloaded = page.getByRole('form', { name: 'Problem record' });
    expect(await reloaded.getByRole('textbox', { name: 'Root cause' }).inputValue()).toBe(
      'The DHCP lease is too short.',
    );
    expect(await reloaded.getByLabel('Expires on').inputValue()).toBe('2030-01-31');
    expect(ian.pageErrors).toEqual([]);
  });
});
