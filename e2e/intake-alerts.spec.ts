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

let server: RunningServer;
let browser: Browser;
let alice: Person;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  alice = await newPerson(browser, server.url);
  await signInAndEnrol(alice.page, 'alice@acme.example');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const alert = (status: 'firing' | 'resolved', startsAt: string, endsAt = '0001-01-01T00:00:00Z') => ({
  status,
  labels: { alertname: 'BackupFailed', job: 'backup', instance: 'fs01' },
  annotations: { summary: 'Nightly backup of FS01 failed' },
  startsAt,
  endsAt,
  fingerprint: 'b4c1f5e0a2d3',
});
const notification = (alerts: ReturnType<typeof alert>[]) => ({
  version: '4',
  status: alerts[0]!.status,
  receiver: 'tandem',
  groupKey: `{}:{alertname="BackupFailed"}-${alerts[0]!.startsAt}-${alerts[0]!.status}`,
  alerts,
});

describe('monitoring alerts in the browser', () => {
  it('connects Alertmanager, and shows an alert ticket that resolved by itself with its occurrences', async () => {
    const { page } = alice;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monitoring' }).click();
    await visible(mainHeading(page, 'Monitoring integrations'));
    await visible(page.getByText('No monitoring tool is connected yet'));
    await page.screenshot({ path: '/tmp/intake-alerts-empty.png', fullPage: true });
    await page.getByRole('button', { name: 'Connect a tool' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Prometheus');
    await dialog.getByRole('combobox', { name: 'Service for alerts no rule matches' }).click();
    await page.getByRole('option', { name: 'Backup and recovery' }).click();
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await visible(dialog.getByText('Copy this now: it is shown once'));
    const endpoint = await dialog.getByRole('textbox', { name: 'Endpoint URL' }).inputValue();
    const token = await dialog.getByRole('textbox', { name: 'Bearer token' }).inputValue();
    await page.screenshot({ path: '/tmp/intake-alerts-token.png' });
    await dialog.getByRole('button', { name: 'I have copied it' }).click();

    // A label rule: backup alerts are P2.
    await page.getByRole('link', { name: 'Prometheus' }).click();
    await visible(mainHeading(page, 'Prometheus'));
    await visible(page.getByText(/No rule yet: every alert goes to joint triage/));
    const ruleForm = page.getByRole('form', { name: 'Add a label rule' });
    await ruleForm.getByRole('textbox', { name: 'Labels to match' }).fill('job=backup');
    await ruleForm.getByRole('combobox', { name: 'Priority' }).click();
    await page.getByRole('option', { name: 'P2', exact: true }).click();
    await ruleForm.getByRole('button', { name: 'Add rule' }).click();
    const rules = page.getByRole('table', { name: 'Label rules' });
    await visible(rules.getByRole('row').filter({ hasText: 'job=backup' }).getByText('P2'));

    // Alertmanager fires, fires again after a pause, then reports the end: all without anyone's help.
    const post = async (body: unknown) => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(202);
    };
    await post(notification([alert('firing', '2026-12-02T02:00:00Z')]));
    await post(notification([alert('firing', '2026-12-02T02:40:00Z')]));
    await post(notification([alert('resolved', '2026-12-02T02:40:00Z', '2026-12-02T03:05:00Z')]));

    const alerts = page.getByRole('table', { name: 'Alerts' });
    // The notifications are worked through by the job queue: reload until the last one is in.
    for (let tries = 0; tries < 30 && (await alerts.getByText(/^Resolved/).count()) === 0; tries += 1) {
      await page.waitForTimeout(2000);
      await page.reload();
      await visible(mainHeading(page, 'Prometheus'));
    }
    await visible(alerts.getByText(/^Resolved/));
    const row = alerts.getByRole('row').filter({ hasText: 'BackupFailed' });
    await expect(row.getByRole('cell').nth(3).textContent()).resolves.toBe('2');
    await page.screenshot({ path: '/tmp/intake-alerts-integration.png', fullPage: true });

    await row.getByRole('link').click();
    await visible(page.getByRole('heading', { level: 1, name: /Nightly backup of FS01 failed/ }));
    await visible(page.getByText(/firing again since 2026-12-02T02:40:00.000Z \(occurrence 2\)/));
    await visible(page.getByText(/resolved at 2026-12-02T03:05:00.000Z/));
    await visible(page.getByText('Resolved', { exact: true }).first());
    await page.screenshot({ path: '/tmp/intake-alerts-ticket.png', fullPage: true });
    expect(alice.pageErrors).toEqual([]);
  });
});
