import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../audit/verify.ts';
import { type Cast, makeCast } from '../test/cast.ts';
import { TestClient as Client } from '../test/client.ts';
import type { TestWorkspace } from '../test/factories.ts';
import { closeOfficeWithProviderCover } from '../test/out-of-hours.ts';
import { runEscalation, sweepDueClocks } from './escalation.ts';
import { buildSlaTestApp, countRows } from './test-app.ts';

let t: Awaited<ReturnType<typeof buildSlaTestApp>>;
let ws: TestWorkspace;
let c: Cast['c'];
let ids: Cast['ids'];
let serviceId: string;
let alwaysId: string;
let officeId: string;

const base = () => `/api/v1/w/${ws.slug}`;
const audits = (action: string, ticketId?: string) =>
  countRows(
    t.database,
    'audit_events',
    `workspace_id = $1 and action = $2${ticketId ? ' and entity_id = $3' : ''}`,
    ticketId ? [ws.id, action, ticketId] : [ws.id, action],
  );
const timers = (clockId: string) =>
  t.database.unsafeOwnerQuery<{
    data: { atPercent: number; dueAt: string };
    singleton_key: string;
    start_after: Date;
  }>(
    `select data, singleton_key, start_after from pgboss.job where name = 'sla.escalate' and data->>'clockId' = $1 order by start_after`,
    [clockId],
  );
type Sla = {
  clocks: Array<{
    id: string;
    kind: string;
    state: string;
    dueAt: string | null;
    leftMinutes: number;
    breached: boolean;
    targetMinutes: number;
  }>;
  history: Array<{ kind: string; clockKind: string; detail: Record<string, unknown> }>;
  pages: Array<{ membershipId: string | null; partyId: string }>;
};
const slaOf = async (key: string, client = c.lead) =>
  (await client.get(`${base()}/tickets/${key}/sla`)).json() as Sla;
const clock = (sla: Sla, kind: string) => sla.clocks.find((k) => k.kind === kind)!;
const raise = async (impact: string, urgency: string, subject = 'Printer on fire') => {
  const r = await c.lead.post(`${base()}/tickets`, {
    serviceId,
    subject,
    impact,
    urgency,
    requesterMembershipId: ids.requester,
  });
  expect(r.statusCode).toBe(201);
  return r.json().ticket as { key: string; number: number; id: string; version: number };
};
const update = async (key: string, body: Record<string, unknown>, client = c.lead) => {
  const current = (await client.get(`${base()}/tickets/${key}`)).json();
  const version = current.ticket?.version ?? current.version;
  const r = await client.patch(`${base()}/tickets/${key}`, { version, ...body });
  expect(r.statusCode).toBe(200);
};

beforeAll(async () => {
  t = await buildSlaTestApp();
  ({ ws, c, ids } = await makeCast(t.app, t.database.db));
  serviceId = (await c.lead.get(`${base()}/responsibility/map`)).json().services[0].id;
  // A 24x7 calendar keeps due times independent of when the test runs.
  const always = await c.lead.post(`${base()}/sla/calendars`, {
    name: 'Always',
    partyId: ws.internalPartyId,
    timeZone: 'UTC',
    is24x7: true,
  });
  alwaysId = always.json().id;
  for (const [priority, fr, res] of [
    ['P3', 60, 480],
    ['P2', 30, 240],
    ['P1', 15, 120],
  ] as const) {
    const r = await c.lead.post(`${base()}/sla/policies`, {
      name: `${priority} targets`,
      priority,
      calendarId: alwaysId,
      firstResponseMinutes: fr,
      resolutionMinutes: res,
    });
    expect(r.statusCode).toBe(201);
  }
});
afterAll(() => t.close());

