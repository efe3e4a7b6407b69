import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPerson, type Person, signInPasswordOnly, startServerAndBrowser, visible } from './browser.ts';
import { apiSession, type RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let ian: Person;
let rob: Person;
let ticketKey = '';

const SUBJECT = 'Label printer jams on the warehouse PC';
const WORD = 'zorblax';

async function resolvedTicket() {
  const { headers } = await apiSession(server.url, 'ian@acme.example');
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.url}/api/v1/w/acme${path}`, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (response.status >= 300)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const map = await api<{ services: Array<{ id: string; key: string }> }>('GET', '/responsibility/map');
  const service = map.services.find((s) => s.key === 'endpoint-management')!;
  const created = await api<{ ticket: { key: string } }>('POST', '/tickets', {
    serviceId: service.id,
    subject: SUBJECT,
    description: 'The label printer jams after every third label.',
  });
  const key = created.ticket.key;
  await api('POST', `/tickets/${key}/comments`, {
    body: 'Cleaned the rollers and set the media type to gap labels.',
    visibility: 'public',
  });
  const { ticket } = await api<{ ticket: { version: number } }>('GET', `/tickets/${key}`);
  await api('PATCH', `/tickets/${key}`, { version: ticket.version, status: 'resolved' });
  return key;
}

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  [ian, rob] = await Promise.all([newPerson(browser, server.url), newPerson(browser, server.url)]);
  await Promise.all([
    signInPasswordOnly(ian.page, 'ian@acme.example'),
    signInPasswordOnly(rob.page, 'rob@acme.example'),
  ]);
  ticketKey = await resolvedTicket();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('knowledge that stays with the business, in the browser', () => {
  it('turns a resolved ticket into a draft with "Write this up", edits it and publishes it as a runbook', async () => {
    const { page } = ian;
    await page.goto(`/w/acme/tickets/${ticketKey}`);
    await visible(page.getByRole('heading', { level: 1, name: SUBJECT }));
    // At once, as a quick person would: the card is first in the side column, so the panels that
    // load after the page shows do not move it (they used to, leaving its dropdown under another card).
    await page.getByRole('combobox', { name: 'Article type' }).click();
    await page.getByRole('option', { name: 'Runbook' }).click();
    await page.getByRole('button', { name: 'Write this up' }).click();

    await visible(page.getByRole('form', { name: 'Edit the article' }));
    const body = page.getByRole('textbox', { name: 'Body (Markdown)' });
    expect(await body.inputValue()).toContain('Cleaned the rollers and set the media type to gap labels.');
    await body.fill(
      `${await body.inputValue()}\n\n## Prevention\n\nRun the ${WORD} calibration after each roll change.\n\n<script>alert(1)</script>`,
    );
    await page.getByRole('textbox', { name: 'What changed (optional)' }).fill('Added prevention');
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(
      page.getByRole('article', { name: 'Article' }).getByRole('heading', { name: 'Prevention' }),
    );
    // The script arrives as text, never as an element.
    expect(await page.locator('article script').count()).toBe(0);

    await page.getByRole('button', { name: 'Publish' }).click();
    await visible(page.getByText('Published', { exact: true }).first());
    await visible(page.getByText('Runbook', { exact: true }).first());
    await visible(page.getByRole('link', { name: new RegExp(`${ticketKey}: ${SUBJECT}`) }));
    await visible(page.getByText('Version 3 (current)'));
    const addLink = page.getByRole('form', { name: 'Add a link' });
    await addLink.getByRole('combobox', { name: 'Service' }).click();
    await page.getByRole('option', { name: 'Network and connectivity' }).click();
    await addLink.getByRole('button', { name: 'Link' }).click();
    await visible(page.getByRole('list', { name: 'Links' }).getByText('Service: Network and connectivity'));
    await page.getByRole('button', { name: 'Compare version 2 with the current one' }).click();
    const dialog = page.getByRole('dialog', { name: 'What changed' });
    await visible(dialog.getByText('Version 2 → version 3'));
    await visible(dialog.getByText('status: draft → published'));
    await page.keyboard.press('Escape');
  });

  it('finds the runbook by search with a highlighted snippet', async () => {
    const { page } = ian;
    await page.goto('/w/acme/knowledge');
    await visible(page.getByRole('heading', { level: 1, name: 'Knowledge base' }));
    await page.getByRole('textbox', { name: 'Search articles' }).fill(WORD);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByRole('list', { name: 'Search results' });
    await visible(results.getByRole('link', { name: SUBJECT }));
    await visible(results.locator('mark', { hasText: WORD }));
    await page.screenshot({ path: '/tmp/knowledge-search.png', fullPage: true });
    await results.getByRole('link', { name: SUBJECT }).click();
    await visible(page.getByRole('heading', { level: 1, name: SUBJECT }));
    await page.screenshot({ path: '/tmp/knowledge-article.png', fullPage: true });
  });

  it('keeps the staff-only runbook away from the requester, and suggests a public article on their request', async () => {
    const { page } = rob;
    const { headers } = await apiSession(server.url, 'rob@acme.example');
    const catalogue = (await (await fetch(`${server.url}/api/v1/w/acme/catalogue`, { headers })).json()) as {
      items: Array<{ id: string; fields: Array<{ required: boolean }> }>;
    };
    const item = catalogue.items.find((i) => i.fields.every((f) => !f.required))!;
    const created = await fetch(`${server.url}/api/v1/w/acme/tickets`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        catalogueItemId: item.id,
        subject: 'Cannot join the guest wifi',
        description: 'My visitor cannot connect to the guest wifi.',
      }),
    });
    const { ticket } = (await created.json()) as { ticket: { key: string } };
    await page.goto(`/w/acme/portal/requests/${ticket.key}`);
    const suggested = page.getByRole('region', { name: 'These articles may help' });
    await visible(suggested.getByRole('link', { name: 'Connect to the guest wifi' }));
    expect(await suggested.getByRole('link', { name: SUBJECT }).count()).toBe(0);

    await page.goto('/w/acme/knowledge');
    await visible(page.getByRole('heading', { level: 1, name: 'Knowledge base' }));
    await visible(page.getByRole('link', { name: 'Connect to the guest wifi' }));
    expect(await page.getByRole('link', { name: SUBJECT }).count()).toBe(0);
    expect([...ian.pageErrors, ...rob.pageErrors]).toEqual([]);
  });
});

describe('staff start an article from the knowledge base', () => {
  it('a refused title is marked until it is edited, then the draft opens for editing', async () => {
    const { page } = ian;
    await page.goto('/w/acme/knowledge');
    await visible(page.getByRole('heading', { level: 1, name: 'Knowledge base' }));
    await page.getByRole('button', { name: 'New article' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'New article' }));
    const title = dialog.getByRole('textbox', { name: 'Title' });
    // Spaces pass the browser's check of a required field; the server refuses them.
    await title.fill('   ');
    await dialog.getByRole('button', { name: 'Create draft' }).click();
    await visible(dialog.getByText('must not be empty'));
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Runbook' }).click();
    await title.fill('Restart the print spooler');
    await expect.poll(() => title.getAttribute('aria-invalid')).not.toBe('true');
    await dialog.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/knowledge\/KB-\d+\?edit=true$/);
    const form = await visible(page.getByRole('form', { name: 'Edit the article' }));
    expect(await form.getByRole('textbox', { name: 'Title' }).inputValue()).toBe('Restart the print spooler');
    expect(await form.getByRole('combobox', { name: 'Type' }).inputValue()).toBe('Runbook');
    expect(ian.pageErrors).toEqual([]);
  });
});
