import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed.ts';
import { TestClient } from '../test/client.ts';
import { runEscalation } from './escalation.ts';
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

  it('routes a P1 raised out of hours to Northwind, pages the on-call engineer and escalates to both leads', async () => {
    const q = t.database.unsafeOwnerQuery.bind(t.database);
    // Out of hours whenever the test runs: today and its neighbours become Acme holidays.
    const days = [-1, 0, 1].map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10));
    await q(`update sla_calendars set holidays = holidays || $1::jsonb where name = 'Acme business hours'`, [
      JSON.stringify(days),
    ]);
    const people = await q<{ email: string; id: string }>(
      `select a.email, m.id from memberships m join accounts a on a.id = m.account_id
        join workspaces w on w.id = m.workspace_id where w.slug = 'acme'`,
    );
    const id = (email: string) => people.find((p) => p.email === email)!.id;
    const map = (await ian.get('/api/v1/w/acme/responsibility/map')).json();
    const acmeIt = map.parties.find((p: { kind: string }) => p.kind === 'internal').id;
    // A service in Acme IT's own lane: out of hours it moves to Northwind.
    const responsible = (serviceId: string) =>
      map.assignments.filter(
        (a: { serviceId: string; role: string }) => a.serviceId === serviceId && a.role === 'R',
      );
    const internalService = map.services.find((svc: { id: string }) => {
      const r = responsible(svc.id);
      return r.length === 1 && r[0].partyId === acmeIt;
    });
    const created = await ian.post('/api/v1/w/acme/tickets', {
      serviceId: internalService.id,
      subject: 'Whole factory offline at 2am',
      impact: 'high',
      urgency: 'high',
    });
    expect(created.statusCode).toBe(201);
    const key = created.json().ticket.key as string;
    const detail = (await ian.get(`/api/v1/w/acme/tickets/${key}`)).json().ticket;
    expect(detail.lane.name).toBe('Northwind IT Services');
    expect(detail.routingReason).toMatch(/^Out of hours: Northwind IT Services covers P1/);
    const onCall = detail.assignee.membershipId as string;
    expect([id('ed@northwind.example'), id('priya@northwind.example')]).toContain(onCall);
    const sla = (await ian.get(`/api/v1/w/acme/tickets/${key}/sla`)).json();
    expect(sla.pages).toEqual([expect.objectContaining({ membershipId: onCall })]);
    const paged = await q<{ n: number }>(
      `select count(*)::int as n from notifications where membership_id = $1 and event = 'oncall.paged'`,
      [onCall],
    );
    expect(paged[0]!.n).toBe(1);
    // The resolution timers at 75 % and at breach reach both leads.
    const resolution = sla.clocks.find((c: { kind: string }) => c.kind === 'resolution');
    const jobs = await q<{
      data: { atPercent: number; workspaceId: string; clockId: string; dueAt: string };
      start_after: Date;
    }>(
      `select data, start_after from pgboss.job where name = 'sla.escalate' and data->>'clockId' = $1 order by start_after`,
      [resolution.id],
    );
    expect(jobs.map((j) => j.data.atPercent)).toEqual([75, 100]);
    for (const job of jobs)
      expect(
        await runEscalation(
          { db: t.database.db, jobs: t.jobs },
          job.data,
          new Date(job.start_after.getTime() + 1_000),
        ),
      ).toBe('done');
    const history = (await ian.get(`/api/v1/w/acme/tickets/${key}/sla`)).json().history;
    const escalations = history.filter(
      (e: { kind: string; clockKind: string }) => e.kind === 'escalated' && e.clockKind === 'resolution',
    );
    expect(escalations.map((e: { detail: { atPercent: number } }) => e.detail.atPercent)).toEqual([75, 100]);
    for (const e of escalations)
      expect(e.detail.notified).toEqual(
        expect.arrayContaining([id('alice@acme.example'), id('nora@northwind.example')]),
      );
    expect(history.some((e: { kind: string }) => e.kind === 'breached')).toBe(true);
  });
});
