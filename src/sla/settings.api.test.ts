import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cast, makeCast } from '../test/cast.ts';
import { TestClient as Client, errorOf } from '../test/client.ts';
import type { TestWorkspace } from '../test/factories.ts';
import { buildSlaTestApp, countRows } from './test-app.ts';

let t: Awaited<ReturnType<typeof buildSlaTestApp>>;
let ws: TestWorkspace;
let other: TestWorkspace;
let c: Cast['c'];
let ids: Cast['ids'];
let serviceId: string;
let otherCalendarId: string;

const base = () => `/api/v1/w/${ws.slug}`;
const count = (table: string) => countRows(t.database, table, 'workspace_id = $1', [ws.id]);
const audits = (action: string) =>
  countRows(t.database, 'audit_events', 'workspace_id = $1 and action = $2', [ws.id, action]);
const nineToFive = [{ start: '09:00', end: '17:00' }];
const londonBody = () => ({
  name: 'Acme business hours',
  partyId: ws.internalPartyId,
  timeZone: 'Europe/London',
  weeklyHours: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
  holidays: ['2026-12-25', '2026-12-28'],
});

beforeAll(async () => {
  t = await buildSlaTestApp();
  ({ ws, other, c, ids } = await makeCast(t.app, t.database.db));
  const map = (await c.lead.get(`${base()}/responsibility/map`)).json();
  serviceId = map.services[0].id;
  const foreign = await c.otherLead.post(`/api/v1/w/${other.slug}/sla/calendars`, {
    name: 'Other hours',
    partyId: other.internalPartyId,
    timeZone: 'UTC',
    is24x7: true,
  });
  expect(foreign.statusCode).toBe(201);
  otherCalendarId = foreign.json().id;
});
afterAll(() => t.close());

