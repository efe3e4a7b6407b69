import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mainHeading, newPerson, type Person, signInAndEnrol, visible } from './browser.ts';
import { freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let alice: Person;
let nora: Person;
let ed: Person;
let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp';

/** A JSON call in the person's own session (the CSRF token from /me). */
const call = (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      const response = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: await response.text() };
    },
    { method, path, body },
  );

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
  [alice, nora, ed] = await Promise.all([
    newPerson(browser, server.url),
    newPerson(browser, server.url),
    newPerson(browser, server.url),
  ]);
  await signInAndEnrol(alice.page, 'alice@acme.example');
  await signInAndEnrol(nora.page, 'nora@northwind.example');
  await signInAndEnrol(ed.page, 'ed@northwind.example');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await postgres?.drop();
});

describe('(4) Nora edits a clause, Alice approves the proposal, the annex shows it', () => {
  const NEW_SCOPE =
    'Northwind runs the network, Microsoft 365 and the backups, for the plant and the office.';

  it('Nora proposes a change to the scope clause', async () => {
    const { page } = nora;
    await page.goto('/w/acme/engagement');
    await visible(mainHeading(page, 'Engagement'));
    await visible(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Engagement' }));
    await visible(page.getByRole('heading', { name: 'Ownership of documentation' }));
    await visible(page.getByRole('link', { name: /Responsibility annex: map version/ }));
    await page.getByRole('button', { name: 'Propose a change to Scope' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Propose a change to Scope' }));
    await dialog.getByRole('textbox', { name: 'Clause text' }).fill(NEW_SCOPE);
    await dialog.getByRole('button', { name: 'Propose' }).click();
    await visible(page.getByRole('region', { name: /Proposals/ }).getByText(NEW_SCOPE));
    // Proposed, not yet the terms.
    expect(await page.getByTestId('clause-text-scope').textContent()).not.toBe(NEW_SCOPE);
  }, 120_000);

  it('Alice approves it; the terms and the exported annex carry it', async () => {
    const { page } = alice;
    await page.goto('/w/acme/engagement');
    await visible(mainHeading(page, 'Engagement'));
    const proposals = await visible(page.getByRole('region', { name: /Proposals/ }));
    await visible(proposals.getByText(NEW_SCOPE));
    await page.screenshot({ path: `${SHOTS}/engagement-proposal.png`, fullPage: true });
    await proposals.getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(() => page.getByTestId('clause-text-scope').textContent(), { timeout: 15_000 })
      .toBe(NEW_SCOPE);
    await visible(page.getByText('approved proposal'));
    await page.screenshot({ path: `${SHOTS}/engagement-page.png`, fullPage: true });
    const href = await page.getByRole('link', { name: 'Annex (Markdown)' }).getAttribute('href');
    const annex = await call(page, 'GET', href!);
    expect(annex.status).toBe(200);
    expect(annex.body).toContain(NEW_SCOPE);
    expect(annex.body).toContain('Division of responsibilities');
  }, 120_000);
});

describe('(3) offboarding Ed: his token is refused, his open tickets are back in the lane queue', () => {
  it('Nora previews and offboards Ed from the members page', async () => {
    const token = await call(ed.page, 'POST', '/api/v1/w/acme/tokens', {
      name: 'ed-cli',
      scopes: ['read'],
      expiresInDays: 30,
    });
    expect(token.status, token.body).toBe(201);
    const secret = (JSON.parse(token.body) as { secret: string }).secret;
    const withToken = () =>
      fetch(`${server.url}/api/v1/w/acme/backlog`, {
        headers: { authorization: `Bearer ${secret}` },
      });
    const first = await withToken();
    expect(first.status, await first.text()).toBe(200);

    const { page } = nora;
    await page.goto('/w/acme/members');
    await page.getByRole('button', { name: /^Actions for Ed/ }).click();
    await page.getByRole('menuitem', { name: 'Offboard…' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: /^Offboard Ed/ }));
    const returned = await visible(dialog.getByRole('list', { name: 'Tickets returned to the queue' }));
    const keys = (await returned.getByRole('listitem').allTextContents()).map((t) => t.split(' ')[0]!);
    expect(keys.length).toBeGreaterThan(0);
    // Every privileged account the register says Ed holds is to become a revocation task.
    const revoke = await visible(dialog.getByRole('list', { name: 'Privileged accounts to revoke' }));
    const accounts = await revoke.getByRole('listitem').allTextContents();
    expect(accounts.sort()).toEqual([
      'Revoke ed@northwind.example on Microsoft 365 tenant (admin)',
      'Revoke nw-ed.park on Backup appliance (admin)',
      'Revoke nw-ed.park on Core network switch (admin)',
      'Revoke nw-ed.park on ERP (Dynamics NAV) (admin)',
      'Revoke nw-ed.park on File server (admin)',
    ]);
    await page.screenshot({ path: `${SHOTS}/offboarding-preview.png`, fullPage: true });
    type Ticket = { assignee: { name: string | null } | null; lane: { kind: string; name?: string | null } };
    const ticketOf = async (key: string) => {
      const answer = await call(page, 'GET', `/api/v1/w/acme/tickets/${key}`);
      expect(answer.status, key).toBe(200);
      return (JSON.parse(answer.body) as { ticket: Ticket }).ticket;
    };
    const before = new Map<string, Ticket>();
    for (const key of keys) before.set(key, await ticketOf(key));
    expect([...before.values()].every((t) => t.assignee?.name === 'Ed Park')).toBe(true);
    await dialog.getByRole('button', { name: /^Offboard Ed/ }).click();
    await visible(page.getByRole('dialog', { name: /offboarded$/ }));

    // The next call with his token is refused.
    expect((await withToken()).status).not.toBe(200);
    // Every ticket the preview listed is unassigned, in the lane it was in (Northwind's for most;
    // one Ed held in joint triage goes back to that queue).
    for (const key of keys) {
      const ticket = await ticketOf(key);
      expect(ticket.assignee, key).toBeNull();
      expect(ticket.lane, key).toEqual(before.get(key)!.lane);
    }
    expect([...before.values()].some((t) => t.lane.name === 'Northwind IT Services')).toBe(true);
    await page.goto('/w/acme/offboardings');
    await visible(mainHeading(page, 'Offboarding'));
    const record = await visible(page.getByRole('article', { name: /^OFF-1 Ed/ }));
    // His privileged accounts are open revocation tasks on the record, one row each.
    for (const account of accounts) await visible(record.getByRole('cell', { name: account, exact: true }));
    await visible(record.getByText('In progress'));
    await page.screenshot({ path: `${SHOTS}/offboarding-records.png`, fullPage: true });
  }, 180_000);
});
