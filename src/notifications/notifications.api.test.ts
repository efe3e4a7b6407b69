import { beforeAll, describe, expect, it } from 'vitest';
import { withScopedTx } from '../db/tenant.ts';
import { errorOf, signedIn, TestClient } from '../test/client.ts';
import { makeMember } from '../test/factories.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { countRows } from '../test/tenancy-helpers.ts';
import { catalogueItemId } from '../test/workspace-lookups.ts';
import { notify } from './notify.ts';

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');
const other = workspaceForFile(t, 'Other');
let lead: TestClient;
let agent: TestClient;
let engineer: TestClient;
let requester: TestClient;
let outsider: TestClient;
let ids: { agent: string; engineer: string; engineerLead: string; requester: string };
let itemId: string;

const base = () => `/api/v1/w/${ws.slug}`;

beforeAll(async () => {
  const db = t.database.db;
  const a = await makeMember(db, ws, { party: 'internal', role: 'agent' });
  const e = await makeMember(db, ws, { party: 'provider', role: 'agent' });
  const el = await makeMember(db, ws, { party: 'provider', role: 'lead' });
  const r = await makeMember(db, ws, { party: null, role: 'requester' });
  ids = {
    agent: a.membershipId,
    engineer: e.membershipId,
    engineerLead: el.membershipId,
    requester: r.membershipId,
  };
  lead = await signedIn(t.app, ws.lead.email);
  agent = await signedIn(t.app, a.email);
  engineer = await signedIn(t.app, e.email);
  requester = await signedIn(t.app, r.email);
  outsider = await signInNewMember(t, other, { party: 'internal', role: 'lead' });
  itemId = await catalogueItemId(requester, ws, 'New or replacement device');
});

async function raiseTicket(subject = 'Laptop will not start') {
  const created = await requester.post(`${base()}/tickets`, {
    catalogueItemId: itemId,
    subject,
    fieldValues: { device: 'Laptop' },
  });
  expect(created.statusCode).toBe(201);
  return created.json().ticket as { number: number; key: string; version: number };
}

