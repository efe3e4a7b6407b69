import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSlaTestApp } from '../sla/test-app.ts';
import { signedIn, type TestClient } from '../test/client.ts';
import { makeMember, makeWorkspace, type TestWorkspace } from '../test/factories.ts';

type Row = {
  key: string;
  requester: { name: string | null };
  sla: { kind: string; state: string; dueAt: string | null; breached: boolean } | null;
};
type Page = { items: Row[]; nextCursor: string | null; serverTime: string };

let t: Awaited<ReturnType<typeof buildSlaTestApp>>;
let ws: TestWorkspace;
let lead: TestClient;
let requesterId: string;
let serviceId: string;
const keys: Record<string, string> = {};
const base = () => `/api/v1/w/${ws.slug}`;

const raise = async (impact: string, urgency: string, subject: string) => {
  const r = await lead.post(`${base()}/tickets`, {
    serviceId,
    subject,
    impact,
    urgency,
    requesterMembershipId: requesterId,
  });
  expect(r.statusCode).toBe(201);
  return r.json().ticket as { key: string; version: number };
};
const list = async (query: string) => {
  const r = await lead.get(`${base()}/tickets?${query}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Page;
};
const sla = async (key: string) =>
  (await lead.get(`${base()}/tickets/${key}/sla`)).json().clocks as Array<{
    kind: string;
    state: string;
    dueAt: string | null;
  }>;

beforeAll(async () => {
  t = await buildSlaTestApp();
  ws = await makeWorkspace(t.database.db, 'Acme');
  const requester = await makeMember(t.database.db, ws, { party: null, role: 'requester' });
  requesterId = requester.membershipId;
  lead = await signedIn(t.app, ws.lead.email);
  serviceId = (await lead.get(`${base()}/responsibility/map`)).json().services[0].id;
  const calendar = await lead.post(`${base()}/sla/calendars`, {
    name: 'Always',
    partyId: ws.internalPartyId,
    timeZone: 'UTC',
    is24x7: true,
  });
  // P4 has no policy: its tickets have no clock and sort last.
  for (const [priority, fr, res] of [
    ['P3', 60, 480],
    ['P2', 30, 240],
    ['P1', 15, 120],
  ] as const) {
    const r = await lead.post(`${base()}/sla/policies`, {
      name: `${priority} targets`,
      priority,
      calendarId: calendar.json().id,
      firstResponseMinutes: fr,
      resolutionMinutes: res,
    });
    expect(r.statusCode).toBe(201);
  }
  // Raised in an order that differs from their due order.
  keys.p3 = (await raise('medium', 'medium', 'P3 printer')).key;
  keys.none = (await raise('low', 'low', 'No clock')).key;
  keys.p1 = (await raise('high', 'high', 'P1 outage')).key;
  keys.p2 = (await raise('high', 'medium', 'P2 slow')).key;
  const paused = await raise('medium', 'medium', 'Waiting on requester');
  keys.paused = paused.key;
  const r = await lead.patch(`${base()}/tickets/${paused.key}`, {
    version: paused.version,
    status: 'waiting_on_requester',
  });
  expect(r.statusCode).toBe(200);
});
afterAll(() => t.close());

describe('the queue sorted by SLA due', () => {
  it('orders by the nearest running clock, tickets without one last, and pages by keyset', async () => {
    const all = await list('sort=sla_due&limit=200');
    const ours = all.items.map((i) => i.key).filter((k) => Object.values(keys).includes(k));
    expect(ours.slice(0, 3)).toEqual([keys.p1, keys.p2, keys.p3]);
    // The paused ticket (status change = first response; resolution paused) and the P4 have no running clock.
    expect(new Set(ours.slice(3))).toEqual(new Set([keys.paused, keys.none]));
    const dues = all.items.map((i) => (i.sla?.state === 'running' ? i.sla.dueAt : null));
    const running = dues.filter((d): d is string => d !== null);
    expect(running).toEqual([...running].sort());
    expect(dues.indexOf(null)).toBe(running.length);

    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(`sort=sla_due&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...page.items.map((i) => i.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(all.items.map((i) => i.key));
  });

  it('shows the nearest clock as the clock API has it, paused as paused, and the server time', async () => {
    const before = Date.now();
    const page = await list('sort=sla_due');
    const row = (key: string) => page.items.find((i) => i.key === key)!;
    const clocks = await sla(keys.p1!);
    const firstResponse = clocks.find((c) => c.kind === 'first_response')!;
    expect(row(keys.p1!).sla).toEqual({
      kind: 'first_response',
      state: 'running',
      dueAt: firstResponse.dueAt,
      breached: false,
    });
    expect(row(keys.paused!).sla).toEqual({
      kind: 'resolution',
      state: 'paused',
      dueAt: null,
      breached: false,
    });
    expect(row(keys.none!).sla).toBeNull();
    expect(row(keys.p1!).requester.name).toBeTruthy();
    const serverTime = Date.parse(page.serverTime);
    expect(serverTime).toBeGreaterThanOrEqual(before - 1000);
    expect(serverTime).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('moves a ticket when its clock stops, and refuses a cursor from another sort', async () => {
    const p1 = (await lead.get(`${base()}/tickets/${keys.p1}`)).json().ticket;
    const r = await lead.post(`${base()}/tickets/${keys.p1}/comments`, { body: 'On it.' });
    expect(r.statusCode).toBe(201);
    const clocks = await sla(keys.p1!);
    expect(clocks.find((c) => c.kind === 'first_response')!.state).toBe('stopped');
    const page = await list('sort=sla_due&limit=200');
    const row = page.items.find((i) => i.key === keys.p1)!;
    expect(row.sla?.kind).toBe('resolution');
    expect(row.sla?.dueAt).toBe(clocks.find((c) => c.kind === 'resolution')!.dueAt);
    expect(p1.key).toBe(keys.p1);

    const priorityPage = await list('sort=priority&limit=1');
    const bad = await lead.get(`${base()}/tickets?sort=sla_due&cursor=${priorityPage.nextCursor}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details?.[0]?.path ?? bad.body).toContain('cursor');
  });

  it('writes the ticket once on a first staff reply: the reply sets the due time its stopped clock leaves', async () => {
    const { key } = await raise('high', 'medium', 'P2 first reply');
    const number = Number(key.split('-').at(-1));
    const r = await lead.post(`${base()}/tickets/${key}/comments`, { body: 'Looking now.' });
    expect(r.statusCode, r.body).toBe(201);
    // cmin is the command of the transaction that wrote a row version: the ticket's last version is the
    // reply's own statement (which also inserted the comment), not a later one of the clocks' trigger.
    const [row] = await t.database.unsafeOwnerQuery<{
      ticket: string;
      comment: string;
      due: string;
      resolution: string;
    }>(
      `select t.cmin::text as ticket, c.cmin::text as comment, t.sla_due_at::text as due,
         (select s.due_at from sla_clocks s where s.ticket_id = t.id and s.kind = 'resolution')::text as resolution
       from tickets t join ticket_comments c on c.ticket_id = t.id
       where t.workspace_id = $1 and t.number = $2`,
      [ws.id, number],
    );
    expect(row!.ticket).toBe(row!.comment);
    expect(row!.due).toBe(row!.resolution);
    expect((await sla(key)).find((c) => c.kind === 'first_response')!.state).toBe('stopped');
  });

  it('keeps the due time from the clocks without rewriting the ticket when a clock write leaves it as it was', async () => {
    const ticketRow = async (key: string) => {
      const [row] = await t.database.unsafeOwnerQuery<{ xmin: string; due: string | null; nearest: string }>(
        `select t.xmin::text as xmin, t.sla_due_at::text as due,
           (select min(c.due_at) from sla_clocks c where c.ticket_id = t.id and c.state = 'running')::text as nearest
         from tickets t where t.workspace_id = $1 and t.number = $2`,
        [ws.id, Number(key.split('-').at(-1))],
      );
      return row!;
    };
    const before = await ticketRow(keys.p2!);
    expect(before.due).not.toBeNull();
    expect(before.due).toBe(before.nearest);
    // A statement that writes the ticket's clocks but moves no due time (as a breach flag does).
    await t.database.unsafeOwnerQuery(
      'update sla_clocks set state = state, updated_at = now() where ticket_id = (select id from tickets where workspace_id = $1 and number = $2)',
      [ws.id, Number(keys.p2!.split('-').at(-1))],
    );
    expect(await ticketRow(keys.p2!)).toEqual(before);
  });

  it('answers a polled ticket 304 while it is unchanged, and the new version once someone changes it', async () => {
    const url = `${base()}/tickets/${keys.p3}`;
    const first = await lead.get(url);
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^W\/"/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await lead.get(url, { 'if-none-match': tag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const r = await lead.patch(url, { version: first.json().ticket.version, status: 'in_progress' });
    expect(r.statusCode, r.body).toBe(200);
    const changed = await lead.get(url, { 'if-none-match': tag });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().ticket.status).toBe('in_progress');
    expect(changed.headers.etag).not.toBe(tag);
    // The queue carries serverTime, so its polls are always whole answers (with a tag).
    const page = await lead.get(`${base()}/tickets?sort=sla_due`);
    expect(
      (await lead.get(`${base()}/tickets?sort=sla_due`, { 'if-none-match': page.headers.etag as string }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses an unknown sort naming the field', async () => {
    const r = await lead.get(`${base()}/tickets?sort=due`);
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('sort');
  });
});
