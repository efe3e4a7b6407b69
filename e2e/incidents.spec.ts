import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  mainHeading,
  newPerson,
  type Person,
  signInAndEnrol,
  signInPasswordOnly,
  visible,
} from './browser.ts';
import { freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let alice: Person;
let rob: Person;
let ed: Person;
let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;

const TITLE = 'Wi-Fi down across the factory floor';
const UPDATE = 'Engineers are replacing the failed controller; next update by 15:30.';
const ACTION = 'Spare wireless controller kept on site';
const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp';

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
  [alice, rob, ed] = await Promise.all([
    newPerson(browser, server.url),
    newPerson(browser, server.url),
    newPerson(browser, server.url),
  ]);
  await signInAndEnrol(alice.page, 'alice@acme.example');
  await signInPasswordOnly(rob.page, 'rob@acme.example');
  await signInAndEnrol(ed.page, 'ed@northwind.example');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await postgres?.drop();
});

describe('a major incident from declaration to the backlog, in the browser', () => {
  let incidentKey = '';

  it('lets the internal lead declare a major incident from a ticket', async () => {
    const { page } = alice;
    await page.goto('/w/acme/tickets/ACME-5');
    await page.getByRole('link', { name: 'Declare major incident' }).click();
    await visible(page.getByRole('dialog', { name: 'Declare a major incident' }));
    expect(await page.getByRole('textbox', { name: 'Tickets' }).inputValue()).toBe('ACME-5');
    await page.getByRole('textbox', { name: 'Title' }).fill(TITLE);
    await page
      .getByRole('textbox', { name: 'Impact' })
      .fill('Scanners and handhelds offline; orders cannot ship.');
    await page
      .getByRole('dialog', { name: 'Declare a major incident' })
      .getByRole('button', { name: 'Declare major incident' })
      .click();
    await page.waitForURL(/\/w\/acme\/incidents\/MI-\d+$/);
    incidentKey = new URL(page.url()).pathname.split('/').pop()!;
    await visible(mainHeading(page, `${incidentKey} ${TITLE}`));
    await visible(page.getByRole('link', { name: /ACME-5/ }));
    await visible(page.getByText('Declared a major incident: Wi-Fi down across the factory floor'));

    // The ticket now names its incident and links back to it.
    await page.goto('/w/acme/tickets/ACME-5');
    await visible(page.getByText(`Part of an open major incident: ${incidentKey}`));
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(new RegExp(`/w/acme/incidents/${incidentKey}$`));
  });

  it('posts a stakeholder update that the requester sees as a banner in the portal', async () => {
    const { page } = alice;
    await page.getByRole('textbox', { name: 'Update' }).fill(UPDATE);
    await page.getByRole('button', { name: 'Post update' }).click();
    await visible(page.getByRole('region', { name: 'Stakeholder updates' }).getByText(UPDATE));

    await rob.page.goto('/w/acme/portal');
    const banner = await visible(rob.page.getByTestId('incident-banner'));
    await visible(banner.getByText(`Major incident: ${TITLE}`));
    await visible(banner.getByText(UPDATE));
    await rob.page.screenshot({ path: `${SHOTS}/incidents-portal-banner.png`, fullPage: true });
  });

  it('shows the banner on the requester’s own request linked to the incident', async () => {
    const name = await alice.page.evaluate(
      async () =>
        (
          (await (await fetch('/api/v1/w/acme/tickets/ACME-5')).json()) as {
            ticket: { requester: { name: string } };
          }
        ).ticket.requester.name,
    );
    const emails: Record<string, string> = {
      'Rob Mills': 'rob@acme.example',
      'Sam Lee': 'sam@acme.example',
      'Tara Singh': 'tara@acme.example',
    };
    expect(emails[name], `ACME-5's requester ${name} is a demo requester`).toBeDefined();
    const requester = await newPerson(browser, server.url);
    await signInPasswordOnly(requester.page, emails[name]!);
    await requester.page.goto('/w/acme/portal/requests/ACME-5');
    const banner = await visible(requester.page.getByTestId('incident-banner'));
    await visible(banner.getByText(`Major incident: ${TITLE}`));
    await visible(banner.getByText(UPDATE));
    await requester.context.close();
  });

  it('refuses a provider engineer: no declare button, the right holder named, and 403 from the server', async () => {
    const { page } = ed;
    await page.goto('/w/acme/incidents');
    await visible(mainHeading(page, 'Major incidents'));
    await visible(page.getByText(/Declaring needs the decision right, held by the internal IT lead/));
    expect(await page.getByRole('button', { name: 'Declare major incident' }).count()).toBe(0);
    const refused = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      const response = await fetch('/api/v1/w/acme/incidents', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ title: 'Provider outage', ticketKeys: ['ACME-5'] }),
      });
      return {
        status: response.status,
        body: (await response.json()) as { error: { code: string; message: string } },
      };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('DECISION_RIGHT_REQUIRED');
    expect(refused.body.error.message).toContain('the internal IT lead');
    await page.screenshot({ path: `${SHOTS}/incidents-list-provider.png`, fullPage: true });

    // The demo's past incident: its review is completed and its actions sit on the backlog.
    await page.getByRole('link', { name: /^MI-1 / }).click();
    await visible(page.getByText('Completed', { exact: true }));
    const actions = page.getByRole('list', { name: 'Review actions' }).getByRole('listitem');
    expect(await actions.count()).toBe(3);
    await page.screenshot({ path: `${SHOTS}/incidents-demo-mi1.png`, fullPage: true });
  });

  it('resolves the incident, takes the banner down, and writes the review whose action lands on the backlog', async () => {
    const { page } = alice;
    await page
      .getByRole('textbox', { name: 'How was it resolved?' })
      .fill('Controller replaced; all access points back.');
    await page.getByRole('button', { name: 'Resolve incident' }).click();
    await visible(page.getByRole('heading', { name: 'Post-incident review' }));
    await visible(page.getByText(/Controller replaced; all access points back\./).first());

    await page
      .getByRole('textbox', { name: 'What happened' })
      .fill('The only wireless controller failed at 14:05.');
    await page
      .getByRole('textbox', { name: 'Causes' })
      .fill('A single controller with no spare or failover.');
    await page
      .getByRole('textbox', { name: 'What went well' })
      .fill('Declared within minutes; updates on time.');
    await page.getByRole('button', { name: 'Save review' }).click();
    await visible(page.getByText('Draft', { exact: true }));

    await page.getByRole('textbox', { name: 'Improvement' }).fill(ACTION);
    await page.getByRole('textbox', { name: 'Why' }).fill('The controller is a single point of failure.');
    await page.getByRole('combobox', { name: 'Owner party' }).click();
    await page.getByRole('option', { name: 'Northwind IT Services' }).click();
    await page.getByRole('button', { name: 'Add action to the backlog' }).click();
    await visible(page.getByRole('list', { name: 'Review actions' }).getByText(new RegExp(ACTION)));
    await page.getByRole('button', { name: 'Complete the review' }).click();
    await visible(page.getByText('Completed', { exact: true }));
    await page.screenshot({ path: `${SHOTS}/incidents-review.png`, fullPage: true });

    await rob.page.reload();
    await visible(rob.page.getByRole('heading', { level: 1, name: 'Request help' }));
    expect(await rob.page.getByText(UPDATE).count()).toBe(0);
  });

  it('shows the action on the backlog board and moves it with the keyboard', async () => {
    const { page } = alice;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Improvement backlog' })
      .click();
    await visible(mainHeading(page, 'Improvement backlog'));
    const proposed = page.getByTestId('backlog-column-proposed');
    await visible(proposed.getByText(ACTION));
    await visible(proposed.getByText(`Post-incident review: ${incidentKey}`, { exact: false }));
    const moveRight = page.getByRole('button', { name: new RegExp(`^Move to Planned: IMP-\\d+ ${ACTION}$`) });
    await moveRight.focus();
    await page.keyboard.press('Enter');
    await visible(page.getByTestId('backlog-column-planned').getByText(ACTION));
    // Focus follows the item, so the next key press moves it on.
    await page.waitForFunction(
      `document.activeElement?.getAttribute('aria-label')?.includes(${JSON.stringify(ACTION)}) ?? false`,
    );
    // Editing an item from its card (its priority here); moves stay on the board's buttons.
    await page.getByRole('button', { name: new RegExp(`^Edit IMP-\\d+ ${ACTION}$`) }).click();
    const dialog = await visible(page.getByRole('dialog', { name: /^Edit IMP-\d+$/ }));
    // The dialog starts from the item as saved.
    expect(await dialog.getByRole('textbox', { name: 'Improvement' }).inputValue()).toBe(ACTION);
    await dialog.getByRole('combobox', { name: 'Priority' }).click();
    await page.getByRole('option', { name: 'High' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const card = page
      .getByTestId('backlog-column-planned')
      .getByTestId(/^backlog-item-/)
      .filter({ hasText: ACTION });
    await visible(card.getByText('High', { exact: true }));
    // A new item from the board's own dialog lands as proposed.
    await page.getByRole('button', { name: 'New backlog item' }).click();
    const added = await visible(page.getByRole('dialog', { name: 'New backlog item' }));
    await added.getByRole('textbox', { name: 'Improvement' }).fill('Rotate the backup encryption key');
    await added.getByRole('combobox', { name: 'Owner party' }).click();
    await page.getByRole('option').first().click();
    await added.getByRole('button', { name: 'Add to backlog' }).click();
    await added.waitFor({ state: 'hidden' });
    await visible(proposed.getByText('Rotate the backup encryption key'));
    await page.screenshot({ path: `${SHOTS}/incidents-backlog-board.png`, fullPage: true });
    expect(alice.pageErrors).toEqual([]);
    expect(rob.pageErrors).toEqual([]);
    expect(ed.pageErrors).toEqual([]);
  });
});
