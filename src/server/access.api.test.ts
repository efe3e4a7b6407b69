import { describe, expect, it } from 'vitest';
import { testAppForFile } from '../test/file-setup.ts';

const t = testAppForFile();

// Routes that anyone may call; every other route must be behind sign-in.
const PUBLIC_ALLOWLIST = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /api/openapi.json',
  'POST /api/v1/auth/login',
  'GET /api/v1/invitations/:token',
  'POST /api/v1/invitations/:token/accept',
  // The change calendar's iCalendar feed: public by its URL secret (calendar programs cannot sign in).
  'GET /api/v1/change-feeds/:token',
  // Single sign-on: the provider list, the redirect to the provider and its redirect back.
  'GET /api/v1/auth/sso/providers',
  'GET /api/v1/auth/sso/:provider/start',
  'GET /api/v1/auth/sso/:provider/callback',
  // Monitoring tools: authenticated by the integration's own bearer token or HMAC signature.
  'POST /api/v1/w/:workspace/integrations/alertmanager/:id',
  'POST /api/v1/w/:workspace/integrations/webhook/:id',
  'GET /*',
]);

describe('route access (deny by default)', () => {
  const ours = () => t.app.routeTable.filter((r) => r.method !== 'HEAD');

  it('every route declares an access rule', () => {
    const missing = ours()
      .filter((r) => !r.access)
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    expect(ours().length).toBeGreaterThan(20);
  });

  it('only allow-listed API routes are public (the built web app files are public too)', () => {
    const publicApi = ours()
      .filter(
        (r) =>
          r.access === 'public' &&
          !r.url.startsWith('/api/docs') &&
          (r.url.startsWith('/api') || r.url.endsWith('z')),
      )
      .map((r) => `${r.method} ${r.url}`);
    expect(publicApi.filter((r) => !PUBLIC_ALLOWLIST.has(r))).toEqual([]);
  });

  it('every workspace route names the policy action it needs', () => {
    const unnamed = ours()
      .filter((r) => r.access === 'workspace' && !r.action)
      .map((r) => `${r.method} ${r.url}`);
    expect(unnamed).toEqual([]);
  });

  it('refuses every non-public route without credentials (401, never 200)', async () => {
    for (const route of ours().filter((r) => r.access !== 'public')) {
      const url = route.url
        .replace(':workspace', 'acme')
        .replace(/:id\b/, '00000000-0000-4000-8000-000000000000');
      const response = await t.app.inject({
        method: route.method as 'GET',
        url,
        payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      });
      expect([401], `${route.method} ${route.url}`).toContain(response.statusCode);
    }
  });
});

describe('public documents', () => {
  it('serves the OpenAPI document and its browser at /api/docs', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toContain('/api/v1/w/{workspace}/members');
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('sends a strict Content-Security-Policy and refuses framing', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
