import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode } from '../src/accounts/totp.ts';
import {
  completeEnrolment,
  mainHeading,
  newPerson,
  signInPasswordOnly,
  startServerAndBrowser,
  submitSignIn,
  visible,
} from './browser.ts';
import { DEMO_PASSWORD, type RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
/** Alice's recovery codes from her enrolment in the first test; the recovery-code test uses one. */
let aliceRecoveryCodes: string[] = [];

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('sign-in in the browser', () => {
  it('enrols a lead in two-step sign-in at first sign-in, then asks for a code at the next one', async () => {
    const { page, context, pageErrors } = await newPerson(browser, server.url);

    // Opening the app without a session leads to the sign-in page.
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await visible(mainHeading(page, 'Sign in'));

    await submitSignIn(page, 'alice@acme.example');
    const { secret, recoveryCodes, codeTime } = await completeEnrolment(page);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    aliceRecoveryCodes = recoveryCodes;

    await page.waitForURL(/\/w\/acme$/);
    await visible(mainHeading(page, 'Acme Manufacturing'));

    // Sign out through the account menu.
    await page.getByRole('button', { name: 'Account menu for Alice Hart' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await visible(mainHeading(page, 'Sign in'));
    // The session is gone: the workspace sends her back to sign in.
    await page.goto('/w/acme');
    await page.waitForURL(/\/login/);

    // The next sign-in asks for a code. The code used for enrolment is refused as a replay.
    await submitSignIn(page, 'alice@acme.example');
    await page.waitForURL(/\/mfa(\?|$)/);
    await visible(mainHeading(page, 'Two-factor authentication'));
    const code = page.getByRole('textbox', { name: 'Authentication code' });
    await code.fill(currentTotpCode(secret, codeTime));
    await page.getByRole('button', { name: 'Verify' }).click();
    const refused = await visible(page.getByRole('alert').filter({ hasText: 'Not verified' }));
    expect(await refused.textContent()).toContain('That code is not right or was already used.');
    expect(page.url()).toMatch(/\/mfa(\?|$)/);

    await code.fill(currentTotpCode(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(/\/w\/acme$/);
    await visible(mainHeading(page, 'Acme Manufacturing'));

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows the server’s message for a wrong password and stays on the sign-in page', async () => {
    const { page, context, pageErrors } = await newPerson(browser, server.url);
    await submitSignIn(page, 'ian@acme.example', 'not the password');
    const alert = await visible(page.getByRole('alert').filter({ hasText: 'Could not sign in' }));
    expect(await alert.textContent()).toContain('The email or password is not right.');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('signs in an internal agent with no second step straight to the workspace', async () => {
    const { page, context, pageErrors } = await newPerson(browser, server.url);
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
    });
    await submitSignIn(page, 'ian@acme.example');
    await page.waitForURL(/\/w\/acme$/);
    await visible(mainHeading(page, 'Acme Manufacturing'));
    expect(visited.filter((p) => p.startsWith('/mfa'))).toEqual([]);
    await visible(page.getByRole('button', { name: 'Account menu for Ian Cole' }));
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('signs in with a recovery code instead of the authenticator after a wrong one is refused', async () => {
    expect(aliceRecoveryCodes).toHaveLength(10);
    const { page, context, pageErrors } = await newPerson(browser, server.url);
    await submitSignIn(page, 'alice@acme.example');
    await page.waitForURL(/\/mfa(\?|$)/, { timeout: 45_000 });
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    const field = await visible(page.getByRole('textbox', { name: 'Recovery code' }));
    await field.fill('not-a-recovery-code');
    await page.getByRole('button', { name: 'Verify' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Not verified' }));
    await field.fill(aliceRecoveryCodes[0] ?? '');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(/\/w\/acme$/);
    await visible(mainHeading(page, 'Acme Manufacturing'));
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('changes a password on My account: a mismatch and a wrong current password are shown on their fields', async () => {
    const { page, context, pageErrors } = await newPerson(browser, server.url);
    await signInPasswordOnly(page, 'rob@acme.example');
    await page.goto('/account');
    await visible(mainHeading(page, 'My account'));
    const current = page.getByRole('textbox', { name: 'Current password' });
    const next = page.getByRole('textbox', { name: 'New password', exact: true });
    const repeat = page.getByRole('textbox', { name: 'Repeat new password' });
    const change = page.getByRole('button', { name: 'Change password' });
    const newPassword = 'a longer passphrase for Rob';

    await current.fill('not the password');
    await next.fill(newPassword);
    await repeat.fill('a different passphrase');
    await change.click();
    await visible(page.getByText('The two passwords differ.'));
    // Editing the repeat clears its message; the server then refuses the current password on its field.
    await repeat.fill(newPassword);
    await page.getByText('The two passwords differ.').waitFor({ state: 'detached' });
    await change.click();
    await visible(page.getByText('The current password is not right.'));
    await current.fill(DEMO_PASSWORD);
    await page.getByText('The current password is not right.').waitFor({ state: 'detached' });
    await change.click();
    await visible(page.getByText('Your other sessions have been signed out.'));
    // The form starts again empty.
    await expect.poll(() => current.inputValue()).toBe('');
    expect(await next.inputValue()).toBe('');
    expect(await repeat.inputValue()).toBe('');
    await context.close();

    // The new password signs Rob in.
    const again = await newPerson(browser, server.url);
    await signInPasswordOnly(again.page, 'rob@acme.example', newPassword);
    expect([...pageErrors, ...again.pageErrors]).toEqual([]);
    await again.context.close();
  });
});