describe('calendars', () => {
  it('refuses an anonymous caller (401)', async () => {
    expect((await new Client(t.app).get(`${base()}/sla/calendars`)).statusCode).toBe(401);
  });

  it.each([
    [
      'overlapping hours',
      {
        weeklyHours: {
          mon: [
            { start: '09:00', end: '13:00' },
            { start: '12:00', end: '17:00' },
          ],
        },
      },
      'body.weeklyHours.mon.1',
      /overlaps 09:00–13:00/,
    ],
    [
      'inverted hours',
      { weeklyHours: { tue: [{ start: '17:00', end: '09:00' }] } },
      'body.weeklyHours.tue.0',
      /ends before it starts/,
    ],
    ['a bad holiday date', { holidays: ['2026-02-30'] }, 'body.holidays.0', /not a date/],
    ['an unknown timezone', { timeZone: 'Europe/Atlantis' }, 'body.timeZone', /not an IANA timezone/],
  ])('refuses %s with a message naming it, writing nothing (400)', async (_name, change, path, message) => {
    const response = await c.lead.post(`${base()}/sla/calendars`, { ...londonBody(), ...change });
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.message).toMatch(message);
    expect(error.details).toContainEqual(expect.objectContaining({ path }));
    expect(await count('sla_calendars')).toBe(0);
  });

  it('refuses an unknown weekday and unknown fields (400)', async () => {
    const response = await c.lead.post(`${base()}/sla/calendars`, {
      ...londonBody(),
      weeklyHours: { funday: nineToFive },
    });
    expect(response.statusCode).toBe(400);
  });

  it('refuses a requester reading settings (403)', async () => {
    expect((await c.requester.get(`${base()}/sla/calendars`)).statusCode).toBe(403);
  });

  it('refuses an agent, and a provider lead for the internal calendar (403, nothing written)', async () => {
    expect((await c.agent.post(`${base()}/sla/calendars`, londonBody())).statusCode).toBe(403);
    const response = await c.providerLead.post(`${base()}/sla/calendars`, londonBody());
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('SLA_RIGHT_REQUIRED');
    expect(await count('sla_calendars')).toBe(0);
  });

  it('answers 404 to a member of another workspace, and for another workspace’s calendar', async () => {
    expect((await c.otherLead.get(`${base()}/sla/calendars`)).statusCode).toBe(404);
    const patch = await c.lead.patch(`${base()}/sla/calendars/${otherCalendarId}`, {
      version: 1,
      name: 'Mine now',
    });
    expect(patch.statusCode).toBe(404);
    expect(
      await countRows(t.database, 'sla_calendars', 'id = $1 and name = $2', [otherCalendarId, 'Other hours']),
    ).toBe(1);
  });

  it('creates the internal calendar (audited) and lists it to staff of both parties', async () => {
    const created = await c.lead.post(`${base()}/sla/calendars`, londonBody());
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Acme business hours',
      timeZone: 'Europe/London',
      version: 1,
    });
    expect(await audits('sla_calendar.created')).toBe(1);
    const listed = await c.engineer.get(`${base()}/sla/calendars`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toHaveLength(1);
    expect(listed.json().items[0].partyKind).toBe('internal');
  });

  it('lets a provider lead keep its own cover calendar, and refuses a duplicate name (409)', async () => {
    const cover = await c.providerLead.post(`${base()}/sla/calendars`, {
      name: 'Provider 24x7 cover',
      partyId: ws.providerPartyId,
      timeZone: 'Europe/London',
      is24x7: true,
    });
    expect(cover.statusCode).toBe(201);
    const again = await c.lead.post(`${base()}/sla/calendars`, {
      ...londonBody(),
      name: 'Provider 24x7 cover',
    });
    expect(again.statusCode).toBe(409);
  });

  it('updates with the version and refuses a stale one (409)', async () => {
    const [cal] = (await c.lead.get(`${base()}/sla/calendars`))
      .json()
      .items.filter((i: { name: string }) => i.name === 'Acme business hours');
    const updated = await c.lead.patch(`${base()}/sla/calendars/${cal.id}`, {
      version: cal.version,
      holidays: [...cal.holidays, '2027-01-01'],
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().holidays).toContain('2027-01-01');
    const stale = await c.lead.patch(`${base()}/sla/calendars/${cal.id}`, {
      version: cal.version,
      name: 'Late',
    });
    expect(stale.statusCode).toBe(409);
    const bad = await c.lead.patch(`${base()}/sla/calendars/${cal.id}`, {
      version: cal.version + 1,
      holidays: ['tomorrow'],
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details).toContainEqual(expect.objectContaining({ path: 'body.holidays.0' }));
  });
});

