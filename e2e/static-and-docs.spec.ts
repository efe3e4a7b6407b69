import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
});

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
    browser = await launchBrowser();
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
