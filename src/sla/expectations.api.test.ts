import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient as Client, errorOf, signedIn, type TestClient } from '../test/client.ts';
import { makeMember, makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import { buildSlaTestApp, countRows } from './test-app.ts';

let t: Awaited<ReturnType<typeof buildSlaTestApp>>;
let ws: TestWorkspace;
let other: TestWorkspace;
let c: Record<'lead' | 'engineer' | 'requester' | 'otherRequester' | 'outsider', TestClient>;
let requesterId: string;
let serviceId: string;

const base = () => `/api/v1/w/${ws.slug}`;
const expectations = (key: string, client = c.requester) =>
  client.get(`${base()}/tickets/${key}/expectations`);
const notified = (membershipId: string) =>
  countRows(t.database, 'notifications', 'workspace_id = $1 and event = $2 and membership_id = $3', [
    ws.id,
    'ticket.expectation_changed',
    membershipId,
  ]);
const raise = async (impact: string, urgency: string) => {
  const r = await c.lead.post(`${base()}/tickets`, {
    serviceId,
    subject: 'Laptop will not start',
    impact,
    urgency,
    requesterMembershipId: requesterId,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().ticket as { key: string; id: string };
};
const update = async (key: string, body: Record<string, unknown>) => {
  const current = (await c.lead.get(`${base()}/tickets/${key}`)).json();
  const r = await c.lead.patch(`${base()}/tickets/${key}`, { version: current.ticket.version, ...body });
  expect(r.statusCode, r.body).toBe(200);
};

beforeAll(async () => {
  t = await buildSlaTestApp();
  const db = t.database.db;
  ws = await makeWorkspace(db, 'Acme');
  other = await makeWorkspace(db, 'Other');
  const engineer = await makeMember(db, ws, { party: 'provider', role: 'agent' });
  const requester = await makeMember(db, ws, { party: null, role: 'requester' });
  const otherRequester = await makeMember(db, ws, { party: null, role: 'requester' });
  const outsider = await makeMember(db, other, { party: null, role: 'requester' });
  requesterId = requester.membershipId;
  c = {
    lead: await signedIn(t.app, ws.lead.email),
    engineer: await signedIn(t.app, engineer.email),
    requester: await signedIn(t.app, requester.email),
    otherRequester: await signedIn(t.app, otherRequester.email),
    outsider: await signedIn(t.app, outsider.email),
  };
  serviceId = (await c.lead.get(`${base()}/responsibility/map`)).json().services[0].id;
  const always = await c.lead.post(`${base()}/sla/calendars`, {
    name: 'Always',
    partyId: ws.internalPartyId,
    timeZone: 'Europe/London',
    is24x7: true,
  });
  for (const [priority, fr, res] of [
    ['P3', 240, 2880],
    ['P1', 15, 120],
  ] as const) {
    const r = await c.lead.post(`${base()}/sla/policies`, {
      name: `${priority} targets`,
      priority,
      calendarId: always.json().id,
      firstResponseMinutes: fr,
      resolutionMinutes: res,
    });
    expect(r.statusCode, r.body).toBe(201);
  }
});
afterAll(() => t.close());

describe('GET tickets/:key/expectations (when a requester can expect an answer)', () => {
  it('tells the requester the due times of a reply and a resolution, and nothing of how they are set', async () => {
    const ticket = await raise('medium', 'medium');
    const sla = (await c.lead.get(`${base()}/tickets/${ticket.key}/sla`)).json();
    const r = await expectations(ticket.key);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(Object.keys(body).sort()).toEqual(['changedAt', 'items', 'timeZone']);
    expect(body.timeZone).toBe('Europe/London');
    expect(body.changedAt).toBeNull();
    expect(body.items).toEqual(
      sla.clocks.map((k: { kind: string; dueAt: string }) => ({
        kind: k.kind,
        state: 'due',
        dueAt: k.dueAt,
        late: false,
      })),
    );
    // Security: policy names, targets, calendars and escalation never reach a requester.
    expect(r.body).not.toMatch(/P3 targets|targetMinutes|policy|calendar|escalat/i);
  });

  it('says paused while IT waits for the requester, and done once IT has replied', async () => {
    const ticket = await raise('medium', 'medium');
    await update(ticket.key, { status: 'waiting_on_requester' });
    const items = (await expectations(ticket.key)).json().items;
    expect(
      items.map((i: { kind: string; state: string; dueAt: string | null }) => [i.kind, i.state, i.dueAt]),
    ).toEqual([
      ['first_response', 'done', null],
      ['resolution', 'paused', null],
    ]);
  });

  it('moves the due times when the priority changes and tells the requester once', async () => {
    const ticket = await raise('medium', 'medium');
    const before = (await expectations(ticket.key)).json();
    const heard = await notified(requesterId);
    await update(ticket.key, { impact: 'high', urgency: 'high' });
    const after = (await expectations(ticket.key)).json();
    const due = (b: { items: { kind: string; dueAt: string }[] }, kind: string) =>
      Date.parse(b.items.find((i) => i.kind === kind)!.dueAt);
    expect(due(after, 'resolution')).toBeLessThan(due(before, 'resolution'));
    expect(after.changedAt).not.toBeNull();
    expect(await notified(requesterId)).toBe(heard + 1);
    const [note] = await t.database.unsafeOwnerQuery<{ subject: string; body: string; link: string }>(
      `select subject, body, link from notifications where workspace_id = $1 and event = 'ticket.expectation_changed'
       and membership_id = $2 order by created_at desc limit 1`,
      [ws.id, requesterId],
    );
    expect(note!.subject).toBe(`${ticket.key}: when to expect an answer has changed`);
    expect(note!.body).toMatch(
      /^We now aim to reply by \w+day \d+ \w+, \d\d:\d\d\. We now aim to resolve it by/,
    );
    expect(note!.link).toBe(`/w/${ws.slug}/portal/requests/${ticket.key}`);
    // A change that moves nothing (same priority, other field) says nothing.
    await update(ticket.key, { category: 'Hardware' });
    expect(await notified(requesterId)).toBe(heard + 1);
  });

  it('answers staff who may see the ticket', async () => {
    const ticket = await raise('low', 'low');
    expect((await expectations(ticket.key, c.lead)).statusCode).toBe(200);
  });

  it('refuses: 401 signed out, 404 for another requester’s ticket, another workspace and a foreign key prefix', async () => {
    const ticket = await raise('low', 'low');
    expect((await expectations(ticket.key, new Client(t.app))).statusCode).toBe(401);
    const mine = await expectations(ticket.key, c.otherRequester);
    expect(mine.statusCode).toBe(404);
    expect(errorOf(mine).code).toBe('NOT_FOUND');
    expect((await expectations(ticket.key, c.outsider)).statusCode).toBe(404);
    const foreign = ticket.key.replace(/^[A-Z]+/, 'ZZZ');
    expect((await expectations(foreign, c.lead)).statusCode).toBe(404);
    expect((await c.lead.get(`${base()}/tickets/not-a-key/expectations`)).statusCode).toBe(400);
  });
});
