import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testAppForFile } from '../test/file-setup.ts';
import { API_DOCS_LOGO_STYLE, API_DOCS_POLICY } from './app.ts';

const t = testAppForFile();

const directive = (policy: string, name: string) =>
  policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

describe('API explorer policy', () => {
  it('serves /api/docs under its own strict policy and leaves the app’s policy as it was', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toBe(API_DOCS_POLICY);
    expect(policy).not.toContain("'unsafe-inline'");
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toContain('https:');
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(directive(policy, 'script-src')).toBe("script-src 'self'");
    // One inline style, by hash: the logo's <style> that the installed Swagger UI really draws.
    const hash = createHash('sha256').update(API_DOCS_LOGO_STYLE).digest('base64');
    expect(directive(policy, 'style-src')).toBe(`style-src 'self' 'sha256-${hash}'`);
    const preset = await t.app.inject({
      method: 'GET',
      url: '/api/docs/static/swagger-ui-standalone-preset.js',
    });
    expect(preset.body).toContain(API_DOCS_LOGO_STYLE);

    // Nothing inline on the page, so 'self' suffices; an inline element would need a hash or a nonce.
    const html = page.body;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style[\s>]/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    // Every file it names is served from the same origin.
    const files = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      expect(file).not.toMatch(/^(https?:)?\/\//);
      const url = new URL(file, 'http://tandem.test/api/docs/').pathname;
      const asset = await t.app.inject({ method: 'GET', url });
      expect(asset.statusCode, url).toBe(200);
      expect(String(asset.headers['content-security-policy'])).toBe(API_DOCS_POLICY);
    }

    // The initializer is a file, not an inline script; it reads the document from our own origin and
    // sends it to no outside validator (img-src allows none).
    const init = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(init.body).toContain("url: resolveUrl('./json')");
    expect(init.body).toContain('validatorUrl: null');
    const document = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(document.statusCode).toBe(200);
    expect(document.json().info.title).toBe('Tandem API');

    // The app and the API keep helmet's policy (Mantine's run-time styles need 'unsafe-inline' there).
    const api = await t.app.inject({ method: 'GET', url: '/healthz' });
    const appPolicy = String(api.headers['content-security-policy']);
    expect(appPolicy).not.toBe(API_DOCS_POLICY);
    expect(directive(appPolicy, 'script-src')).toBe("script-src 'self'");
    expect(directive(appPolicy, 'frame-ancestors')).toBe("frame-ancestors 'none'");
  });
});