describe('SLA clocks on a ticket', () => {
  it('starts both clocks on creation with due times, history and durable timers', async () => {
    const ticket = await raise('medium', 'medium');
    const sla = await slaOf(ticket.key);
    expect(sla.clocks.map((k) => [k.kind, k.state, k.targetMinutes])).toEqual([
      ['first_response', 'running', 60],
      ['resolution', 'running', 480],
    ]);
    const res = clock(sla, 'resolution');
    const created = new Date((await c.lead.get(`${base()}/tickets/${ticket.key}`)).json().ticket.createdAt);
    expect(Math.abs(new Date(res.dueAt!).getTime() - (created.getTime() + 480 * 60_000))).toBeLessThan(5_000);
    expect(res.leftMinutes).toBeGreaterThan(470);
    // Each clock's 'started' event names its policy, target, calendar and due time; first response first.
    const started = sla.history.filter((e) => e.kind === 'started');
    expect(started.map((e) => [e.clockKind, e.detail.targetMinutes, e.detail.dueAt])).toEqual([
      ['first_response', 60, clock(sla, 'first_response').dueAt],
      ['resolution', 480, res.dueAt],
    ]);
    expect(started.map((e) => [e.detail.policy, typeof e.detail.calendar])).toEqual([
      ['P3 targets', 'string'],
      ['P3 targets', 'string'],
    ]);
    const jobs = await timers(res.id);
    expect(jobs.map((j) => j.data.atPercent)).toEqual([100]);
    expect(jobs[0]!.singleton_key).toBe(
      `sla:${res.id}:100:${res.dueAt ? new Date(res.dueAt).toISOString() : ''}`,
    );
  });

  it('pauses while waiting on the requester, resumes on their reply, and stops first response on a staff reply', async () => {
    const ticket = await raise('medium', 'medium');
    await update(ticket.key, { status: 'waiting_on_requester' });
    let sla = await slaOf(ticket.key);
    // A staff status change is a first response.
    expect(clock(sla, 'first_response').state).toBe('stopped');
    expect(clock(sla, 'resolution')).toMatchObject({ state: 'paused', dueAt: null });
    const reply = await c.requester.post(`${base()}/tickets/${ticket.key}/comments`, {
      body: 'Here is the log.',
    });
    expect(reply.statusCode).toBe(201);
    sla = await slaOf(ticket.key);
    expect(clock(sla, 'resolution').state).toBe('running');
    expect(sla.history.map((e) => `${e.clockKind}:${e.kind}`)).toEqual([
      'first_response:started',
      'resolution:started',
      'first_response:stopped',
      'resolution:paused',
      'resolution:resumed',
    ]);
  });

  it('stops first response at the first public staff reply (not at a staff-only note)', async () => {
    const ticket = await raise('medium', 'medium');
    await c.agent.post(`${base()}/tickets/${ticket.key}/comments`, {
      body: 'internal note',
      visibility: 'staff',
    });
    expect(clock(await slaOf(ticket.key), 'first_response').state).toBe('running');
    await c.agent.post(`${base()}/tickets/${ticket.key}/comments`, { body: 'Looking at it now.' });
    const fr = clock(await slaOf(ticket.key), 'first_response');
    expect(fr).toMatchObject({ state: 'stopped', breached: false });
  });

  it('stops on resolve and restarts the resolution clock on reopen', async () => {
    const ticket = await raise('medium', 'medium');
    await update(ticket.key, { status: 'resolved' });
    let sla = await slaOf(ticket.key);
    expect(sla.clocks.every((k) => k.state === 'stopped')).toBe(true);
    await update(ticket.key, { status: 'in_progress' });
    sla = await slaOf(ticket.key);
    expect(clock(sla, 'resolution').state).toBe('running');
    expect(clock(sla, 'first_response').state).toBe('stopped');
  });

  it('takes the new targets when the priority changes', async () => {
    const ticket = await raise('medium', 'medium');
    await update(ticket.key, { impact: 'high', urgency: 'high' });
    const sla = await slaOf(ticket.key);
    expect(clock(sla, 'resolution').targetMinutes).toBe(120);
    expect(sla.history.some((e) => e.kind === 'retargeted')).toBe(true);
  });

  it('starts no clock when no policy covers the priority', async () => {
    const ticket = await raise('low', 'low');
    expect((await slaOf(ticket.key)).clocks).toEqual([]);
  });

  it('refuses a requester (403), answers 404 to another workspace and for an unknown ticket', async () => {
    const ticket = await raise('medium', 'medium');
    expect((await c.requester.get(`${base()}/tickets/${ticket.key}/sla`)).statusCode).toBe(403);
    expect((await c.otherLead.get(`${base()}/tickets/${ticket.key}/sla`)).statusCode).toBe(404);
    expect((await c.lead.get(`${base()}/tickets/99999/sla`)).statusCode).toBe(404);
    expect((await new Client(t.app).get(`${base()}/tickets/${ticket.key}/sla`)).statusCode).toBe(401);
  });
});

