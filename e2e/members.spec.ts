import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mainHeading,
  navigationLoaded,
  newPerson,
  type Person,
  signInAndEnrol,
  startServerAndBrowser,
  submitSignIn,
  visible,
} from './browser.ts';
import type { RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
/** Alice, Acme's internal IT lead, signed in with two-step sign-in. */
let alice: Person;
/** The person Alice invites, in a browser context of their own. */
let newcomer: Person;
let inviteLink = '';

const EMAIL = 'new.person@acme.example';
const NAME = 'Nina Newcomer';
const PASSWORD = 'a long enough passphrase';

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  alice = await newPerson(browser, server.url);
  await signInAndEnrol(alice.page, 'alice@acme.example');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The newcomer's row in the members table (the wide-screen layout). */
const memberRow = (list: Pick<Page, 'getByRole'>) => list.getByRole('row').filter({ hasText: EMAIL });

describe('members and invitations in the browser', () => {
  it('lets the internal lead invite a requester and shows the one-time link', async () => {
    const { page, pageErrors } = alice;
    const nav = await navigationLoaded(page);
    await nav.getByRole('link', { name: 'Members & parties' }).click();
    await page.waitForURL(/\/w\/acme\/members/);
    await visible(mainHeading(page, 'Members & parties'));
    // The demo's members are listed; the newcomer is not yet.
    await visible(page.getByRole('row').filter({ hasText: 'ian@acme.example' }));
    expect(await memberRow(page).count()).toBe(0);

    await page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Invite someone' }));
    await dialog.getByRole('textbox', { name: 'Email' }).fill(EMAIL);
    await dialog.getByRole('combobox', { name: 'Party' }).click();
    await page.getByRole('option', { name: 'No party: a requester' }).click();
    const role = dialog.getByRole('combobox', { name: 'Role' });
    await role.click();
    await page.getByRole('option', { name: 'Requester' }).click();
    expect(await role.inputValue()).toBe('Requester');
    await dialog.getByRole('button', { name: 'Create invitation link' }).click();

    const created = await visible(page.getByRole('dialog', { name: 'Invitation created' }));
    expect(await created.textContent()).toContain(`Send it to ${EMAIL}`);
    inviteLink = await created.getByRole('textbox', { name: 'Invitation link' }).inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{20,}$`));
    await created.getByRole('button', { name: 'Done' }).click();
    await created.waitFor({ state: 'hidden' });
    // The pending invitation is listed under the members; the link itself is not shown again.
    const open = page.getByRole('list', { name: 'Open invitations' }).getByRole('listitem');
    const pending = await visible(open.filter({ hasText: EMAIL }));
    expect(await pending.textContent()).toContain('No party · Requester · invited by Alice Hart');
    expect(await page.getByText(inviteLink).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('lets the invited person open the link in a fresh browser, create an account and land in Acme', async () => {
    expect(inviteLink).not.toBe('');
    newcomer = await newPerson(browser, server.url);
    const { page, pageErrors } = newcomer;
    await page.goto(inviteLink);
    await visible(mainHeading(page, 'Join Acme Manufacturing'));
    const details = page.getByRole('table');
    expect(await details.textContent()).toContain(EMAIL);
    expect(await details.textContent()).toContain('Requester');

    await page.getByRole('textbox', { name: 'Your name' }).fill(NAME);
    // Too short first: the server's rule is shown and nothing is created.
    await page.getByRole('textbox', { name: 'Choose a password' }).fill('too short');
    await page.getByRole('textbox', { name: 'Repeat the password' }).fill('too short');
    await page.getByRole('button', { name: 'Create account and join' }).click();
    const tooShort = await visible(page.getByText(/must be at least 12 characters/));
    // The message belongs to the password field: a screen reader reads it with the field.
    const describedBy = await page
      .getByRole('textbox', { name: 'Choose a password' })
      .getAttribute('aria-describedby');
    expect(describedBy?.split(/\s+/)).toContain(await tooShort.getAttribute('id'));
    expect(new URL(page.url()).pathname).toMatch(/^\/invite\//);

    await page.getByRole('textbox', { name: 'Choose a password' }).fill(PASSWORD);
    await page.getByRole('textbox', { name: 'Repeat the password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    // A requester's home in a workspace is the portal: what they can ask for.
    await page.waitForURL(/\/w\/acme\/portal$/);
    await visible(mainHeading(page, 'Request help'));
    await visible(page.getByText('Acme Manufacturing').first());
    await visible(page.getByRole('button', { name: `Account menu for ${NAME}` }));
    expect(pageErrors).toEqual([]);
  });

  it('shows the new person in the lead’s member list, and deactivating them shows them as deactivated', async () => {
    const { page, pageErrors } = alice;
    await page.goto('/w/acme/members');
    const row = await visible(memberRow(page));
    expect(await row.textContent()).toContain(NAME);
    expect(await row.textContent()).toContain('Requester');
    await visible(row.getByText('Active', { exact: true }));

    await row.getByRole('button', { name: `Actions for ${NAME}` }).click();
    await page.getByRole('menuitem', { name: 'Deactivate' }).click();
    const confirm = await visible(page.getByRole('dialog', { name: `Deactivate ${NAME}?` }));
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await confirm.waitFor({ state: 'hidden' });

    // Gone from the active members; listed under the deactivated ones, marked as such.
    await row.waitFor({ state: 'detached' });
    const filters = page.getByRole('search', { name: 'Filter members' });
    await filters.getByText('Deactivated', { exact: true }).click();
    expect(await filters.getByRole('radio', { name: 'Deactivated' }).isChecked()).toBe(true);
    await page.waitForURL(/status=deactivated/);
    const deactivated = await visible(memberRow(page));
    await visible(deactivated.getByText('Deactivated', { exact: true }));
    expect(await deactivated.getByText('Active', { exact: true }).count()).toBe(0);
    // It is the server's state, not just the page's: a reload still shows it.
    await page.reload();
    await visible(memberRow(page).getByText('Deactivated', { exact: true }));
    expect(pageErrors).toEqual([]);
  });

  it('no longer shows the workspace to the deactivated person on their next page load', async () => {
    const { page, pageErrors } = newcomer;
    await page.reload();
    // Either signed out or signed in without a workspace: never Acme's pages.
    await visible(
      mainHeading(page, 'Sign in')
        .or(page.getByText('No workspace here for you'))
        .or(page.getByText('You are not in a workspace yet')),
    );
    expect(await page.getByText('Acme Manufacturing').count()).toBe(0);

    // Signing in again (the account itself is still active) leads to no workspace at all.
    await submitSignIn(page, EMAIL, PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    await visible(mainHeading(page, 'Welcome to Tandem'));
    await visible(page.getByText('You are not in a workspace yet'));
    expect(await page.getByText('Acme Manufacturing').count()).toBe(0);
    await page.goto('/w/acme');
    await visible(page.getByText('No workspace here for you'));
    expect(await mainHeading(page, 'Acme Manufacturing').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Members & parties' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
