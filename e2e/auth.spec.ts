import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode } from '../src/accounts/totp.ts';
import {
  completeEnrolment,
  mainHeading,
  newPerson,
  startServerAndBrowser,
  submitSignIn,
  visible,
} from './browser.ts';
import type { RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;

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
});