describe('escalation timers', () => {
  it('escalates at 75 % and at breach once each, re-checking the clock', async () => {
    for (const body of [
      {
        priority: 'P2',
        clockKind: 'resolution',
        atPercent: 75,
        actions: { notifyRoles: ['lead'], notifyOtherPartyLead: true },
        note: 'Leads talk',
      },
      {
        priority: 'P2',
        clockKind: 'resolution',
        atPercent: 100,
        actions: { raisePriority: true, notifyOtherPartyLead: true },
      },
    ])
      expect((await c.lead.post(`${base()}/sla/escalation-rules`, body)).statusCode).toBe(201);
    const ticket = await raise('high', 'medium');
    const res = clock(await slaOf(ticket.key), 'resolution');
    const jobs = await timers(res.id);
    expect(jobs.map((j) => j.data.atPercent)).toEqual([75, 100]);
    const [at75, at100] = jobs;
    const deps = { db: t.database.db, jobs: t.jobs };
    // Early: nothing happens.
    expect(await runEscalation(deps, at75!.data as never, new Date(Date.now() + 60_000))).toBe('not-due');
    // Due: escalates, and a second delivery of the same timer does nothing more.
    const due75 = new Date(at75!.start_after.getTime() + 1_000);
    expect(await runEscalation(deps, at75!.data as never, due75)).toBe('done');
    expect(await runEscalation(deps, at75!.data as never, due75)).toBe('done');
    let sla = await slaOf(ticket.key);
    const escalated = sla.history.filter((e) => e.kind === 'escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]!.detail.atPercent).toBe(75);
    // The lane is internal: its lead, plus the provider's lead as the other party's lead.
    expect(escalated[0]!.detail.notified).toEqual(
      expect.arrayContaining([ws.lead.membershipId, ids.providerLead]),
    );
    expect(await audits('ticket.sla_escalated', ticket.id)).toBe(1);
    // Breach: flagged, priority raised to P1 with its targets.
    const due100 = new Date(at100!.start_after.getTime() + 1_000);
    expect(await runEscalation(deps, at100!.data as never, due100)).toBe('done');
    sla = await slaOf(ticket.key);
    expect(sla.history.filter((e) => e.kind === 'breached')).toHaveLength(1);
    expect(sla.history.filter((e) => e.kind === 'escalated')).toHaveLength(2);
    expect((await c.lead.get(`${base()}/tickets/${ticket.key}`)).json().ticket.priority).toBe('P1');
    expect(await audits('ticket.sla_breached', ticket.id)).toBe(1);
  });

  it('reassigns inside the lane and notifies its agents at a first-response threshold', async () => {
    const agent = (
      await t.database.unsafeOwnerQuery<{ id: string }>(
        `select m.id from memberships m join parties p on p.id = m.party_id
        where m.workspace_id = $1 and p.kind = 'internal' and m.role = 'agent'`,
        [ws.id],
      )
    )[0]!.id;
    const rule = await c.lead.post(`${base()}/sla/escalation-rules`, {
      priority: 'P3',
      clockKind: 'first_response',
      atPercent: 50,
      actions: { notifyRoles: ['agent'], reassignToMembershipId: agent },
    });
    expect(rule.statusCode).toBe(201);
    const ticket = await raise('medium', 'medium');
    const fr = clock(await slaOf(ticket.key), 'first_response');
    const [at50] = (await timers(fr.id)).filter((j) => j.data.atPercent === 50);
    const deps = { db: t.database.db, jobs: t.jobs };
    expect(
      await runEscalation(deps, at50!.data as never, new Date(at50!.start_after.getTime() + 1_000)),
    ).toBe('done');
    const detail = (await c.lead.get(`${base()}/tickets/${ticket.key}`)).json().ticket;
    expect(detail.assignee.membershipId).toBe(agent);
    const escalated = (await slaOf(ticket.key)).history.find((e) => e.kind === 'escalated')!;
    expect(escalated.detail).toMatchObject({ atPercent: 50, reassignedTo: agent, raisedTo: null });
    expect(escalated.detail.notified).toContain(agent);
    await c.lead.delete(`${base()}/sla/escalation-rules/${rule.json().id}`);
  });

  it('does nothing for a clock that paused or stopped before its timer fired', async () => {
    const ticket = await raise('high', 'medium');
    const res = clock(await slaOf(ticket.key), 'resolution');
    const [at75] = await timers(res.id);
    await update(ticket.key, { status: 'waiting_on_party' });
    const deps = { db: t.database.db, jobs: t.jobs };
    expect(await runEscalation(deps, at75!.data as never, new Date(Date.now() + 86_400_000))).toBe(
      'not-running',
    );
    expect((await slaOf(ticket.key)).history.some((e) => e.kind === 'escalated')).toBe(false);
    // Resuming schedules new timers with a later due time.
    await update(ticket.key, { status: 'in_progress' });
    const after = await timers(res.id);
    expect(after.length).toBeGreaterThan(2);
  });

  it('flags a clock whose timer never ran through the minute sweep, once', async () => {
    const ticket = await raise('high', 'high', 'Sweep me');
    const later = new Date(Date.now() + 3 * 3_600_000);
    const first = await sweepDueClocks({ database: t.database, jobs: t.jobs }, later);
    expect(first.due).toBeGreaterThanOrEqual(2);
    const sla = await slaOf(ticket.key);
    expect(sla.clocks.every((k) => k.breached)).toBe(true);
    expect(sla.history.filter((e) => e.kind === 'breached')).toHaveLength(2);
    const again = await sweepDueClocks({ database: t.database, jobs: t.jobs }, later);
    expect(again.due).toBe(0);
    expect((await slaOf(ticket.key)).history.filter((e) => e.kind === 'breached')).toHaveLength(2);
  });

  it('escalates many due clocks of a workspace in one sweep as their timers would, audited in a chain that verifies', async () => {
    // The P2 rules of the first test (run the whole file): 75 % notifies the leads, 100 % raises the priority.
    const raised: Awaited<ReturnType<typeof raise>>[] = [];
    for (let i = 0; i < 3; i++) raised.push(await raise('high', 'medium', `Batch sweep ${i}`));
    const later = new Date(Date.now() + 3 * 86_400_000);
    const first = await sweepDueClocks({ database: t.database, jobs: t.jobs }, later);
    expect(first.due).toBeGreaterThanOrEqual(6);
    for (const ticket of raised) {
      const sla = await slaOf(ticket.key);
      expect(sla.history.filter((e) => e.kind === 'breached').length).toBeGreaterThanOrEqual(2);
      const escalated = sla.history.filter((e) => e.kind === 'escalated');
      expect(escalated.map((e) => e.detail.atPercent).sort()).toEqual([100, 75]);
      expect(escalated.find((e) => e.detail.atPercent === 75)!.detail.notified).toEqual(
        expect.arrayContaining([ws.lead.membershipId, ids.providerLead]),
      );
      expect((await c.lead.get(`${base()}/tickets/${ticket.key}`)).json().ticket.priority).toBe('P1');
      expect(await audits('ticket.sla_escalated', ticket.id)).toBe(2);
    }
    // One in-app notice per lead, ticket and threshold (75 % and breach), and one dispatch job per escalation.
    const notices = () =>
      countRows(t.database, 'notifications', `workspace_id = $1 and body like 'Batch sweep %'`, [ws.id]);
    const dispatches = async () =>
      (
        await t.database.unsafeOwnerQuery(
          `select 1 from pgboss.job where name = 'notifications.dispatch' and data->'event'->'data'->>'body' like 'Batch sweep %'`,
        )
      ).length;
    expect(await notices()).toBe(12);
    expect(await dispatches()).toBe(6);
    const counts = async () => Promise.all(raised.map(async (r) => (await slaOf(r.key)).history.length));
    const before = await counts();
    await sweepDueClocks({ database: t.database, jobs: t.jobs }, later);
    expect(await counts()).toEqual(before);
    expect(await notices()).toBe(12);
    expect(await dispatches()).toBe(6);
    const [chain] = await verifyAuditChains(t.database, ws.id);
    expect(chain!.broken).toBeNull();
  });

  it('reports attainment from the recorded clocks', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const report = await c.agent.get(
      `${base()}/sla/report?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(report.statusCode).toBe(200);
    const p1 = report
      .json()
      .items.find((i: { priority: string; kind: string }) => i.priority === 'P1' && i.kind === 'resolution');
    expect(p1.breached).toBeGreaterThanOrEqual(1);
    expect((await c.requester.get(`${base()}/sla/report?from=${from}&to=${to}`)).statusCode).toBe(403);
  });
});

describe('a P1 out of hours', () => {
  it('routes to the covering party and pages its on-call engineer', async () => {
    // The internal team is closed today (every nearby day is a holiday), the provider covers P1/P2.
    officeId = await closeOfficeWithProviderCover(c, ws, {
      priorities: ['P1', 'P2'],
      onCallMembershipId: ids.engineer,
    });
    // The first internal calendar is the team's hours: make the office the older one.
    await t.database.unsafeOwnerQuery(
      `update sla_calendars set created_at = now() - interval '1 day' where id = $1`,
      [officeId],
    );
    const ticket = await raise('high', 'high', 'Whole site offline');
    const detail = (await c.engineer.get(`${base()}/tickets/${ticket.key}`)).json();
    const lane = detail.ticket.lane;
    expect(lane.partyId).toBe(ws.providerPartyId);
    expect(detail.ticket.assignee.membershipId).toBe(ids.engineer);
    const sla = await slaOf(ticket.key, c.engineer);
    expect(sla.pages).toEqual([
      expect.objectContaining({ membershipId: ids.engineer, partyId: ws.providerPartyId }),
    ]);
    expect(await audits('ticket.paged', ticket.id)).toBe(1);
    expect(await audits('ticket.routed_out_of_hours', ticket.id)).toBe(1);
    expect(
      await countRows(t.database, 'notifications', 'membership_id = $1 and event = $2', [
        ids.engineer,
        'oncall.paged',
      ]),
    ).toBe(1);
    const pages = await c.agent.get(`${base()}/sla/pages`);
    expect(pages.json().items).toHaveLength(1);
  });

  it('routes a P3 out of hours nowhere (no rule) and records a page with nobody on call as a gap', async () => {
    const p3 = await raise('medium', 'medium');
    const detail = (await c.lead.get(`${base()}/tickets/${p3.key}`)).json();
    expect(detail.ticket.lane.partyId ?? null).not.toBe(ws.providerPartyId);
    await t.database.unsafeOwnerQuery(`delete from on_call_shifts where workspace_id = $1`, [ws.id]);
    const p1 = await raise('high', 'high', 'Again offline');
    const sla = await slaOf(p1.key);
    expect(sla.pages).toEqual([expect.objectContaining({ membershipId: null })]);
  });
});

describe('short targets', () => {
  it('schedules a 1-minute target’s 50 % escalation at 30 s, not at the breach', async () => {
    const policy = await c.lead.post(`${base()}/sla/policies`, {
      name: 'P4 one minute',
      priority: 'P4',
      calendarId: alwaysId,
      firstResponseMinutes: 1,
      resolutionMinutes: 1,
    });
    expect(policy.statusCode).toBe(201);
    const rule = await c.lead.post(`${base()}/sla/escalation-rules`, {
      priority: 'P4',
      clockKind: 'resolution',
      atPercent: 50,
      actions: { notifyRoles: ['lead'] },
    });
    expect(rule.statusCode).toBe(201);
    const ticket = await raise('low', 'low', 'One-minute timer');
    const res = clock(await slaOf(ticket.key), 'resolution');
    const started = new Date(res.dueAt!).getTime() - 60_000;
    const [at50, at100] = await timers(res.id);
    expect(at50!.data.atPercent).toBe(50);
    expect(at50!.start_after.getTime() - started).toBe(30_000);
    expect(at100!.start_after.getTime() - started).toBe(60_000);
    // Fires (re-checked by the worker) 31 s in: due, not "not yet".
    const deps = { db: t.database.db, jobs: t.jobs };
    expect(await runEscalation(deps, at50!.data as never, new Date(started + 31_000))).toBe('done');
    const escalated = (await slaOf(ticket.key)).history.filter((e) => e.kind === 'escalated');
    expect(escalated.map((e) => e.detail.atPercent)).toEqual([50]);
  });
});
