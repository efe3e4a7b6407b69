import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { adminDatabaseUrl } from './admin-url.ts';
import { launchBrowser, mainHeading, newPerson, type Person, signInAndEnrol, visible } from './browser.ts';
import { freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let alice: Person;
let ed: Person;
let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp';

beforeAll(async () => {
  // On PostgreSQL when TEST_DATABASE_URL is set (a fresh database), on embedded PGlite otherwise.
  postgres = await freshPostgresDatabase();
  server = await startServer(postgres ? { databaseUrl: postgres.url } : {});
  browser = await launchBrowser();
  [alice, ed] = await Promise.all([newPerson(browser, server.url), newPerson(browser, server.url)]);
  await signInAndEnrol(alice.page, 'alice@acme.example');
  await signInAndEnrol(ed.page, 'ed@northwind.example');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await postgres?.drop();
});

/**
 * Makes an approved grant due now, the way a clock would: the server is stopped, the grant's
 * expiry and its timer are moved to now in the database, and the server starts again on the same
 * data (so the timer also has to survive a restart). No clock is faked inside the product.
 */
async function expireNow(grantNumber: number) {
  await server.stop();
  const db = postgres
    ? await openDatabase({ databaseUrl: adminDatabaseUrl(postgres.url), migrate: false })
    : await openDatabase({ dataDir: server.dataDir });
  try {
    const [grant] = await db.unsafeOwnerQuery<{ id: string }>(
      `update access_grants set expires_at = now() where number = $1
         and workspace_id = (select id from workspaces where slug = 'acme') returning id`,
      [grantNumber],
    );
    const [row] = await db.unsafeOwnerQuery<{ expires_at: Date }>(
      'select expires_at from access_grants where id = $1',
      [grant!.id],
    );
    const moved = await db.unsafeOwnerQuery(
      `update pgboss.job set start_after = now(), data = jsonb_set(data, '{expiresAt}', to_jsonb($2::text))
        where name = 'access.grant-expiry' and data->>'grantId' = $1 returning id`,
      [grant!.id, new Date(row!.expires_at).toISOString()],
    );
    expect(moved).toHaveLength(1);
  } finally {
    await db.close();
  }
  server = await startServer({
    port: server.port,
    ...(postgres ? { databaseUrl: postgres.url } : { dataDir: server.dataDir }),
  });
}

describe('privileged access in the browser', () => {
  it('Ed requests admin on the ERP for 2 hours, Alice approves, it expires, the revocation is confirmed', {
    timeout: 240_000,
  }, async () => {
    const { page } = ed;
    await page.goto('/w/acme/access/grants');
    await visible(mainHeading(page, 'Privileged access'));
    await page.getByRole('button', { name: 'Request access' }).click();
    const dialog = page.getByRole('dialog', { name: 'Request privileged access' });
    await visible(dialog);
    await dialog.getByLabel('System').click();
    await page.getByRole('option', { name: 'ERP (Dynamics NAV)' }).click();
    await dialog.getByLabel('Duration (hours)').fill('9');
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Apply the posting-timeout hotfix');
    await dialog.getByRole('button', { name: 'Request access' }).click();
    // Longer than the workspace's maximum: refused, naming it.
    await visible(dialog.getByText(/at most 8 h \(480 minutes\)/));
    // The refusal sits on the Duration field and goes when the duration is edited.
    await dialog.getByLabel('Duration (hours)').fill('2');
    await dialog.getByText(/at most 8 h \(480 minutes\)/).waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Request access' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row', { name: /AG-2 Admin on ERP \(Dynamics NAV\) for 2 h/ });
    await visible(row);
    await visible(row.getByText('requested', { exact: true }));
    // Ed cannot approve his own request: no button for it.
    expect(await page.getByRole('button', { name: 'Approve AG-2' }).count()).toBe(0);

    const a = alice.page;
    await a.goto('/w/acme/access/grants');
    await a.getByRole('button', { name: 'Approve AG-2' }).click();
    await visible(a.getByRole('row', { name: /AG-2/ }).getByText('active', { exact: true }));
    await a.screenshot({ path: `${SHOTS}/access-grants.png`, fullPage: true });

    await expireNow(2);
    await a.goto('/w/acme/access/grants');
    const task = a.getByRole('region', {
      name: /Remove admin access on ERP \(Dynamics NAV\) from Ed Park \(AG-2 expired\)/,
    });
    const deadline = Date.now() + 60_000;
    while ((await task.count()) === 0 && Date.now() < deadline) {
      await a.waitForTimeout(1000);
      await a.reload();
    }
    await visible(task);
    await visible(a.getByRole('row', { name: /AG-2/ }).getByText('expired', { exact: true }));
    await task.getByRole('button', { name: 'Confirm revocation' }).click();
    const confirm = a.getByRole('dialog', { name: 'Confirm the revocation' });
    await visible(confirm);
    await confirm
      .getByRole('textbox', { name: 'Evidence' })
      .fill('Removed the ERP admin role from nw-ed.park at 14:02');
    await confirm.locator('input[type=file]').setInputFiles({
      name: 'erp-roles.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('nw-ed.park: roles = [user]\n'),
    });
    await confirm.getByRole('button', { name: 'Confirm revocation' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await visible(task.getByText('Revoked'));
    await visible(task.getByText(/Confirmed by Alice Hart .*Removed the ERP admin role .*erp-roles\.txt/));
    await a.screenshot({ path: `${SHOTS}/access-revocation.png`, fullPage: true });
    expect([...alice.pageErrors, ...ed.pageErrors]).toEqual([]);
  });

  it('a review of 20 accounts completes with three revocations and its evidence pack lists them', {
    timeout: 240_000,
  }, async () => {
    const page = alice.page;
    await page.goto('/w/acme/access');
    await visible(mainHeading(page, 'Privileged access'));
    await visible(page.getByRole('row', { name: /nw-dan\.ross .*Person no longer active/ }));
    await page.screenshot({ path: `${SHOTS}/access-register.png`, fullPage: true });
    // Recording a break-glass use makes it a finding.
    await page.getByRole('button', { name: 'Edit switch-breakglass on Core network switch' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit switch-breakglass' });
    await edit.getByLabel('Break-glass last used').fill('2026-11-30T03:15');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'hidden' });
    await visible(page.getByRole('row', { name: /switch-breakglass .*Break-glass used/ }));
    await page.getByRole('tab', { name: 'Reviews' }).click();
    await visible(page.getByRole('link', { name: /Quarterly privileged-access review/ }));
    await page.getByRole('button', { name: 'Start a review' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start an access review' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Provider and infrastructure accounts');
    await dialog.getByLabel('Systems').click();
    for (const name of [
      'Payroll',
      'File server',
      'Backup appliance',
      'Core network switch',
      'Microsoft 365 tenant',
      'Laptop fleet',
    ])
      await page.getByRole('option', { name, exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Title' }).click();
    await dialog.getByRole('button', { name: 'Start review' }).click();
    await page.waitForURL(/\/access\/reviews\/AR-2$/);
    await visible(page.getByText('0 of 20 decided'));
    const revoke = new Map([
      ['admin on File server', 'Shared account: replace with named admins'],
      ['nw-dan.ross on File server', 'Dan left Northwind'],
      ['nw-priya.shah on Laptop fleet', 'No longer needs admin on laptops'],
    ]);
    for (const [label, comment] of revoke) {
      await page.getByRole('textbox', { name: `Comment on ${label}` }).fill(comment);
      await page.getByRole('button', { name: `Revoke ${label}` }).click();
      await page.getByRole('button', { name: `Revoke ${label}` }).waitFor({ state: 'detached' });
    }
    for (let decided = 3; decided < 20; decided++) {
      const keep = page.getByRole('button', { name: /^Keep / }).first();
      const name = (await keep.getAttribute('aria-label')) ?? '';
      await keep.click();
      await page.getByRole('button', { name, exact: true }).waitFor({ state: 'detached' });
    }
    await visible(page.getByText('20 of 20 decided'));
    await visible(page.getByText('Completed', { exact: true }));
    await page.screenshot({ path: `${SHOTS}/access-review.png`, fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Evidence (CSV)' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(21);
    const revoked = lines.filter((l) => l.includes(',revoke,'));
    expect(revoked).toHaveLength(3);
    expect(revoked.join('\n')).toContain('Dan left Northwind');
    expect(revoked.join('\n')).toContain('nw-priya.shah');
    expect(revoked.join('\n')).toContain(',admin,');
    // A finding becomes a risk that keeps its link to the review (issue #12).
    await page.getByRole('button', { name: 'Raise a risk about admin on File server' }).click();
    const raise = page.getByRole('dialog', { name: 'Raise a risk from AR-2' });
    expect(await raise.getByRole('textbox', { name: 'Title' }).inputValue()).toMatch(
      /^admin on File server: shared or generic account/,
    );
    await raise.getByRole('textbox', { name: 'Custom category' }).fill('Privileged access');
    await raise.getByLabel('Risk owner').click();
    await page.getByRole('option', { name: /Alice/ }).first().click();
    await raise.getByRole('button', { name: 'Raise risk' }).click();
    await page.waitForURL(/\/risks\/RISK-\d+$/);
    await visible(page.getByRole('link', { name: /AR-2 Provider and infrastructure accounts/ }));
    // The revocations are tasks now.
    await page.goto('/w/acme/access/grants');
    await visible(page.getByRole('region', { name: /Revoke nw-dan\.ross on File server \(AR-2\)/ }));
    expect(alice.pageErrors).toEqual([]);
  });

  it('an access review started from a recurring obligation hands its evidence pack to the occurrence', {
    timeout: 240_000,
  }, async () => {
    const page = alice.page;
    const occurrenceId = await page.evaluate(async () => {
      const list = (await (await fetch('/api/v1/w/acme/obligations')).json()) as {
        items: { key: string; title: string }[];
      };
      const key = list.items.find((o) => o.title === 'Quarterly access review')!.key;
      const detail = (await (await fetch(`/api/v1/w/acme/obligations/${key}`)).json()) as {
        obligation: { occurrences: { id: string; status: string; dueOn: string }[] };
      };
      const today = new Date().toISOString().slice(0, 10);
      return detail.obligation.occurrences.find((o) => o.status === 'open' && o.dueOn >= today)!.id;
    });
    await page.goto(`/w/acme/obligations/occurrences/${occurrenceId}`);
    await visible(page.getByRole('heading', { name: 'Access reviews' }));
    await visible(page.getByText('No access review yet.', { exact: false }));
    await page.getByRole('button', { name: 'Start an access review' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start an access review' });
    expect(await dialog.getByRole('textbox', { name: 'Title' }).inputValue()).toMatch(
      /^Quarterly access review \(OBL-\d+, due /,
    );
    await dialog.getByLabel('Systems').click();
    await page.getByRole('option', { name: 'Payroll', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Title' }).click();
    await dialog.getByRole('button', { name: 'Start review' }).click();
    await page.waitForURL(/\/access\/reviews\/AR-3$/);
    await visible(page.getByRole('link', { name: /OBL-\d+ Quarterly access review, due/ }));
    for (;;) {
      const keep = page.getByRole('button', { name: /^Keep / }).first();
      if ((await keep.count()) === 0) break;
      const name = (await keep.getAttribute('aria-label')) ?? '';
      await keep.click();
      await page.getByRole('button', { name, exact: true }).waitFor({ state: 'detached' });
    }
    await visible(page.getByText('Completed', { exact: true }));
    await page.getByRole('link', { name: /OBL-\d+ Quarterly access review, due/ }).click();
    await page.waitForURL(/\/obligations\/occurrences\//);
    await visible(page.getByRole('list', { name: 'Linked access reviews' }).getByText(/Completed/));
    await visible(page.getByText('acme-AR-3-evidence.csv', { exact: false }));
    await page.screenshot({ path: `${SHOTS}/access-review-occurrence.png`, fullPage: true });
    expect(alice.pageErrors).toEqual([]);
  });
});