describe('SLA policies', () => {
  const calendarId = async () =>
    (await c.lead.get(`${base()}/sla/calendars`))
      .json()
      .items.find((i: { name: string }) => i.name === 'Acme business hours').id as string;

  it('refuses bad targets (400) naming the field', async () => {
    const cal = await calendarId();
    const zero = await c.lead.post(`${base()}/sla/policies`, {
      name: 'P3',
      priority: 'P3',
      calendarId: cal,
      firstResponseMinutes: 0,
      resolutionMinutes: 60,
    });
    expect(zero.statusCode).toBe(400);
    expect(errorOf(zero).details).toContainEqual(
      expect.objectContaining({ path: 'body.firstResponseMinutes' }),
    );
    const shorter = await c.lead.post(`${base()}/sla/policies`, {
      name: 'P3',
      priority: 'P3',
      calendarId: cal,
      firstResponseMinutes: 120,
      resolutionMinutes: 60,
    });
    expect(shorter.statusCode).toBe(400);
    expect(errorOf(shorter).message).toMatch(/resolution target/);
    const foreign = await c.lead.post(`${base()}/sla/policies`, {
      name: 'P3',
      priority: 'P3',
      calendarId: otherCalendarId,
      firstResponseMinutes: 60,
      resolutionMinutes: 600,
    });
    expect(foreign.statusCode).toBe(400);
    expect(errorOf(foreign).details).toContainEqual(expect.objectContaining({ path: 'body.calendarId' }));
    expect(await count('sla_policies')).toBe(0);
  });

  it('refuses a scope that is not this workspace’s, or two scopes at once (400), naming the field', async () => {
    const cal = await calendarId();
    const body = {
      name: 'P2 scoped',
      priority: 'P2',
      calendarId: cal,
      firstResponseMinutes: 60,
      resolutionMinutes: 600,
    };
    const foreignService = (await c.otherLead.get(`/api/v1/w/${other.slug}/responsibility/map`)).json()
      .services[0].id as string;
    const foreignItem = (await c.otherLead.get(`/api/v1/w/${other.slug}/catalogue`)).json().items[0]
      .id as string;
    const ownItem = (await c.lead.get(`${base()}/catalogue`)).json().items[0].id as string;
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [scope, path] of [
      [{ serviceId: foreignService }, 'body.serviceId'],
      [{ serviceId: unknown }, 'body.serviceId'],
      [{ catalogueItemId: foreignItem }, 'body.catalogueItemId'],
      [{ catalogueItemId: unknown }, 'body.catalogueItemId'],
      [{ serviceId, catalogueItemId: ownItem }, 'body.catalogueItemId'],
    ] as const) {
      const refused = await c.lead.post(`${base()}/sla/policies`, { ...body, ...scope });
      expect(refused.statusCode, JSON.stringify(scope)).toBe(400);
      expect(errorOf(refused).details).toContainEqual(expect.objectContaining({ path }));
    }
    expect(await count('sla_policies')).toBe(0);
    expect(await audits('sla_policy.created')).toBe(0);
  });

  it('refuses a provider lead setting targets (403)', async () => {
    const response = await c.providerLead.post(`${base()}/sla/policies`, {
      name: 'P3',
      priority: 'P3',
      calendarId: await calendarId(),
      firstResponseMinutes: 60,
      resolutionMinutes: 600,
    });
    expect(response.statusCode).toBe(403);
  });

  it('creates per priority and per service, refuses a second policy for the same scope (409), updates and deletes', async () => {
    const cal = await calendarId();
    const body = {
      name: 'P3 standard',
      priority: 'P3',
      calendarId: cal,
      firstResponseMinutes: 240,
      resolutionMinutes: 2400,
    };
    const created = await c.lead.post(`${base()}/sla/policies`, body);
    expect(created.statusCode).toBe(201);
    expect(await audits('sla_policy.created')).toBe(1);
    const again = await c.lead.post(`${base()}/sla/policies`, { ...body, name: 'Again' });
    expect(again.statusCode).toBe(409);
    // The refusal names the policy in the way and its scope.
    expect(errorOf(again).message).toMatch(
      /"P3 standard" already sets the targets for P3 .*the whole workspace/,
    );
    const forService = await c.lead.post(`${base()}/sla/policies`, {
      ...body,
      name: 'P3 for one service',
      serviceId,
    });
    expect(forService.statusCode).toBe(201);
    const serviceAgain = await c.lead.post(`${base()}/sla/policies`, {
      ...body,
      name: 'P3 for the same service',
      serviceId,
    });
    expect(serviceAgain.statusCode).toBe(409);
    expect(errorOf(serviceAgain).message).toMatch(/"P3 for one service" .*\(the service “/);
    const updated = await c.lead.patch(`${base()}/sla/policies/${forService.json().id}`, {
      version: 1,
      resolutionMinutes: 1200,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().resolutionMinutes).toBe(1200);
    const listed = (await c.engineer.get(`${base()}/sla/policies`)).json().items;
    expect(listed.map((p: { name: string }) => p.name).sort()).toEqual(['P3 for one service', 'P3 standard']);
    expect((await c.lead.delete(`${base()}/sla/policies/${forService.json().id}`)).statusCode).toBe(204);
    expect((await c.otherLead.delete(`${base()}/sla/policies/${created.json().id}`)).statusCode).toBe(404);
    expect(await count('sla_policies')).toBe(1);
  });

  it('refuses deleting a calendar a policy uses (409)', async () => {
    const response = await c.lead.delete(`${base()}/sla/calendars/${await calendarId()}`);
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('CALENDAR_IN_USE');
  });
});

describe('escalation rules', () => {
  it('refuses a rule that does nothing, a share over 100 and a reassignment to a requester (400)', async () => {
    const none = await c.lead.post(`${base()}/sla/escalation-rules`, {
      priority: 'P1',
      clockKind: 'resolution',
      atPercent: 75,
      actions: {},
    });
    expect(none.statusCode).toBe(400);
    expect(errorOf(none).message).toMatch(/must do something/);
    const over = await c.lead.post(`${base()}/sla/escalation-rules`, {
      priority: 'P1',
      clockKind: 'resolution',
      atPercent: 150,
      actions: { raisePriority: true },
    });
    expect(over.statusCode).toBe(400);
    expect(errorOf(over).details).toContainEqual(expect.objectContaining({ path: 'body.atPercent' }));
    expect(await count('sla_escalation_rules')).toBe(0);
  });

  it('refuses an agent (403) and creates, lists and deletes for the internal lead', async () => {
    const body = {
      priority: 'P1',
      clockKind: 'resolution',
      atPercent: 75,
      actions: { notifyRoles: ['lead'], notifyOtherPartyLead: true },
      note: 'Provider lead calls the internal lead.',
    };
    expect((await c.agent.post(`${base()}/sla/escalation-rules`, body)).statusCode).toBe(403);
    const created = await c.lead.post(`${base()}/sla/escalation-rules`, body);
    expect(created.statusCode).toBe(201);
    expect(created.json().actions).toEqual({
      notifyRoles: ['lead'],
      notifyOtherPartyLead: true,
      reassignToMembershipId: null,
      raisePriority: false,
    });
    expect((await c.engineer.get(`${base()}/sla/escalation-rules`)).json().items).toHaveLength(1);
    const id = created.json().id;
    expect(
      (await c.providerLead.patch(`${base()}/sla/escalation-rules/${id}`, { version: 1, atPercent: 80 }))
        .statusCode,
    ).toBe(403);
    expect(
      (await c.otherLead.patch(`${base()}/sla/escalation-rules/${id}`, { version: 1, atPercent: 80 }))
        .statusCode,
    ).toBe(404);
    const empty = await c.lead.patch(`${base()}/sla/escalation-rules/${id}`, {
      version: 1,
      actions: { notifyRoles: [], notifyOtherPartyLead: false },
    });
    expect(empty.statusCode).toBe(400);
    const bad = await c.lead.patch(`${base()}/sla/escalation-rules/${id}`, { version: 1, atPercent: 0 });
    expect(errorOf(bad).details).toContainEqual(expect.objectContaining({ path: 'body.atPercent' }));
    const moved = await c.lead.patch(`${base()}/sla/escalation-rules/${id}`, { version: 1, atPercent: 80 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      atPercent: 80,
      version: 2,
      note: 'Provider lead calls the internal lead.',
    });
    expect(
      (await c.lead.patch(`${base()}/sla/escalation-rules/${id}`, { version: 1, atPercent: 90 })).statusCode,
    ).toBe(409);
    expect(await audits('sla_escalation_rule.updated')).toBe(1);
    expect((await c.otherLead.delete(`${base()}/sla/escalation-rules/${created.json().id}`)).statusCode).toBe(
      404,
    );
    expect((await c.lead.delete(`${base()}/sla/escalation-rules/${created.json().id}`)).statusCode).toBe(204);
    expect(await audits('sla_escalation_rule.deleted')).toBe(1);
  });
});

describe('after-hours cover and the on-call rota', () => {
  it('creates a cover rule for the internal lead only, naming bad fields', async () => {
    const body = { partyId: ws.providerPartyId, priorities: ['P1', 'P2'] };
    expect((await c.providerLead.post(`${base()}/sla/cover-rules`, body)).statusCode).toBe(403);
    const bad = await c.lead.post(`${base()}/sla/cover-rules`, { ...body, partyId: other.providerPartyId });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details).toContainEqual(expect.objectContaining({ path: 'body.partyId' }));
    const badService = await c.lead.post(`${base()}/sla/cover-rules`, {
      ...body,
      serviceIds: [otherCalendarId],
    });
    expect(badService.statusCode).toBe(400);
    expect(await count('after_hours_cover_rules')).toBe(0);
    const created = await c.lead.post(`${base()}/sla/cover-rules`, body);
    expect(created.statusCode).toBe(201);
    const listed = (await c.engineer.get(`${base()}/sla/cover-rules`)).json().items;
    expect(listed[0]).toMatchObject({ partyName: 'Provider Ltd', priorities: ['P1', 'P2'] });
    expect((await c.lead.delete(`${base()}/sla/cover-rules/${created.json().id}`)).statusCode).toBe(204);
  });

  it('keeps shifts for a party, reporting gaps and hand-overs (a gap is not an error)', async () => {
    const day = Date.UTC(2026, 11, 1);
    const h = (n: number) => new Date(day + n * 3_600_000).toISOString();
    const shift = (membershipId: string, from: number, to: number, client = c.providerLead) =>
      client.post(`${base()}/sla/rota/shifts`, {
        partyId: ws.providerPartyId,
        membershipId,
        startsAt: h(from),
        endsAt: h(to),
      });
    expect((await shift(ids.engineer, 8, 4)).statusCode).toBe(400);
    const notInParty = await shift(ids.agent, 0, 8);
    expect(notInParty.statusCode).toBe(400);
    expect(errorOf(notInParty).details).toContainEqual(
      expect.objectContaining({ path: 'body.membershipId' }),
    );
    expect((await shift(ids.engineer, 0, 8, c.engineer)).statusCode).toBe(403);
    expect((await shift(ids.engineer, 0, 8, c.otherLead)).statusCode).toBe(404);
    expect((await shift(ids.engineer, 0, 8)).statusCode).toBe(201);
    expect((await shift(ids.providerLead, 8, 16)).statusCode).toBe(201);
    expect((await shift(ids.engineer, 18, 24, c.lead)).statusCode).toBe(201);
    const rota = await c.agent.get(
      `${base()}/sla/rota?partyId=${ws.providerPartyId}&from=${encodeURIComponent(h(0))}&to=${encodeURIComponent(h(24))}`,
    );
    expect(rota.statusCode).toBe(200);
    expect(rota.json().shifts).toHaveLength(3);
    expect(rota.json().gaps).toEqual([{ start: h(16), end: h(18) }]);
    expect(rota.json().handOvers[1]).toEqual({ at: h(8), from: ids.engineer, to: ids.providerLead });
    const tooLong = await c.agent.get(
      `${base()}/sla/rota?partyId=${ws.providerPartyId}&from=${encodeURIComponent(h(0))}&to=${encodeURIComponent(h(24 * 200))}`,
    );
    expect(tooLong.statusCode).toBe(400);
    const shiftId = rota.json().shifts[2].id;
    expect((await c.otherLead.delete(`${base()}/sla/rota/shifts/${shiftId}`)).statusCode).toBe(404);
    expect((await c.engineer.delete(`${base()}/sla/rota/shifts/${shiftId}`)).statusCode).toBe(403);
    expect((await c.providerLead.delete(`${base()}/sla/rota/shifts/${shiftId}`)).statusCode).toBe(204);
    expect(await audits('on_call_shift.deleted')).toBe(1);
  });
});

