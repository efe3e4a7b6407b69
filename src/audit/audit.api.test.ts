import { describe, expect, it } from 'vitest';
import { errorOf, type TestClient } from '../test/client.ts';
import { makeMember, makeWorkspace, TEST_PASSWORD, type TestWorkspace } from '../test/factories.ts';
import { auditCount, bodyOf, clientsForFile, ownerQuery } from '../test/tenancy-helpers.ts';

const { t, clients, db } = clientsForFile();
const auditUrl = (ws: TestWorkspace, query = '') => `/api/v1/w/${ws.slug}/audit${query}`;
type AuditEvent = {
  id: number;
  at: string;
  action: string;
  entityType: string;
  entityId: string | null;
  entityLabel: string | null;
  actor: { accountId: string; name: string; email: string } | null;
  membershipId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  hash: string;
  prevHash: string;
};
type Page = { items: AuditEvent[]; nextCursor: string | null };
const pause = () => new Promise((resolve) => setTimeout(resolve, 15));

async function read(client: TestClient, ws: TestWorkspace, query = '') {
  const response = await client.get(auditUrl(ws, query));
  expect(response.statusCode, response.body).toBe(200);
  return bodyOf<Page>(response);
}

describe('GET /w/:ws/audit: who may read', () => {
  it('refuses an anonymous caller (401)', async () => {
    const ws = await makeWorkspace(db());
    expect((await t.app.inject({ method: 'GET', url: auditUrl(ws) })).statusCode).toBe(401);
  });

  it.each([
    ['a from that is not a date', '?from=yesterday', 'querystring.from'],
    ['from after to', '?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z', 'querystring.from'],
    ['an actorAccountId that is not a uuid', '?actorAccountId=me', 'querystring.actorAccountId'],
    ['a limit over 200', '?limit=500', 'querystring.limit'],
    ['an unknown parameter', '?order=asc', 'querystring'],
    ['a cursor that is not base64 JSON', '?cursor=%%%', 'querystring.cursor'],
    [
      'a cursor whose id is not a number',
      `?cursor=${Buffer.from('["abc"]').toString('base64url')}`,
      'querystring.cursor',
    ],
  ])('refuses %s (400 naming the parameter)', async (_label, query, path) => {
    const ws = await makeWorkspace(db());
    const response = await (await clients.as(ws.lead.email)).get(auditUrl(ws, query));
    expect(response.statusCode).toBe(400);
    expect((errorOf(response).details as { path: string }[])[0]!.path).toBe(path);
  });

  it.each([
    ['a provider lead', { party: 'provider', role: 'lead' }],
    ['an internal agent', { party: 'internal', role: 'agent' }],
    ['an internal viewer', { party: 'internal', role: 'viewer' }],
    ['a provider agent', { party: 'provider', role: 'agent' }],
    ['a requester', { party: null, role: 'requester' }],
  ] as const)('refuses %s (403 naming the internal lead)', async (_label, spec) => {
    const ws = await makeWorkspace(db());
    const member = await makeMember(db(), ws, spec);
    const response = await (await clients.as(member.email)).get(auditUrl(ws));
    expect(response.statusCode).toBe(403);
    expect(errorOf(response)).toMatchObject({
      code: 'WORKSPACE_RIGHT_REQUIRED',
      message: expect.stringMatching(/internal IT lead/),
    });
  });

  it("answers 404 to another workspace's internal lead", async () => {
    const ws = await makeWorkspace(db());
    const other = await makeWorkspace(db());
    expect((await (await clients.as(other.lead.email)).get(auditUrl(ws))).statusCode).toBe(404);
  });

  it("shows the internal lead only this workspace's events, newest first", async () => {
    const ws = await makeWorkspace(db());
    await makeWorkspace(db());
    const page = await read(await clients.as(ws.lead.email), ws, '?limit=200');
    const own = await ownerQuery<{ id: string }>(
      t,
      'select id from audit_events where workspace_id = $1 order by id desc',
      [ws.id],
    );
    expect(page.items.map((e) => String(e.id))).toEqual(own.map((r) => String(r.id)));
    expect(page.items.map((e) => e.action).slice(-3)).toEqual([
      'member.added',
      'party.created',
      'workspace.created',
    ]);
    expect(page.nextCursor).toBeNull();
  });
});

