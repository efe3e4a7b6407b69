import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed.ts';
import { TestClient } from '../test/client.ts';
import { buildSlaTestApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof buildSlaTestApp>>;
let ian: TestClient;

beforeAll(async () => {
  t = await buildSlaTestApp();
  await seedDemo(t.database.db);
  ian = await new TestClient(t.app).signIn('ian@acme.example', DEMO_PASSWORD);
});
afterAll(() => t.close());

describe('the demo workspace’s SLAs', () => {
  it('has Acme business hours with UK bank holidays and Northwind 24x7 cover for P1/P2', async () => {
    const calendars = (await ian.get('/api/v1/w/acme/sla/calendars')).json().items;
    expect(calendars.map((c: { name: string }) => c.name).sort()).toEqual([
      'Acme business hours',
      'Northwind 24x7 cover',
    ]);
    const acme = calendars.find((c: { name: string }) => c.name === 'Acme business hours');
    expect(acme).toMatchObject({ timeZone: 'Europe/London', is24x7: false });
    expect(acme.holidays).toContain('2026-12-25');
    expect(acme.holidays).toContain('2027-08-30');
    const cover = (await ian.get('/api/v1/w/acme/sla/cover-rules')).json().items;
    expect(cover).toEqual([
      expect.objectContaining({ priorities: ['P1', 'P2'], calendarName: 'Northwind 24x7 cover' }),
    ]);
    const policies = (await ian.get('/api/v1/w/acme/sla/policies')).json().items;
    expect(policies.map((p: { priority: string }) => p.priority)).toEqual(['P1', 'P2', 'P3', 'P4']);
  });

  it('has an on-call rota with a reported gap', async () => {
    const cover = (await ian.get('/api/v1/w/acme/sla/cover-rules')).json().items[0];
    const from = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 40 * 86_400_000).toISOString();
    const rota = (
      await ian.get(`/api/v1/w/acme/sla/rota?partyId=${cover.partyId}&from=${from}&to=${to}`)
    ).json();
    expect(rota.shifts.length).toBeGreaterThan(4);
    expect(rota.onCallNow).not.toBeNull();
    expect(rota.gaps.length).toBeGreaterThanOrEqual(1);
  });

  it('shows SLA history on the demo tickets, some breached', async () => {
    const report = (
      await ian.get(
        `/api/v1/w/acme/sla/report?from=${new Date(Date.now() - 200 * 86_400_000).toISOString()}&to=${new Date().toISOString()}`,
      )
    ).json().items as Array<{ total: number; breached: number; met: number }>;
    const total = report.reduce((n, r) => n + r.total, 0);
    expect(total).toBeGreaterThan(100);
    expect(report.reduce((n, r) => n + r.breached, 0)).toBeGreaterThan(0);
    expect(report.reduce((n, r) => n + r.met, 0)).toBeGreaterThan(0);
    const sla = (await ian.get('/api/v1/w/acme/tickets/1/sla')).json();
    expect(sla.history.length).toBeGreaterThan(0);
  });
});
