import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mainHeading, newPerson, signInPasswordOnly, visible } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const APP_POLICY_STYLE = "style-src 'self' 'unsafe-inline'";

/** The script files index.html names (the entry and the chunks it preloads). */
async function indexScripts(html: string) {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
}

describe('static files of the web app', () => {
  it('sends index.html compressed and revalidated, hashed scripts compressed and cached for a year', async () => {
    const index = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-encoding')).toBe('br');
    expect(index.headers.get('vary')?.toLowerCase()).toContain('accept-encoding');
    const html = await index.text();
    expect(html).toContain('<div id="root">');

    const scripts = await indexScripts(html);
    expect(scripts.length).toBeGreaterThan(0);
    for (const [encoding, expected] of [
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      const asset = await fetch(`${server.url}${scripts[0]}`, { headers: { 'accept-encoding': encoding } });
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('content-encoding')).toBe(expected);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      // fetch decodes br and gzip itself: the body is the script either way.
      expect((await asset.text()).length).toBeGreaterThan(100);
    }

    // A path of the single-page app answers index.html, revalidated too.
    const deep = await fetch(`${server.url}/w/acme/portal`, { headers: { 'accept-encoding': 'gzip' } });
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(deep.headers.get('content-encoding')).toBe('gzip');
  });
});

describe('API docs page', () => {
  it('has its own policy and shows the API without a Content-Security-Policy violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(message.text()))
        violations.push(message.text());
    });
    const response = await page.goto(`${server.url}/api/docs/`, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    const policy = response?.headers()['content-security-policy'] ?? '';
    // The docs policy allows no inline script or style by keyword: only what its hashes/nonce name.
    expect(policy).not.toContain("'unsafe-inline'");
    expect(policy).not.toContain("'unsafe-eval'");
    await page.getByText('Tandem API').first().waitFor({ timeout: 30_000 });
    expect(violations).toEqual([]);
    await context.close();

    // The app's own policy is unchanged.
    const app = await fetch(`${server.url}/`);
    expect(app.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(app.headers.get('content-security-policy')).toContain(APP_POLICY_STYLE);
  });
});

describe('a tab opened before an upgrade', () => {
  // The pages are TanStack Router's lazyRouteComponent, which reloads once when a page's chunk
  // cannot be fetched: this keeps that true if the pages' loading ever changes.
  it('loads the new version once when a page chunk it asks for is gone', async () => {
    const { context, page, pageErrors } = await newPerson(browser, server.url);
    const loaded = new Set<string>();
    page.on('request', (request) => loaded.add(request.url()));
    await signInPasswordOnly(page, 'ian@acme.example');
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => {
      (globalThis as unknown as { beforeUpgrade: boolean }).beforeUpgrade = true;
    });
    // The 'request' event also fires for the requests routed below: keep what was asked before.
    const before = new Set(loaded);
    // What an upgraded server answers for the old build's chunks not loaded yet: 404, once each
    // (the reloaded page asks for the same names here, since this server's build did not change).
    const gone = new Set<string>();
    await page.route('**/assets/*.js', (route) => {
      const url = route.request().url();
      if (gone.has(url) || before.has(url)) return route.continue();
      gone.add(url);
      return route.fulfill({ status: 404, body: 'Not found' });
    });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Knowledge base' })
      .click();
    await visible(mainHeading(page, 'Knowledge base'));
    expect([...gone].some((url) => url.includes('/knowledge-page-'))).toBe(true);
    expect(await page.evaluate(() => 'beforeUpgrade' in globalThis)).toBe(false);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 90_000);
});