describe('GET /w/:ws/audit: names people know', () => {
  it('names a ticket by its key, and other entities not at all', async () => {
    const ws = await makeWorkspace(db());
    const lead = await clients.as(ws.lead.email);
    const serviceId = (await lead.get(`/api/v1/w/${ws.slug}/responsibility/map`)).json().services[0].id;
    const created = await lead.post(`/api/v1/w/${ws.slug}/tickets`, { serviceId, subject: 'Key please' });
    expect(created.statusCode).toBe(201);
    const ticket = created.json().ticket as { id: string; key: string };
    const page = await read(lead, ws, '?limit=200');
    const onTicket = page.items.filter((e) => e.entityId === ticket.id);
    expect(onTicket.length).toBeGreaterThan(0);
    for (const e of onTicket) expect(e.entityLabel).toBe(ticket.key);
    const others = page.items.filter((e) => e.entityType !== 'ticket');
    expect(others.length).toBeGreaterThan(0);
    for (const e of others) expect(e.entityLabel).toBeNull();
  });
});

describe('GET /w/:ws/audit: filters and pages', () => {
  it('filters by action, entity type, entity id and actor', async () => {
    const ws = await makeWorkspace(db());
    const lead = await clients.as(ws.lead.email);
    const providerLead = await makeMember(db(), ws, { party: 'provider', role: 'lead' });
    const agent = await makeMember(db(), ws, { party: 'provider', role: 'agent' });
    await lead.patch(`/api/v1/w/${ws.slug}/parties/${ws.providerPartyId}`, {
      version: 1,
      name: 'Renamed MSP',
    });
    await (await clients.as(providerLead.email)).patch(`/api/v1/w/${ws.slug}/members/${agent.membershipId}`, {
      version: 1,
      role: 'viewer',
    });

    const byAction = await read(lead, ws, '?action=party.renamed');
    expect(byAction.items.map((e) => [e.action, e.entityId])).toEqual([
      ['party.renamed', ws.providerPartyId],
    ]);
    const byType = await read(lead, ws, '?entityType=party');
    expect(byType.items.map((e) => e.action)).toEqual(['party.renamed', 'party.created']);
    const byEntity = await read(lead, ws, `?entityId=${agent.membershipId}`);
    expect(byEntity.items.map((e) => e.action)).toEqual(['member.role_changed']);
    const byActor = await read(lead, ws, `?actorAccountId=${providerLead.accountId}`);
    expect(byActor.items.map((e) => [e.action, e.actor?.email])).toEqual([
      ['member.role_changed', providerLead.email],
    ]);
    expect((await read(lead, ws, '?action=no.such.action')).items).toEqual([]);
  });

  it('filters by time with from and to (both inclusive)', async () => {
    const ws = await makeWorkspace(db());
    const lead = await clients.as(ws.lead.email);
    await pause();
    const start = new Date();
    await lead.patch(`/api/v1/w/${ws.slug}`, { version: 1, name: 'One' });
    await pause();
    const middle = new Date();
    await pause();
    await lead.patch(`/api/v1/w/${ws.slug}`, { version: 2, name: 'Two' });
    await pause();
    const end = new Date();

    const names = (page: Page) => page.items.map((e) => e.after?.name);
    expect(names(await read(lead, ws, `?from=${start.toISOString()}`))).toEqual(['Two', 'One']);
    expect(names(await read(lead, ws, `?from=${middle.toISOString()}`))).toEqual(['Two']);
    expect(names(await read(lead, ws, `?action=workspace.updated&to=${middle.toISOString()}`))).toEqual([
      'One',
    ]);
    expect((await read(lead, ws, `?from=${end.toISOString()}`)).items).toEqual([]);
    const all = await read(lead, ws);
    const first = all.items.at(-1)!;
    const exact = await read(lead, ws, `?from=${first.at}&to=${first.at}`);
    expect(exact.items.map((e) => e.id)).toContain(first.id);
  });

  it('pages newest first with limit=2, without duplicates or gaps', async () => {
    const ws = await makeWorkspace(db());
    const lead = await clients.as(ws.lead.email);
    for (let version = 1; version <= 4; version++)
      await lead.patch(`/api/v1/w/${ws.slug}`, { version, name: `Name ${version}` });
    const all = (await read(lead, ws, '?limit=200')).items;
    const total = await auditCount(t, ws.id);
    expect(total).toBeGreaterThanOrEqual(7);
    expect(all).toHaveLength(total);
    const seen: AuditEvent[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await read(lead, ws, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(pages).toBe(Math.ceil(total / 2));
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const ids = seen.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(total);
  });
});

describe('GET /w/:ws/audit: every change is recorded', () => {
  it('records each change made through the API with its actor, before and after', async () => {
    const ws = await makeWorkspace(db(), 'Audited');
    const lead = await clients.as(ws.lead.email);
    const agent = await makeMember(db(), ws, { party: 'internal', role: 'agent' });
    const agentClient = await clients.as(agent.email);
    const countBefore = await auditCount(t, ws.id);
    const base = `/api/v1/w/${ws.slug}`;
    const ok = async (promise: Promise<{ statusCode: number; body: string }>) => {
      const response = await promise;
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.body ? (JSON.parse(response.body) as Record<string, Record<string, string>>) : {};
    };

    await ok(lead.patch(base, { version: 1, name: 'Audited Renamed' }));
    const { party } = await ok(lead.post(`${base}/parties`, { name: 'Second MSP' }));
    await ok(lead.patch(`${base}/parties/${party!.id}`, { version: 1, name: 'Second MSP Ltd' }));
    const staffInvite = await ok(
      lead.post(`${base}/invitations`, { email: 'staff@example.test', role: 'agent', partyId: party!.id }),
    );
    await ok(lead.delete(`${base}/invitations/${staffInvite.invitation!.id}`));
    const requesterInvite = await ok(
      agentClient.post(`${base}/invitations`, {
        email: 'new.person@example.test',
        role: 'requester',
        partyId: null,
      }),
    );
    const token = requesterInvite.inviteUrl as unknown as string;
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${token.split('/').pop()}/accept`,
      payload: { name: 'New Person', password: TEST_PASSWORD },
    });
    expect(accepted.statusCode).toBe(200);
    await ok(lead.patch(`${base}/members/${agent.membershipId}`, { version: 1, role: 'viewer' }));
    await ok(lead.post(`${base}/members/${agent.membershipId}/deactivate`));
    await ok(lead.post(`${base}/members/${agent.membershipId}/reactivate`));
    const created = await ok(lead.post(`${base}/tokens`, { name: 'CI', scopes: ['read'], expiresInDays: 7 }));
    await ok(lead.delete(`${base}/tokens/${created.token!.id}`));

    const events = (await read(lead, ws, '?limit=200')).items
      .slice(0, (await auditCount(t, ws.id)) - countBefore)
      .reverse();
    const newcomer = events.find((e) => e.action === 'member.joined')!;
    expect(events.map((e) => [e.action, e.entityType, e.entityId, e.actor?.accountId])).toEqual([
      ['workspace.updated', 'workspace', ws.id, ws.lead.accountId],
      ['party.created', 'party', party!.id, ws.lead.accountId],
      ['party.renamed', 'party', party!.id, ws.lead.accountId],
      ['invitation.created', 'invitation', staffInvite.invitation!.id, ws.lead.accountId],
      ['invitation.revoked', 'invitation', staffInvite.invitation!.id, ws.lead.accountId],
      ['invitation.created', 'invitation', requesterInvite.invitation!.id, agent.accountId],
      ['member.joined', 'membership', newcomer.membershipId, newcomer.actor!.accountId],
      ['member.role_changed', 'membership', agent.membershipId, ws.lead.accountId],
      ['member.deactivated', 'membership', agent.membershipId, ws.lead.accountId],
      ['member.reactivated', 'membership', agent.membershipId, ws.lead.accountId],
      ['api_token.created', 'api_token', created.token!.id, ws.lead.accountId],
      ['api_token.revoked', 'api_token', created.token!.id, ws.lead.accountId],
    ]);
    const byAction = (action: string) => events.filter((e) => e.action === action);
    expect(byAction('workspace.updated')[0]).toMatchObject({
      before: { name: 'Audited', version: 1 },
      after: { name: 'Audited Renamed', version: 2 },
    });
    expect(byAction('party.renamed')[0]).toMatchObject({
      before: { name: 'Second MSP' },
      after: { name: 'Second MSP Ltd' },
    });
    expect(byAction('member.role_changed')[0]).toMatchObject({
      before: { role: 'agent' },
      after: { role: 'viewer' },
    });
    expect(byAction('member.deactivated')[0]).toMatchObject({
      before: { status: 'active' },
      after: { status: 'deactivated' },
    });
    expect(byAction('member.reactivated')[0]).toMatchObject({
      before: { status: 'deactivated' },
      after: { status: 'active' },
    });
    expect(byAction('api_token.revoked')[0]).toMatchObject({
      before: { revokedAt: null },
      after: { revokedAt: expect.any(String) },
    });
    expect(newcomer).toMatchObject({
      actor: { name: 'New Person', email: 'new.person@example.test' },
      after: { role: 'requester' },
    });
    for (const event of events) {
      expect(event.actor, event.action).not.toBeNull();
      expect(event.before ?? event.after, event.action).not.toBeNull();
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const byLead = events.filter((e) => e.actor?.accountId === ws.lead.accountId);
    expect(
      byLead.every(
        (e) =>
          e.actor?.email === ws.lead.email && e.membershipId === ws.lead.membershipId && e.ip === '10.0.0.1',
      ),
    ).toBe(true);
    // Each event links to the one before it.
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
  });
});