describe('the remaining refusals', () => {
  it('refuses anonymous writes (401) and requesters everywhere (403)', async () => {
    const anonymous = new Client(t.app);
    expect((await anonymous.post(`${base()}/sla/policies`, {})).statusCode).toBe(401);
    for (const path of ['/sla/pages', '/sla/cover-rules', '/sla/escalation-rules', '/sla/policies'])
      expect((await c.requester.get(`${base()}${path}`)).statusCode, path).toBe(403);
    const rota = await c.requester.get(
      `${base()}/sla/rota?partyId=${ws.providerPartyId}&from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z`,
    );
    expect(rota.statusCode).toBe(403);
  });

  it('answers 404 for another workspace’s party in the rota', async () => {
    const rota = await c.agent.get(
      `${base()}/sla/rota?partyId=${other.providerPartyId}&from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z`,
    );
    expect(rota.statusCode).toBe(404);
  });

  it('refuses an agent changing or deleting a calendar (403) and deletes an unused one for its party lead', async () => {
    const spare = await c.providerLead.post(`${base()}/sla/calendars`, {
      name: 'Spare cover',
      partyId: ws.providerPartyId,
      timeZone: 'America/New_York',
      weeklyHours: { sat: [{ start: '08:00', end: '12:00' }] },
    });
    expect(spare.statusCode).toBe(201);
    const id = spare.json().id;
    expect(
      (await c.engineer.patch(`${base()}/sla/calendars/${id}`, { version: 1, name: 'Mine' })).statusCode,
    ).toBe(403);
    expect((await c.engineer.delete(`${base()}/sla/calendars/${id}`)).statusCode).toBe(403);
    expect((await c.lead.delete(`${base()}/sla/calendars/${otherCalendarId}`)).statusCode).toBe(404);
    expect((await c.providerLead.delete(`${base()}/sla/calendars/${id}`)).statusCode).toBe(204);
    expect(await audits('sla_calendar.deleted')).toBe(1);
  });

  it('refuses changing a policy for a provider lead (403), another workspace (404) and bad targets (400)', async () => {
    const [policy] = (await c.lead.get(`${base()}/sla/policies`)).json().items;
    const url = `${base()}/sla/policies/${policy.id}`;
    expect((await c.providerLead.patch(url, { version: policy.version, name: 'Ours' })).statusCode).toBe(403);
    expect((await c.otherLead.patch(url, { version: policy.version, name: 'Ours' })).statusCode).toBe(404);
    const bad = await c.lead.patch(url, { version: policy.version, firstResponseMinutes: 100_000 });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).message).toMatch(/resolution target/);
    const unchanged = (await c.lead.get(`${base()}/sla/policies`)).json().items[0];
    expect(unchanged.version).toBe(policy.version);
  });

  it('moves a policy between scopes with one field, keeps its scope on other edits, and refuses two scopes (400)', async () => {
    const ownItem = (await c.lead.get(`${base()}/catalogue`)).json().items[0].id as string;
    const created = await c.lead.post(`${base()}/sla/policies`, {
      name: 'P4 for one service',
      priority: 'P4',
      serviceId,
      calendarId: (await c.lead.get(`${base()}/sla/calendars`)).json().items[0].id,
      firstResponseMinutes: 60,
      resolutionMinutes: 600,
    });
    expect(created.statusCode).toBe(201);
    const url = `${base()}/sla/policies/${created.json().id}`;
    const scopeOf = async () => {
      const found = (await c.lead.get(`${base()}/sla/policies`))
        .json()
        .items.find((p: { id: string }) => p.id === created.json().id);
      return { serviceId: found.serviceId, catalogueItemId: found.catalogueItemId, version: found.version };
    };
    const renamed = await c.lead.patch(url, { version: (await scopeOf()).version, name: 'P4 renamed' });
    expect(renamed.statusCode).toBe(200);
    expect(await scopeOf()).toMatchObject({ serviceId, catalogueItemId: null });
    const both = await c.lead.patch(url, {
      version: (await scopeOf()).version,
      serviceId,
      catalogueItemId: ownItem,
    });
    expect(both.statusCode).toBe(400);
    expect(errorOf(both).details).toContainEqual(expect.objectContaining({ path: 'body.catalogueItemId' }));
    const moved = await c.lead.patch(url, { version: (await scopeOf()).version, catalogueItemId: ownItem });
    expect(moved.statusCode).toBe(200);
    expect(await scopeOf()).toMatchObject({ serviceId: null, catalogueItemId: ownItem });
    expect((await c.lead.delete(url)).statusCode).toBe(204);
  });

  it('answers 404 for a cover rule that does not exist', async () => {
    expect((await c.lead.delete(`${base()}/sla/cover-rules/${otherCalendarId}`)).statusCode).toBe(404);
  });
});
