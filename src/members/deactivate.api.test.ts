import { describe, expect, it } from 'vitest';
import { errorOf, type TestClient } from '../test/client.ts';
import { addMembership, makeMember, makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import {
  actorAndTarget,
  auditRows,
  bodyOf,
  clientsForFile,
  leadAndForeignMember,
  ownerQuery,
  refusedWithoutWrite,
} from '../test/tenancy-helpers.ts';

const { t, clients, db } = clientsForFile();
const deactivate = (ws: TestWorkspace, id: string) => `/api/v1/w/${ws.slug}/members/${id}/deactivate`;
const reactivate = (ws: TestWorkspace, id: string) => `/api/v1/w/${ws.slug}/members/${id}/reactivate`;
type Member = { id: string; status: string; version: number; abilities: Record<string, boolean> };

async function createToken(client: TestClient, ws: TestWorkspace) {
  const response = await client.post(`/api/v1/w/${ws.slug}/tokens`, {
    name: 'integration',
    scopes: ['read'],
    expiresInDays: 30,
  });
  expect(response.statusCode).toBe(201);
  return bodyOf<{ secret: string }>(response).secret;
}
const withToken = (secret: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${secret}` } });

async function status(membershipId: string) {
  const [row] = await ownerQuery<{ status: string }>(t, 'select status from memberships where id = $1', [
    membershipId,
  ]);
  return row!.status;
}

describe('POST /w/:ws/members/:id/deactivate', () => {
  it('refuses an anonymous caller (401)', async () => {
    const ws = await makeWorkspace(db());
    const response = await t.app.inject({
      method: 'POST',
      url: deactivate(ws, ws.lead.membershipId),
      payload: {},
    });
    expect(response.statusCode).toBe(401);
  });

  it('refuses a member id that is not a uuid (400 params.id)', async () => {
    const ws = await makeWorkspace(db());
    const response = await (await clients.as(ws.lead.email)).post(deactivate(ws, 'someone'));
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toMatch(/^params\.id/);
  });

  it.each([
    [
      'a provider lead deactivating an internal agent',
      { party: 'provider', role: 'lead' },
      { party: 'internal', role: 'agent' },
    ],
    [
      'a provider lead deactivating another provider lead',
      { party: 'provider', role: 'lead' },
      { party: 'provider', role: 'lead' },
    ],
    ['a provider lead deactivating the internal lead', { party: 'provider', role: 'lead' }, 'internal-lead'],
    [
      'an internal agent deactivating a requester',
      { party: 'internal', role: 'agent' },
      { party: null, role: 'requester' },
    ],
    [
      'a provider agent deactivating a provider viewer',
      { party: 'provider', role: 'agent' },
      { party: 'provider', role: 'viewer' },
    ],
    [
      'a requester deactivating another requester',
      { party: null, role: 'requester' },
      { party: null, role: 'requester' },
    ],
  ] as const)('refuses %s (403, no write)', async (_label, actorSpec, targetSpec) => {
    const { ws, target, client } = await actorAndTarget(t, clients, actorSpec, targetSpec);
    await refusedWithoutWrite(
      t,
      () => client.post(deactivate(ws, target.membershipId)),
      403,
      'MEMBER_RIGHT_REQUIRED',
    );
  });

  it('refuses the internal lead deactivating themselves (403, no write)', async () => {
    const ws = await makeWorkspace(db());
    await makeMember(db(), ws, { party: 'internal', role: 'lead' });
    const client = await clients.as(ws.lead.email);
    await refusedWithoutWrite(t, () => client.post(deactivate(ws, ws.lead.membershipId)), 403);
  });

  it("answers 404 for a member of another workspace named under my workspace's address (no write)", async () => {
    const { ws, foreign: victim, client } = await leadAndForeignMember(t, clients);
    await refusedWithoutWrite(t, () => client.post(deactivate(ws, victim.membershipId)), 404);
    expect(await status(victim.membershipId)).toBe('active');
  });

  it('refuses deactivating a member twice (409 MEMBER_DEACTIVATED)', async () => {
    const ws = await makeWorkspace(db());
    const agent = await makeMember(db(), ws, { party: 'internal', role: 'agent' });
    const client = await clients.as(ws.lead.email);
    expect((await client.post(deactivate(ws, agent.membershipId))).statusCode).toBe(200);
    const response = await client.post(deactivate(ws, agent.membershipId));
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('MEMBER_DEACTIVATED');
  });

  it('ends access at once for someone with no other workspace: sessions and API tokens end, audited', async () => {
    const ws = await makeWorkspace(db());
    const agent = await makeMember(db(), ws, { party: 'internal', role: 'agent' });
    const agentClient = await clients.as(agent.email);
    const secret = await createToken(agentClient, ws);
    expect((await withToken(secret, `/api/v1/w/${ws.slug}/members`)).statusCode).toBe(200);

    const response = await (await clients.as(ws.lead.email)).post(deactivate(ws, agent.membershipId));
    expect(response.statusCode).toBe(200);
    const { member } = bodyOf<{ member: Member }>(response);
    expect(member).toMatchObject({ id: agent.membershipId, status: 'deactivated', version: 2 });
    expect(member.abilities).toEqual({ changeRole: false, deactivate: false, reactivate: true });

    expect((await agentClient.get(`/api/v1/w/${ws.slug}`)).statusCode).toBe(401);
    expect((await agentClient.get('/api/v1/me')).statusCode).toBe(401);
    const tokenResponse = await withToken(secret, `/api/v1/w/${ws.slug}/members`);
    expect(tokenResponse.statusCode).toBe(401);
    expect(errorOf(tokenResponse).code).toBe('INVALID_TOKEN');
    const live = await ownerQuery(t, 'select id from sessions where account_id = $1 and revoked_at is null', [
      agent.accountId,
    ]);
    expect(live).toEqual([]);

    const [event] = await auditRows(t, { workspaceId: ws.id, action: 'member.deactivated' });
    expect(event).toMatchObject({ entity_id: agent.membershipId, actor_account_id: ws.lead.accountId });
    expect(event!.before).toMatchObject({ status: 'active', role: 'agent' });
    expect(event!.after).toMatchObject({ status: 'deactivated', role: 'agent' });
  });

  it('lets a provider lead remove an engineer of its party who serves another client: 404 here, still works there', async () => {
    const ws = await makeWorkspace(db(), 'Client One');
    const elsewhere = await makeWorkspace(db(), 'Client Two');
    const providerLead = await makeMember(db(), ws, { party: 'provider', role: 'lead' });
    const engineer = await makeMember(db(), ws, { party: 'provider', role: 'agent' });
    await addMembership(db(), elsewhere, engineer.accountId, { party: 'provider', role: 'agent' });
    const engineerClient = await clients.as(engineer.email);
    const tokenHere = await createToken(engineerClient, ws);
    const tokenThere = await createToken(engineerClient, elsewhere);

    const response = await (await clients.as(providerLead.email)).post(deactivate(ws, engineer.membershipId));
    expect(response.statusCode).toBe(200);

    const here = await engineerClient.get(`/api/v1/w/${ws.slug}`);
    expect(here.statusCode).toBe(404);
    expect((await engineerClient.get(`/api/v1/w/${ws.slug}/members`)).statusCode).toBe(404);
    expect((await engineerClient.get(`/api/v1/w/${elsewhere.slug}`)).statusCode).toBe(200);
    expect((await withToken(tokenHere, `/api/v1/w/${ws.slug}/members`)).statusCode).toBe(401);
    expect((await withToken(tokenThere, `/api/v1/w/${elsewhere.slug}/members`)).statusCode).toBe(200);
    const workspaces = bodyOf<{ items: { id: string }[] }>(
      await engineerClient.get('/api/v1/workspaces'),
    ).items;
    expect(workspaces.map((w) => w.id)).toEqual([elsewhere.id]);
    const [event] = await auditRows(t, { workspaceId: ws.id, action: 'member.deactivated' });
    expect(event).toMatchObject({
      entity_id: engineer.membershipId,
      actor_account_id: providerLead.accountId,
    });
  });
});

describe('POST /w/:ws/members/:id/reactivate', () => {
  it('refuses an anonymous caller (401)', async () => {
    const ws = await makeWorkspace(db());
    const response = await t.app.inject({
      method: 'POST',
      url: reactivate(ws, ws.lead.membershipId),
      payload: {},
    });
    expect(response.statusCode).toBe(401);
  });

  it('refuses a provider lead reactivating an internal agent (403, no write)', async () => {
    const ws = await makeWorkspace(db());
    const providerLead = await makeMember(db(), ws, { party: 'provider', role: 'lead' });
    const agent = await makeMember(db(), ws, { party: 'internal', role: 'agent' });
    await ownerQuery(t, `update memberships set status = 'deactivated' where id = $1`, [agent.membershipId]);
    const client = await clients.as(providerLead.email);
    await refusedWithoutWrite(t, () => client.post(reactivate(ws, agent.membershipId)), 403);
  });

  it("answers 404 for another workspace's member (no write)", async () => {
    const ws = await makeWorkspace(db());
    const other = await makeWorkspace(db());
    const gone = await makeMember(db(), other, { party: 'internal', role: 'agent' });
    await ownerQuery(t, `update memberships set status = 'deactivated' where id = $1`, [gone.membershipId]);
    const client = await clients.as(ws.lead.email);
    await refusedWithoutWrite(t, () => client.post(reactivate(ws, gone.membershipId)), 404);
  });

  it('refuses reactivating an active member (409 MEMBER_ACTIVE)', async () => {
    const ws = await makeWorkspace(db());
    const agent = await makeMember(db(), ws, { party: 'internal', role: 'agent' });
    const response = await (await clients.as(ws.lead.email)).post(reactivate(ws, agent.membershipId));
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('MEMBER_ACTIVE');
  });

  it('restores access after sign-in, without reviving revoked API tokens (200, audited)', async () => {
    const ws = await makeWorkspace(db());
    const agent = await makeMember(db(), ws, { party: 'internal', role: 'agent' });
    const secret = await createToken(await clients.as(agent.email), ws);
    const lead = await clients.as(ws.lead.email);
    expect((await lead.post(deactivate(ws, agent.membershipId))).statusCode).toBe(200);

    const response = await lead.post(reactivate(ws, agent.membershipId));
    expect(response.statusCode).toBe(200);
    expect(bodyOf<{ member: Member }>(response).member).toMatchObject({ status: 'active', version: 3 });
    const again = await clients.fresh(agent.email);
    expect((await again.get(`/api/v1/w/${ws.slug}`)).statusCode).toBe(200);
    expect((await withToken(secret, `/api/v1/w/${ws.slug}/members`)).statusCode).toBe(401);
    const [event] = await auditRows(t, { workspaceId: ws.id, action: 'member.reactivated' });
    expect(event).toMatchObject({ entity_id: agent.membershipId, actor_account_id: ws.lead.accountId });
    expect(event!.before).toMatchObject({ status: 'deactivated' });
    expect(event!.after).toMatchObject({ status: 'active' });
  });
});