describe('in-app notifications from ticket events', () => {
  it('tells the lane staff of a new ticket, not the requester who raised it nor the other party', async () => {
    const ticket = await raiseTicket();
    const mine = (await agent.get(`${base()}/notifications`)).json();
    expect(mine.unread).toBeGreaterThanOrEqual(1);
    expect(mine.items[0]).toMatchObject({
      event: 'ticket.created',
      subject: `New ticket: ${ticket.key} Laptop will not start`,
      link: `/w/${ws.slug}/tickets/${ticket.key}`,
      read: false,
    });
    expect((await lead.get(`${base()}/notifications/unread-count`)).json().unread).toBeGreaterThanOrEqual(1);
    expect((await requester.get(`${base()}/notifications`)).json().items).toEqual([]);
    expect((await engineer.get(`${base()}/notifications`)).json().items).toEqual([]);
  });

  it('tells the requester of a public reply but never of an internal note', async () => {
    const ticket = await raiseTicket('Mouse broken');
    await agent.post(`${base()}/tickets/${ticket.number}/comments`, {
      body: 'Internal only',
      visibility: 'staff',
    });
    expect((await requester.get(`${base()}/notifications`)).json().items).toEqual([]);
    await agent.post(`${base()}/tickets/${ticket.number}/comments`, {
      body: 'On my way',
      visibility: 'public',
    });
    const items = (await requester.get(`${base()}/notifications`)).json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ event: 'ticket.commented', body: 'On my way' });
  });

  it('tells the assignee, the party a ticket is handed to, and the requester of the resolution', async () => {
    const ticket = await raiseTicket('Monitor flickers');
    const detail = (await lead.get(`${base()}/tickets/${ticket.number}`)).json();
    const assigned = await lead.patch(`${base()}/tickets/${ticket.number}`, {
      version: detail.ticket.version,
      assigneeMembershipId: ids.agent,
    });
    expect(assigned.statusCode).toBe(200);
    const agentItems = (await agent.get(`${base()}/notifications`)).json().items;
    expect(agentItems[0]).toMatchObject({ event: 'ticket.assigned' });

    const handed = await lead.post(`${base()}/tickets/${ticket.number}/handoff`, {
      version: assigned.json().ticket.version,
      toPartyId: ws.providerPartyId,
      reason: 'Hardware is Northwind’s',
    });
    expect(handed.statusCode).toBe(200);
    const engineerItems = (await engineer.get(`${base()}/notifications`)).json().items;
    expect(engineerItems[0]).toMatchObject({ event: 'ticket.handed_off', body: 'Hardware is Northwind’s' });

    const resolved = await engineer.patch(`${base()}/tickets/${ticket.number}`, {
      version: handed.json().ticket.version,
      status: 'resolved',
    });
    expect(resolved.statusCode).toBe(200);
    const requesterItems = (await requester.get(`${base()}/notifications`)).json().items;
    expect(requesterItems[0]).toMatchObject({ event: 'ticket.resolved' });
    // The internal party watches the ticket it handed off: its lead hears of the outcome.
    const leadItems = (await lead.get(`${base()}/notifications`)).json().items;
    expect(leadItems.some((n: { event: string }) => n.event === 'ticket.resolved')).toBe(true);
  });

  it('writes nothing twice for one event key (notify called again in a later transaction)', async () => {
    const input = {
      event: 'sla.breached' as const,
      recipients: [{ partyKind: 'internal' as const, roles: ['lead' as const] }],
      subject: 'Breach',
      dedupeKey: 'sla.breached:test-once',
    };
    const first = await withScopedTx(t.database.db, { workspaceId: ws.id, accountId: null }, (tx) =>
      notify(tx, { workspaceId: ws.id, jobs: t.jobs }, input),
    );
    const again = await withScopedTx(t.database.db, { workspaceId: ws.id, accountId: null }, (tx) =>
      notify(tx, { workspaceId: ws.id, jobs: t.jobs }, input),
    );
    expect(first.notified).toBe(1);
    expect(again.notified).toBe(0);
    expect(await countRows(t, 'notifications', `dedupe_key = 'sla.breached:test-once'`)).toBe(1);
  });
});

