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
let ian: Person;
let alice: Person;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  [ian, alice] = await Promise.all([newPerson(browser, server.url), newPerson(browser, server.url)]);
  await signInPasswordOnly(ian.page, 'ian@acme.example');
  await signInAndEnrol(alice.page, 'alice@acme.example');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('SLAs in the browser', () => {
  it('shows the demo calendars, policies, escalation, cover and the on-call rota', async () => {
    const { page } = ian;
    await page.goto('/w/acme/sla');
    await visible(page.getByRole('heading', { level: 1, name: 'SLAs and cover' }));
    await visible(page.getByRole('heading', { name: 'Acme business hours' }));
    await visible(page.getByRole('heading', { name: 'Northwind 24x7 cover' }));
    await page.screenshot({ path: '/tmp/sla-calendars.png', fullPage: true });
    await page.getByRole('tab', { name: 'Policies and escalation' }).click();
    await visible(page.getByRole('cell', { name: 'P1 critical (24x7)' }));
    await visible(page.getByRole('cell', { name: 'Both leads agree whether to declare a major incident.' }));
    await page.screenshot({ path: '/tmp/sla-policies.png', fullPage: true });
    await page.getByRole('tab', { name: 'Cover and on-call' }).click();
    await visible(page.getByText('covers P1, P2 for every service'));
    await visible(page.getByText('On call now:'));
    await visible(page.getByText('Gap in the rota').first());
    await page.screenshot({ path: '/tmp/sla-cover.png', fullPage: true });
  });

  it('shows a ticket’s clocks with time left, due times and history', async () => {
    const { page } = ian;
    await page.goto('/w/acme/tickets/ACME-1');
    const panel = page.getByRole('region', { name: 'SLA' });
    await visible(panel.getByText('First response', { exact: true }));
    await visible(panel.getByText('Resolution', { exact: true }));
    await panel.getByText(/Clock history/).click();
    const history = panel.getByRole('list', { name: 'Clock history' });
    expect(await history.getByRole('listitem').count()).toBeGreaterThan(1);
    await panel.screenshot({ path: '/tmp/sla-panel.png' });
  });

  it('shows why a calendar’s working hours are refused until they are edited', async () => {
    const { page } = alice;
    await page.goto('/w/acme/sla');
    // A calendar's holidays read as the dates still ahead, not every ISO date it ever had.
    const holidays = await visible(page.getByText(/^Closed on \d+ holidays/).first());
    expect(await holidays.textContent()).toMatch(
      /^Closed on \d+ holidays(; next: [^;]+\.|, none still ahead\.)$/,
    );
    expect(await holidays.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const form = page.getByRole('form', { name: 'Add a calendar' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Warehouse hours');
    await form.getByRole('combobox', { name: 'Party', exact: true }).click();
    await page.getByRole('option', { name: 'Acme IT', exact: true }).click();
    await form.getByRole('textbox', { name: 'mon' }).fill('9-5');
    await form.getByRole('button', { name: 'Add calendar' }).click();
    const hoursAlert = form.getByRole('alert').filter({ hasText: 'Working hours' });
    await visible(hoursAlert);
    // Editing any day of the week answers the message: it goes, and the corrected calendar is added.
    await form.getByRole('textbox', { name: 'mon' }).fill('07:00-15:00');
    await expect.poll(() => hoursAlert.count()).toBe(0);
    await form.getByRole('button', { name: 'Add calendar' }).click();
    await visible(page.getByRole('heading', { name: 'Warehouse hours' }));
  });

  it('lets the internal lead add an escalation rule, and shows why a bad one is refused', async () => {
    const { page } = alice;
    await page.goto('/w/acme/sla');
    await page.getByRole('tab', { name: 'Policies and escalation' }).click();
    const form = page.getByRole('form', { name: 'Add an escalation rule' });
    await form.getByRole('checkbox', { name: 'Notify the lane’s leads' }).uncheck();
    await form.getByRole('checkbox', { name: 'Notify the other party’s lead' }).uncheck();
    await form.getByRole('button', { name: 'Add rule' }).click();
    await visible(form.getByText(/must do something/));
    await form.getByRole('checkbox', { name: 'Raise the priority' }).check();
    // The refusal was about the actions: choosing one takes it away before the next try.
    await expect.poll(() => form.getByText(/must do something/).count()).toBe(0);
    await form.getByRole('textbox', { name: /Handoff point/ }).fill('The provider lead re-plans the fix.');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await visible(page.getByRole('cell', { name: 'The provider lead re-plans the fix.' }));
    // Added: every field is back to how the form opened, not only some of them.
    await expect.poll(() => form.getByRole('textbox', { name: /Handoff point/ }).inputValue()).toBe('');
    expect(await form.getByRole('checkbox', { name: 'Raise the priority' }).isChecked()).toBe(false);
    expect(await form.getByRole('checkbox', { name: 'Notify the lane’s leads' }).isChecked()).toBe(true);
    expect(await form.getByRole('checkbox', { name: 'Notify the other party’s lead' }).isChecked()).toBe(
      true,
    );
    await page.screenshot({ path: '/tmp/sla-lead-policies.png', fullPage: true });
    // An agent sees the rules but no forms.
    await ian.page.goto('/w/acme/sla');
    await ian.page.getByRole('tab', { name: 'Policies and escalation' }).click();
    await visible(ian.page.getByRole('cell', { name: 'The provider lead re-plans the fix.' }));
    expect(await ian.page.getByRole('form', { name: 'Add an escalation rule' }).count()).toBe(0);
  });

  it('lets the internal lead add a policy for one service, shows its scope, and names the policy in the way', async () => {
    const { page } = alice;
    await page.goto('/w/acme/sla');
    await page.getByRole('tab', { name: 'Policies and escalation' }).click();
    const policies = page.getByRole('table', { name: 'SLA policies' });
    // The demo's P1–P4 policies cover the whole workspace.
    await visible(
      policies.getByRole('row', { name: /P3 normal/ }).getByRole('cell', { name: 'The whole workspace' }),
    );
    const form = page.getByRole('form', { name: 'Add a policy' });
    const choose = async (field: string, option: string) => {
      await form.getByRole('combobox', { name: field, exact: true }).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    };
    await form.getByRole('textbox', { name: 'Name' }).fill('P3 backups');
    await choose('Applies to', 'One service');
    await choose('Service', 'Backup and recovery');
    await choose('Calendar', 'Acme business hours');
    await form.getByRole('button', { name: 'Add policy' }).click();
    const row = policies.getByRole('row', { name: /P3 backups/ });
    await visible(row.getByRole('cell', { name: 'Service: Backup and recovery' }));
    // Every field is back to how the form opened (just after the list refreshes).
    await expect.poll(() => form.getByRole('textbox', { name: 'Name' }).inputValue()).toBe('');
    expect(await form.getByRole('combobox', { name: 'Applies to', exact: true }).inputValue()).toBe(
      'The whole workspace',
    );
    expect(await form.getByRole('combobox', { name: 'Calendar', exact: true }).inputValue()).toBe('');
    expect(await form.getByRole('combobox', { name: 'Service', exact: true }).count()).toBe(0);
    // A second workspace-wide P3: refused, and the form says which policy already sets it.
    await form.getByRole('textbox', { name: 'Name' }).fill('Another P3');
    await choose('Calendar', 'Acme business hours');
    await form.getByRole('button', { name: 'Add policy' }).click();
    await visible(
      form.getByText(/"P3 normal" already sets the targets for P3 in this scope \(the whole workspace\)/),
    );
    expect(await policies.getByRole('row', { name: /Another P3/ }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/sla-policy-scope.png', fullPage: true });
  });
});
