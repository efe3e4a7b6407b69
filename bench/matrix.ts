// The responsibility matrix at 200 services × 6 parties: API latency of the map and of a
// proposal, and (with --browser) how long the matrix page takes to render and to react to a toggle.
// Usage: npm run build && tsx bench/matrix.ts [--browser] [runs=30]

import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import { currentTotpCode } from '../src/accounts/totp.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { mapAssignments, mapVersions, services } from '../src/db/schema/responsibility.ts';
import { parties } from '../src/db/schema/workspaces.ts';
import { withScopedTx } from '../src/db/tenant.ts';
import { startJobs } from '../src/jobs/queue.ts';
import { buildApp } from '../src/server/app.ts';
import { makeWorkspace, TEST_PASSWORD } from '../src/test/factories.ts';

const browser = process.argv.includes('--browser');
const runs = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 30);
const SERVICES = 200;
const PARTIES = 6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

const database = await openDatabase({});
const db = database.db;
const ws = await makeWorkspace(db, 'Bench');
await withScopedTx(db, { workspaceId: ws.id, accountId: null }, async (tx) => {
  const extra = await tx
    .insert(parties)
    .values(
      Array.from({ length: PARTIES - 2 }, (_, i) => ({
        workspaceId: ws.id,
        name: `Provider ${i + 2}`,
        kind: 'provider' as const,
      })),
    )
    .returning();
  const partyIds = [ws.internalPartyId, ws.providerPartyId, ...extra.map((p) => p.id)];
  const more = await tx
    .insert(services)
    .values(
      Array.from({ length: SERVICES - 21 }, (_, i) => ({
        workspaceId: ws.id,
        key: `bench-${i}`,
        name: `Bench service ${String(i).padStart(3, '0')}`,
      })),
    )
    .returning();
  const all = await tx.select({ id: services.id }).from(services);
  const [version] = await tx
    .insert(mapVersions)
    .values({ workspaceId: ws.id, number: 2, summary: 'bench' })
    .returning();
  const rows = all.flatMap((s, i) => [
    { serviceId: s.id, partyId: partyIds[0]!, role: 'A' as const },
    { serviceId: s.id, partyId: partyIds[1 + (i % (PARTIES - 1))]!, role: 'R' as const },
    { serviceId: s.id, partyId: partyIds[(i + 2) % PARTIES]!, role: 'C' as const },
    { serviceId: s.id, partyId: partyIds[(i + 3) % PARTIES]!, role: 'I' as const },
  ]);
  await tx
    .insert(mapAssignments)
    .values(rows.map((r) => ({ ...r, workspaceId: ws.id, versionId: version!.id, membershipId: null })));
  console.log(
    `map: ${all.length} services (${more.length} added), ${partyIds.length} parties, ${rows.length} assignments`,
  );
});

const config = {
  ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', TANDEM_PUBLIC_URL: 'http://127.0.0.1:3955' }),
  demo: false,
  // Every simulated browser comes from this one address.
  rateLimits: { perAddress: 0, perToken: 0 },
};
const jobs = await startJobs(database.jobsDb, database.kind);
const app = await buildApp({ config, database, secretKey: randomBytes(32), jobs });
await app.listen({ port: 3955, host: '127.0.0.1' });
const base = 'http://127.0.0.1:3955';

// Sign in as the internal lead (MFA enrolment through the API, as a person would).
const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: ws.lead.email, password: TEST_PASSWORD }),
});
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
const { csrfToken } = (await login.json()) as { csrfToken: string };
const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
const enrol = (await (
  await fetch(`${base}/api/v1/auth/mfa/enrolment`, { method: 'POST', headers, body: '{}' })
).json()) as { secret: string };
await fetch(`${base}/api/v1/auth/mfa/enrolment/confirm`, {
  method: 'POST',
  headers,
  body: JSON.stringify({ code: currentTotpCode(enrol.secret) }),
});

const mapTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const response = await fetch(`${base}/api/v1/w/${ws.slug}/responsibility/map`, { headers });
  await response.arrayBuffer();
  mapTimes.push(performance.now() - t0);
}
const map = (await (await fetch(`${base}/api/v1/w/${ws.slug}/responsibility/map`, { headers })).json()) as {
  services: Array<{ id: string }>;
};
const proposalTimes: number[] = [];
for (let i = 0; i < Math.min(runs, 10); i++) {
  const t0 = performance.now();
  const response = await fetch(`${base}/api/v1/w/${ws.slug}/responsibility/proposals`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      title: `bench ${i}`,
      changes: [{ op: 'add', serviceId: map.services[i]!.id, partyId: ws.providerPartyId, role: 'C' }],
    }),
  });
  await response.arrayBuffer();
  proposalTimes.push(performance.now() - t0);
}
const report: Record<string, unknown> = {
  services: map.services.length,
  parties: PARTIES,
  mapApiMs: { median: Math.round(median(mapTimes)), p95: Math.round(p95(mapTimes)) },
  proposalApiMs: { median: Math.round(median(proposalTimes)), p95: Math.round(p95(proposalTimes)) },
};

if (browser) {
  const chrome = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await chrome.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'tandem_session', value: cookie.split('=')[1]!, url: base }]);
  const page = await context.newPage();
  const renders: number[] = [];
  const toggles: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await page.goto(`${base}/w/${ws.slug}/responsibility`);
    await page.getByRole('row', { name: /Bench service 178/ }).waitFor();
    renders.push(performance.now() - t0);
  }
  const edit = page.getByRole('button', { name: /edit|propose/i }).first();
  if (await edit.count()) {
    await edit.click();
    const toggleButtons = page.locator('button[aria-pressed]');
    for (let i = 0; i < 10; i++) {
      const button = toggleButtons.nth(40 + i * 7);
      const before = await button.getAttribute('aria-pressed');
      const t0 = performance.now();
      await button.click();
      await page.waitForFunction(
        ([el, was]) =>
          (el as { getAttribute(name: string): string | null }).getAttribute('aria-pressed') !== was,
        [await button.elementHandle(), before] as const,
      );
      toggles.push(performance.now() - t0);
    }
  }
  report.pageRenderMs = { median: Math.round(median(renders)), max: Math.round(Math.max(...renders)) };
  if (toggles.length)
    report.toggleMs = { median: Math.round(median(toggles)), max: Math.round(Math.max(...toggles)) };
  await chrome.close();
}
console.log(JSON.stringify(report, null, 2));
await app.close();
await jobs.stop();
await database.close();