describe('every route', () => {
  const routes: [string, string][] = [
    ['GET', '/notifications'],
    ['GET', '/notifications/unread-count'],
    ['POST', '/notifications/00000000-0000-4000-8000-000000000000/read'],
    ['POST', '/notifications/read-all'],
    ['GET', '/notification-preferences'],
    ['PATCH', '/notification-preferences'],
    ['GET', '/notification-deliveries'],
    ['GET', '/notification-events'],
    ['GET', '/webhooks'],
    ['POST', '/webhooks'],
    ['GET', '/webhooks/00000000-0000-4000-8000-000000000000'],
    ['PATCH', '/webhooks/00000000-0000-4000-8000-000000000000'],
    ['DELETE', '/webhooks/00000000-0000-4000-8000-000000000000'],
    ['POST', '/webhooks/00000000-0000-4000-8000-000000000000/rotate-secret'],
    ['POST', '/webhooks/00000000-0000-4000-8000-000000000000/ping'],
    ['GET', '/webhooks/00000000-0000-4000-8000-000000000000/deliveries'],
    [
      'POST',
      '/webhooks/00000000-0000-4000-8000-000000000000/deliveries/00000000-0000-4000-8000-000000000000/redeliver',
    ],
  ];
  it('answers 401 without a session and 404 to a member of another workspace', async () => {
    const anonymous = new TestClient(t.app);
    for (const [method, path] of routes) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      expect(
        (await anonymous.request(method as 'GET', `${base()}${path}`, body)).statusCode,
        `${method} ${path}`,
      ).toBe(401);
      expect(
        (await outsider.request(method as 'GET', `${base()}${path}`, body)).statusCode,
        `${method} ${path}`,
      ).toBe(404);
    }
  });

  it('lists the events a person can choose, with their labels', async () => {
    const events = (await requester.get(`${base()}/notification-events`)).json().items;
    expect(events).toContainEqual({ event: 'ticket.resolved', label: 'A ticket I follow is resolved' });
    expect(events.length).toBeGreaterThan(10);
  });

  it('404 for a webhook endpoint that does not exist, for the internal lead', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await lead.get(`${base()}/webhooks/${missing}`)).statusCode).toBe(404);
    expect(
      (await lead.patch(`${base()}/webhooks/${missing}`, { version: 1, active: false })).statusCode,
    ).toBe(404);
    expect((await lead.delete(`${base()}/webhooks/${missing}`)).statusCode).toBe(404);
    expect((await lead.post(`${base()}/webhooks/${missing}/rotate-secret`)).statusCode).toBe(404);
    expect((await lead.get(`${base()}/webhooks/${missing}/deliveries`)).statusCode).toBe(404);
  });

  it('a ping queues its delivery in the same transaction (the job queue is always running)', async () => {
    const created = await lead.post(`${base()}/webhooks`, {
      url: 'https://hooks.example.test/x',
      events: ['ticket.created'],
    });
    expect(created.statusCode).toBe(201);
    const jobsBefore = await countRows(t, 'pgboss.job', `name = 'webhooks.deliver'`);
    const ping = await lead.post(`${base()}/webhooks/${created.json().endpoint.id}/ping`);
    expect(ping.statusCode).toBe(202);
    expect(await countRows(t, 'webhook_deliveries', `endpoint_id = '${created.json().endpoint.id}'`)).toBe(1);
    expect(await countRows(t, 'pgboss.job', `name = 'webhooks.deliver'`)).toBe(jobsBefore + 1);
  });
});

describe('reading and marking', () => {
  it('401 without a session; 404 for a workspace the caller is not in', async () => {
    expect((await new TestClient(t.app).get(`${base()}/notifications`)).statusCode).toBe(401);
    expect((await outsider.get(`${base()}/notifications`)).statusCode).toBe(404);
    expect((await outsider.post(`${base()}/notifications/read-all`)).statusCode).toBe(404);
  });

  it('400 for a bad id, a bad unread filter and a foreign cursor', async () => {
    expect(errorOf(await agent.post(`${base()}/notifications/not-a-uuid/read`)).message).toMatch(/id/);
    expect((await agent.get(`${base()}/notifications?unread=maybe`)).statusCode).toBe(400);
    const bad = await agent.get(`${base()}/notifications?cursor=nonsense`);
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).message).toMatch(/cursor/);
  });

  it('marks one read (404 for someone else’s, nothing changed) and then all', async () => {
    const items = (await agent.get(`${base()}/notifications?unread=true`)).json().items as { id: string }[];
    expect(items.length).toBeGreaterThan(1);
    const stolen = await lead.post(`${base()}/notifications/${items[0]!.id}/read`);
    expect(stolen.statusCode).toBe(404);
    const foreign = await outsider.post(`/api/v1/w/${other.slug}/notifications/${items[0]!.id}/read`);
    expect(foreign.statusCode).toBe(404);
    expect(await countRows(t, 'notifications', 'id = $1 and read_at is not null', [items[0]!.id])).toBe(0);

    const before = (await agent.get(`${base()}/notifications/unread-count`)).json().unread;
    const read = await agent.post(`${base()}/notifications/${items[0]!.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ notification: { read: true }, unread: before - 1 });
    const all = await agent.post(`${base()}/notifications/read-all`);
    expect(all.json()).toEqual({ marked: before - 1, unread: 0 });
    expect((await agent.get(`${base()}/notifications/unread-count`)).json().unread).toBe(0);
  });

  it('pages with a cursor, newest first', async () => {
    const first = (await lead.get(`${base()}/notifications?limit=1`)).json();
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = (await lead.get(`${base()}/notifications?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect(new Date(second.items[0].createdAt) <= new Date(first.items[0].createdAt)).toBe(true);
  });
});

