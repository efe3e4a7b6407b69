import type { Browser, Page } from 'playwright-core';
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
let ed: Person;
let alice: Person;
let ian: Person;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  [ed, alice, ian] = await Promise.all([
    newPerson(browser, server.url),
    newPerson(browser, server.url),
    newPerson(browser, server.url),
  ]);
  await signInAndEnrol(ed.page, 'ed@northwind.example');
  await signInAndEnrol(alice.page, 'alice@acme.example');
  await signInPasswordOnly(ian.page, 'ian@acme.example');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Calls the API from inside the page, as the page would, with its CSRF token. */
const apiFromPage = (page: Page, path: string, body: unknown) =>
  page.evaluate(
    async ([p, b]) => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      const response = await fetch(p as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify(b),
      });
      return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
    },
    [path, body] as const,
  );

describe('responsibility map in the browser', () => {
  it('shows the deliberate gap in place, takes an engineer’s proposal and makes it current when the internal lead approves', async () => {
    const { page } = ed;
    await page.goto('/w/acme/responsibility');
    await visible(page.getByRole('heading', { name: 'Responsibility map', level: 1 }));
    // The demo leaves nobody Responsible for domains, DNS and certificates.
    await visible(page.getByText(/Nobody is Responsible for "Domains, DNS and certificates"/).first());

    await page.getByRole('button', { name: 'Propose changes' }).click();
    const toggle = page.getByRole('button', {
      name: 'Northwind IT Services Consulted for Network and connectivity',
    });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Proposed changes (1)' }).click();
    await page.getByLabel('Title').fill('Consult Northwind on network changes');
    await page.getByRole('button', { name: 'Submit proposal' }).click();
    await page.waitForURL(/\/responsibility\/proposals\/\d+$/);
    const number = Number(page.url().split('/').pop());
    // An engineer proposes; only the internal lead decides.
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    const lead = alice.page;
    await lead.goto(`/w/acme/responsibility/proposals/${number}`);
    await visible(lead.getByText('Consult Northwind on network changes').first());
    await lead.getByRole('button', { name: 'Approve' }).click();
    await lead.getByLabel('Note (optional)').fill('Agreed at the monthly review');
    await lead.getByRole('button', { name: 'Approve proposal' }).click();
    await visible(lead.getByText(/version 3/i).first());

    await lead.goto('/w/acme/responsibility');
    await visible(lead.getByText(/Version 3/).first());
    type MapBody = {
      services: Array<{ id: string; key: string }>;
      parties: Array<{ id: string; kind: string }>;
      assignments: unknown[];
    };
    const map = (await lead.evaluate(async () =>
      (await fetch('/api/v1/w/acme/responsibility/map')).json(),
    )) as MapBody;
    const network = map.services.find((s) => s.key === 'network')!;
    const northwind = map.parties.find((p) => p.kind === 'provider')!;
    expect(map.assignments).toContainEqual(
      expect.objectContaining({ serviceId: network.id, partyId: northwind.id, role: 'C' }),
    );
    expect([...ed.pageErrors, ...alice.pageErrors]).toEqual([]);
  });

  it('offers an internal agent no approval, and the server refuses one sent anyway', async () => {
    const { page } = ian;
    await page.goto('/w/acme/responsibility/proposals/2');
    await visible(page.getByText('Northwind to own domain, DNS and certificate renewals').first());
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    const refused = await apiFromPage(page, '/api/v1/w/acme/responsibility/proposals/2/approve', {});
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toContain('internal IT lead');

    await page.goto('/w/acme/decisions/3');
    await visible(page.getByText(/Temporary Global Administrator/).first());
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    const decision = await apiFromPage(page, '/api/v1/w/acme/decisions/3/approve', {
      rationale: 'Looks fine to me',
    });
    expect(decision.status).toBe(403);
    expect(decision.body.error?.message).toContain('needs the decision right held by the internal IT lead');
    expect(ian.pageErrors).toEqual([]);
  });

  it('service priorities: the provider proposes one (a direct change is refused), the internal lead approves it', async () => {
    const { page } = ed;
    await page.goto('/w/acme/responsibility');
    const panel = await visible(page.getByRole('region', { name: 'Service priorities' }));
    // Demo priorities are on the map.
    await visible(
      page.getByRole('rowheader', { name: /Line-of-business applications.*Priority 1 Critical/ }).first(),
    );
    const refused = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      const map = (await (await fetch('/api/v1/w/acme/responsibility/map')).json()) as {
        services: { id: string; key: string; version: number }[];
      };
      const phone = map.services.find((s) => s.key === 'telephony')!;
      const response = await fetch(`/api/v1/w/acme/services/${phone.id}/priority`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ version: phone.version, businessPriority: 1 }),
      });
      return { status: response.status, body: (await response.json()) as { error: { message: string } } };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(
      "Only the internal IT lead sets the workspace's service priorities",
    );
    await panel.getByLabel('Priority of Voice and telephony').click();
    await page.getByRole('option', { name: '1 Critical' }).click();
    await panel.getByLabel('Why these priorities').fill('The sales team lives on the phone.');
    await panel.getByRole('button', { name: 'Propose 1 priority' }).click();
    await page.waitForURL(/\/responsibility\/proposals\/\d+$/);
    const number = Number(page.url().split('/').pop());
    await visible(page.getByText('Voice and telephony: 3 Medium → 1 Critical'));

    const lead = alice.page;
    await lead.goto(`/w/acme/responsibility/proposals/${number}`);
    await lead.getByRole('button', { name: 'Approve' }).click();
    await lead.getByRole('button', { name: 'Approve proposal' }).click();
    await visible(lead.getByText(/version 4/i).first());
    await lead.goto('/w/acme/responsibility');
    await visible(lead.getByRole('rowheader', { name: /Voice and telephony.*Priority 1 Critical/ }).first());
    await lead.screenshot({ path: '/tmp/responsibility-priorities.png', fullPage: true });
    expect([...ed.pageErrors, ...alice.pageErrors]).toEqual([]);
  });
});
