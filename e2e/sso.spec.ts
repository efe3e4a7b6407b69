import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdentityProvider } from '../src/sso/test-identity-provider.ts';
import { launchBrowser, mainHeading, newPerson, signInAndEnrol, visible } from './browser.ts';
import { freePort, type RunningServer, startServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let idp: Awaited<ReturnType<typeof startTestIdentityProvider>>;

beforeAll(async () => {
  const port = await freePort();
  idp = await startTestIdentityProvider(`http://127.0.0.1:${port}/api/v1/auth/sso/example-id/callback`, [
    `http://127.0.0.1:${port}/login`,
  ]);
  idp.signInAs({ sub: 'rob-at-example-id', email: 'rob@acme.example', emailVerified: true, amr: ['pwd'] });
  const providers = [
    {
      id: 'example-id',
      name: 'Example ID',
      issuer: idp.issuer,
      clientId: 'tandem',
      clientSecret: 'tandem-test-secret',
      signOutAtProvider: true,
    },
  ];
  [server, browser] = await Promise.all([
    startServer({ port, env: { TANDEM_OIDC_PROVIDERS: JSON.stringify(providers) } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await idp?.close();
});

describe('single sign-on in the browser', () => {
  it('signs an invited requester in with the provider button', async () => {
    const { page, pageErrors } = await newPerson(browser, server.url);
    await page.goto('/login');
    const button = await visible(page.getByRole('link', { name: 'Sign in with Example ID' }));
    await page.screenshot({ path: '/tmp/sso-login.png' });
    await button.click();
    await page.waitForURL(/\/w\/acme/);
    await visible(page.getByRole('navigation', { name: 'Main' }));
    await page.screenshot({ path: '/tmp/sso-signed-in.png' });

    // Signing out of Tandem signs out at the provider too (configured so), which sends the browser back.
    await page.getByRole('button', { name: /^Account menu for / }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${idp.issuer}/session/end`));
    await page.screenshot({ path: '/tmp/sso-provider-sign-out.png' });
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${server.url}/login`);
    await visible(page.getByRole('link', { name: 'Sign in with Example ID' }));
    const me = await page.request.get('/api/v1/me');
    expect(me.status()).toBe(401);
    expect(pageErrors).toEqual([]);
  });

  it('shows why a stranger is refused', async () => {
    idp.signInAs({ sub: 'stranger', email: 'stranger@example.test', emailVerified: true, amr: ['pwd'] });
    const { page } = await newPerson(browser, server.url);
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with Example ID' }).click();
    await page.waitForURL(/\/login\?sso_error=SSO_NOT_INVITED/);
    await visible(page.getByRole('alert').filter({ hasText: 'ask a lead to invite this address first' }));
    await page.screenshot({ path: '/tmp/sso-refused.png' });
  });

  it('lets people of a domain the internal lead opened join as requesters', async () => {
    const lead = await newPerson(browser, server.url);
    await signInAndEnrol(lead.page, 'alice@acme.example');
    await lead.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Sign-in domains' })
      .click();
    await visible(mainHeading(lead.page, 'Sign-in domains'));
    await visible(lead.page.getByText('No domain may join by itself'));
    const form = lead.page.getByRole('form', { name: 'Add a sign-in domain' });
    await form.getByRole('textbox', { name: 'E-mail domain' }).fill('not a domain');
    await form.getByRole('button', { name: 'Add' }).click();
    await visible(form.getByText('must be an e-mail domain such as acme.example'));
    await form.getByRole('textbox', { name: 'E-mail domain' }).fill('Newco.Example');
    await form.getByRole('button', { name: 'Add' }).click();
    await visible(lead.page.getByRole('table', { name: 'Sign-in domains' }).getByText('newco.example'));
    await lead.page.screenshot({ path: '/tmp/sso-domains.png', fullPage: true });
    expect(lead.pageErrors).toEqual([]);

    idp.signInAs({ sub: 'nina-newco', email: 'nina@newco.example', emailVerified: true, amr: ['pwd'] });
    const { page, pageErrors } = await newPerson(browser, server.url);
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with Example ID' }).click();
    await page.waitForURL(/\/w\/acme/);
    await visible(page.getByRole('navigation', { name: 'Main' }));
    expect(pageErrors).toEqual([]);

    // The lead (an administrator of the installation here) sees the provider and every attempt above.
    await lead.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Single sign-on' })
      .click();
    await visible(mainHeading(lead.page, 'Single sign-on'));
    const provider = lead.page.getByRole('group', { name: 'Identity provider Example ID' });
    await visible(provider.getByLabel('Status: Answered'));
    await visible(provider.getByText('TANDEM_OIDC_PROVIDERS').first());
    await visible(provider.getByText(/then restart Tandem/));
    await visible(provider.getByText('Signing out of Tandem signs out of Example ID too'));
    const events = lead.page.getByRole('table', { name: 'Single sign-on events' });
    const joined = events.getByRole('row').filter({ hasText: 'nina@newco.example' });
    await visible(joined.getByText('Joined', { exact: true }));
    const refused = events.getByRole('row').filter({ hasText: 'stranger@example.test' });
    await visible(refused.getByText('SSO_NOT_INVITED'));
    await visible(refused.getByText(/ask a lead to invite this address first/));
    await visible(events.getByRole('row').filter({ hasText: 'rob@acme.example' }).first());
    await lead.page.screenshot({ path: '/tmp/sso-page.png', fullPage: true });
    expect(lead.pageErrors).toEqual([]);
  });
});