describe('preferences', () => {
  it('lists every event with its defaults', async () => {
    const prefs = (await engineer.get(`${base()}/notification-preferences`)).json();
    expect(prefs.digestHour).toBe(7);
    expect(prefs.events.find((e: { event: string }) => e.event === 'ticket.assigned')).toMatchObject({
      inApp: true,
      email: 'immediate',
    });
  });

  it('400 for an unknown event, a bad e-mail mode and an hour out of range; nothing written', async () => {
    const unknown = await engineer.patch(`${base()}/notification-preferences`, {
      events: [{ event: 'ticket.exploded', inApp: true, email: 'immediate' }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(errorOf(unknown).message).toMatch(/event/);
    const mode = await engineer.patch(`${base()}/notification-preferences`, {
      events: [{ event: 'ticket.assigned', inApp: true, email: 'hourly' }],
    });
    expect(mode.statusCode).toBe(400);
    expect(errorOf(mode).message).toMatch(/email/);
    const hour = await engineer.patch(`${base()}/notification-preferences`, { digestHour: 24 });
    expect(errorOf(hour).message).toMatch(/digestHour/);
    expect(await countRows(t, 'notification_preferences', 'membership_id = $1', [ids.engineer])).toBe(0);
    expect((await outsider.patch(`${base()}/notification-preferences`, { digestHour: 3 })).statusCode).toBe(
      404,
    );
  });

  it('keeps in-app off for an event: the person no longer sees it (audited)', async () => {
    const saved = await engineer.patch(`${base()}/notification-preferences`, {
      events: [{ event: 'ticket.handed_off', inApp: false, email: 'off' }],
      digestHour: 18,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().digestHour).toBe(18);
    expect(saved.json().events.find((e: { event: string }) => e.event === 'ticket.handed_off')).toMatchObject(
      {
        inApp: false,
        email: 'off',
      },
    );
    const ticket = await raiseTicket('Dock not charging');
    const detail = (await lead.get(`${base()}/tickets/${ticket.number}`)).json();
    await lead.post(`${base()}/tickets/${ticket.number}/handoff`, {
      version: detail.ticket.version,
      toPartyId: ws.providerPartyId,
      reason: 'Docks are hardware',
    });
    const items = (await engineer.get(`${base()}/notifications`)).json().items as { subject: string }[];
    expect(items.some((n) => n.subject.includes('Dock not charging'))).toBe(false);
    // The provider lead kept the defaults and hears of it.
    expect(
      await countRows(t, 'notifications', `membership_id = $1 and subject like '%Dock not charging%'`, [
        ids.engineerLead,
      ]),
    ).toBe(1);
    expect(
      await countRows(
        t,
        'audit_events',
        `workspace_id = $1 and action = 'notification_preferences.updated'`,
        [ws.id],
      ),
    ).toBe(1);
  });
});

describe('e-mail delivery log', () => {
  it('is the internal lead’s: 403 for an agent and a requester, 404 from another workspace', async () => {
    expect((await lead.get(`${base()}/notification-deliveries`)).statusCode).toBe(200);
    const refused = await agent.get(`${base()}/notification-deliveries`);
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).code).toBe('NOTIFICATION_ADMIN_REQUIRED');
    expect((await requester.get(`${base()}/notification-deliveries`)).statusCode).toBe(403);
    expect((await outsider.get(`${base()}/notification-deliveries`)).statusCode).toBe(404);
    expect((await lead.get(`${base()}/notification-deliveries?status=lost`)).statusCode).toBe(400);
  });
});
