import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { systemMeta } from '../server/context.ts';
import { errorOf } from '../test/client.ts';
import { makeAccount, makeMember, makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import {
  actorAndTarget,
  auditRows,
  bodyOf,
  clientsForFile,
  dataSnapshot,
  leadAndForeignMember,
  ownerQuery,
  refusedWithoutWrite,
} from '../test/tenancy-helpers.ts';
import { changeMemberRole, deactivateMember } from './service.ts';

const { t, clients, db } = clientsForFile();
type Member = {
  id: string;
  account: { id: string; email: string; name: string };
  role: string;
  party: { id: string; kind: string } | null;
  status: string;
  version: number;
  abilities: { changeRole: boolean; deactivate: boolean; reactivate: boolean };
};
type Page = { items: Member[]; nextCursor: string | null };

async function membership(id: string) {
  const [row] = await ownerQuery<{ role: string; status: string; version: number }>(
    t,
    'select role, status, version from memberships where id = $1',
    [id],
  );
  return row!;
}

async function activeInternalLeads(ws: TestWorkspace) {
  const rows = await ownerQuery<{ id: string }>(
    t,
    `select m.id from memberships m join parties p on p.id = m.party_id
     where m.workspace_id = $1 and m.role = 'lead' and m.status = 'active' and p.kind = 'internal'`,
    [ws.id],
  );
  return rows.map((r) => r.id);
}

describe('GET /w/:ws/members', () => {
  it('refuses an anonymous caller (401)', async () => {
    const ws = await makeWorkspace(db());
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/w/${ws.slug}/members` })).statusCode).toBe(401);
  });

  it.each([
    ['an unknown status', '?status=gone', 'querystring.status'],
    ['a partyId that is not a uuid', '?partyId=provider', 'querystring.partyId'],
    ['an unknown role', '?role=owner', 'querystring.role'],
    ['a limit of 0', '?limit=0', 'querystring.limit'],
    ['a limit over 200', '?limit=201', 'querystring.limit'],
    ['an unknown parameter', '?sort=name', 'querystring'],
    ['a cursor that is not base64 JSON', '?cursor=not-a-cursor', 'querystring.cursor'],
    [
      'a cursor of the wrong shape',
      `?cursor=${Buffer.from('["a"]').toString('base64url')}`,
      'querystring.cursor',
    ],
    [
      'a cursor whose id is not a uuid',
      `?cursor=${Buffer.from('["a","b"]').toString('base64url')}`,
      'querystring.cursor',
    ],
    [
      'a cursor whose name is not text',
      `?cursor=${Buffer.from('[{"x":1},"00000000-0000-4000-8000-000000000000"]').toString('base64url')}`,
      'querystring.cursor',
    ],
  ])('refuses %s (400 naming the parameter)', async (_label, query, path) => {
    const ws = await makeWorkspace(db());
    const response = await (await clients.as(ws.lead.email)).get(`/api/v1/w/${ws.slug}/members${query}`);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('VALIDATION_FAILED');
    expect((errorOf(response).details as { path: string }[])[0]!.path).toBe(path);
  });

  it('refuses a requester (403)', async () => {
    const ws = await makeWorkspace(db());
    const requester = await makeMember(db(), ws, { party: null, role: 'requester' });
    const response = await (await clients.as(requester.email)).get(`/api/v1/w/${ws.slug}/members`);
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('MEMBER_RIGHT_REQUIRED');
  });

  it("answers 404 to another workspace's lead", async () => {
    const ws = await makeWorkspace(db());
    const other = await makeWorkspace(db());
    const response = await (await clients.as(other.lead.email)).get(`/api/v1/w/${ws.slug}/members`);
    expect(response.statusCode).toBe(404);
  });

  it('filters by status, party, role and text, and never shows members of other workspaces', async () => {
    const ws = await makeWorkspace(db());
    const other = await makeWorkspace(db());
    await makeMember(db(), other, {
      party: 'provider',
      role: 'agent',
      email: `quinn-elsewhere-${ws.id}@example.test`,
    });
    const agent = await makeMember(db(), ws, {
      party: 'provider',
      role: 'agent',
      email: `Quinn.Agent-${ws.id}@example.test`,
    });
    const viewer = await makeMember(db(), ws, { party: 'provider', role: 'viewer' });
    const internal = await makeMember(db(), ws, { party: 'internal', role: 'agent' });
    const requester = await makeMember(db(), ws, { party: null, role: 'requester' });
    await ownerQuery(t, `update memberships set status = 'deactivated' where id = $1`, [viewer.membershipId]);
    const client = await clients.as(ws.lead.email);
    const ids = async (query: string) => {
      const response = await client.get(`/api/v1/w/${ws.slug}/members${query}`);
      expect(response.statusCode).toBe(200);
      return bodyOf<Page>(response)
        .items.map((m) => m.id)
        .sort();
    };
    const sorted = (...list: string[]) => list.sort();

    expect(await ids('')).toEqual(
      sorted(
        ws.lead.membershipId,
        agent.membershipId,
        viewer.membershipId,
        internal.membershipId,
        requester.membershipId,
      ),
    );
    expect(await ids('?status=deactivated')).toEqual([viewer.membershipId]);
    expect(await ids('?status=active')).not.toContain(viewer.membershipId);
    expect(await ids(`?partyId=${ws.providerPartyId}`)).toEqual(
      sorted(agent.membershipId, viewer.membershipId),
    );
    expect(await ids(`?partyId=${other.providerPartyId}`)).toEqual([]);
    expect(await ids('?role=agent')).toEqual(sorted(agent.membershipId, internal.membershipId));
    expect(await ids('?role=requester')).toEqual([requester.membershipId]);
    expect(await ids('?q=QUINN')).toEqual([agent.membershipId]);
    expect(await ids(`?q=${encodeURIComponent('Test Co Lead')}`)).toEqual([ws.lead.membershipId]);
    expect(await ids('?q=agent&role=viewer')).toEqual([]);
  });

  it('walks every page with limit=2, in name order, without duplicates or gaps', async () => {
    const ws = await makeWorkspace(db());
    for (let i = 0; i < 6; i++)
      await makeMember(db(), ws, { party: i % 2 ? 'provider' : 'internal', role: 'viewer' });
    const client = await clients.as(ws.lead.email);
    const all = bodyOf<Page>(await client.get(`/api/v1/w/${ws.slug}/members?limit=200`)).items;
    expect(all).toHaveLength(7);

    const seen: Member[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await client.get(
        `/api/v1/w/${ws.slug}/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(response.statusCode).toBe(200);
      const page: Page = bodyOf<Page>(response);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen.map((m) => m.id)).toEqual(all.map((m) => m.id));
    expect(new Set(seen.map((m) => m.id)).size).toBe(7);
    const names = seen.map((m) => m.account.name.toLowerCase());
    expect([...names].sort()).toEqual(names);
  });

  it("shows a provider lead which members it may manage (own party's agents and viewers only)", async () => {
    const ws = await makeWorkspace(db());
    const providerLead = await makeMember(db(), ws, { party: 'provider', role: 'lead' });
    const providerAgent = await makeMember(db(), ws, { party: 'provider', role: 'agent' });
    const internalAgent = await makeMember(db(), ws, { party: 'internal', role: 'agent' });
    const response = await (await clients.as(providerLead.email)).get(`/api/v1/w/${ws.slug}/members`);
    const byId = new Map(bodyOf<Page>(response).items.map((m) => [m.id, m.abilities]));
    expect(byId.get(providerAgent.membershipId)).toEqual({
      changeRole: true,
      deactivate: true,
      reactivate: false,
    });
    expect(byId.get(internalAgent.membershipId)).toEqual({
      changeRole: false,
      deactivate: false,
      reactivate: false,
    });
    expect(byId.get(ws.lead.membershipId)).toEqual({
      changeRole: false,
      deactivate: false,
      reactivate: false,
    });
    expect(byId.get(providerLead.membershipId)).toEqual({
      changeRole: false,
      deactivate: false,
      reactivate: false,
    });
  });
});

describe('PATCH /w/:ws/members/:id (change role)', () => {
  const url = (ws: TestWorkspace, id: string) => `/api/v1/w/${ws.slug}/members/${id}`;

  it('refuses an anonymous caller (401)', async () => {
    const ws = await makeWorkspace(db());
    const response = await t.app.inject({
      method: 'PATCH',
      url: url(ws, ws.lead.membershipId),
      payload: { version: 1, role: 'agent' },
    });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['an unknown role', { version: 1, role: 'owner' }, 'body.role'],
    ['a missing version', { role: 'viewer' }, 'body.version'],
    ['a version of 0', { version: 0, role: 'viewer' }, 'body.version'],
    ['an unknown field', { version: 1, role: 'viewer', partyId: null }, 'body'],
  ])('refuses %s (400 naming the field, no write)', async (_label, payload, path) => {
    const ws = await makeWorkspace(db());
    const agent = await makeMember(db(), ws, { party: 'internal', role: 'agent' });
    const client = await clients.as(ws.lead.email);
    const response = await refusedWithoutWrite(
      t,
      () => client.patch(url(ws, agent.membershipId), payload),
      400,
    );
    expect(errorOf(response).message.startsWith(path)).toBe(true);
  });

  it('refuses giving a requester a staff role (400 body.role, no write)', async () => {
    const ws = await makeWorkspace(db());
    const requester = await makeMember(db(), ws, { party: null, role: 'requester' });
    const client = await clients.as(ws.lead.email);
    const response = await refusedWithoutWrite(
      t,
      () => client.patch(url(ws, requester.membershipId), { version: 1, role: 'agent' }),
      400,
    );
    expect(errorOf(response).details).toEqual([
      { path: 'body.role', message: expect.stringMatching(/requester has no party/) },
    ]);
  });

  it.each([
    [
      'a provider lead changing an internal agent',
      { party: 'provider', role: 'lead' },
      { party: 'internal', role: 'agent' },
      'viewer',
    ],
    [
      'a provider lead changing another provider lead',
      { party: 'provider', role: 'lead' },
      { party: 'provider', role: 'lead' },
      'agent',
    ],
    [
      'a provider lead changing the internal lead',
      { party: 'provider', role: 'lead' },
      'internal-lead',
      'agent',
    ],
    [
      'a provider lead making its own agent a lead',
      { party: 'provider', role: 'lead' },
      { party: 'provider', role: 'agent' },
      'lead',
    ],
    [
      'a provider lead changing a requester',
      { party: 'provider', role: 'lead' },
      { party: null, role: 'requester' },
      'requester',
    ],
    [
      'an internal agent changing a provider agent',
      { party: 'internal', role: 'agent' },
      { party: 'provider', role: 'agent' },
      'viewer',
    ],
    [
      'a provider agent changing a provider viewer',
      { party: 'provider', role: 'agent' },
      { party: 'provider', role: 'viewer' },
      'agent',
    ],
  ] as const)('refuses %s (403, no write)', async (_label, actorSpec, targetSpec, role) => {
    const { ws, target, client } = await actorAndTarget(t, clients, actorSpec, targetSpec);
    await refusedWithoutWrite(
      t,
      () => client.patch(url(ws, target.membershipId), { version: 1, role }),
      403,
      'MEMBER_RIGHT_REQUIRED',
    );
  });

  it('refuses the internal lead changing their own role (403, no write)', async () => {
    const ws = await makeWorkspace(db());
    const response = await (await clients.as(ws.lead.email)).patch(url(ws, ws.lead.membershipId), {
      version: 1,
      role: 'agent',
    });
    expect(response.statusCode).toBe(403);
    expect(await membership(ws.lead.membershipId)).toMatchObject({ role: 'lead', version: 1 });
  });

  it("answers 404 for a member of another workspace named under my workspace's address (no write)", async () => {
    const { ws, foreign: victim, client } = await leadAndForeignMember(t, clients);
    await refusedWithoutWrite(
      t,
      () => client.patch(url(ws, victim.membershipId), { version: 1, role: 'viewer' }),
      404,
    );
  });

  it('refuses a stale version (409 STALE_VERSION with the current version, no write)', async () => {
    const ws = await makeWorkspace(db());
    const agent = await makeMember(db(), ws, { party: 'internal', role: 'agent' });
    const client = await clients.as(ws.lead.email);
    expect((await client.patch(url(ws, agent.membershipId), { version: 1, role: 'viewer' })).statusCode).toBe(
      200,
    );
    const response = await refusedWithoutWrite(
      t,
      () => client.patch(url(ws, agent.membershipId), { version: 1, role: 'lead' }),
      409,
    );
    expect(errorOf(response)).toMatchObject({ code: 'STALE_VERSION', details: { currentVersion: 2 } });
  });

  it('refuses changing the role of a deactivated member (409 MEMBER_DEACTIVATED)', async () => {
    const ws = await makeWorkspace(db());
    const agent = await makeMember(db(), ws, { party: 'internal', role: 'agent' });
    await ownerQuery(t, `update memberships set status = 'deactivated' where id = $1`, [agent.membershipId]);
    const response = await (await clients.as(ws.lead.email)).patch(url(ws, agent.membershipId), {
      version: 1,
      role: 'viewer',
    });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('MEMBER_DEACTIVATED');
  });

  it('lets the internal lead give any member any staff role (200, version + 1, audited before/after)', async () => {
    const ws = await makeWorkspace(db());
    const agent = await makeMember(db(), ws, { party: 'provider', role: 'agent' });
    const response = await (await clients.as(ws.lead.email)).patch(url(ws, agent.membershipId), {
      version: 1,
      role: 'lead',
    });
    expect(response.statusCode).toBe(200);
    expect(bodyOf<{ member: Member }>(response).member).toMatchObject({
      id: agent.membershipId,
      role: 'lead',
      version: 2,
    });
    const [event] = await auditRows(t, { workspaceId: ws.id, action: 'member.role_changed' });
    expect(event).toMatchObject({
      entity_id: agent.membershipId,
      actor_account_id: ws.lead.accountId,
      actor_membership_id: ws.lead.membershipId,
    });
    expect(event!.before).toMatchObject({ role: 'agent', status: 'active', email: agent.email });
    expect(event!.after).toMatchObject({ role: 'lead', status: 'active', email: agent.email });
  });

  it('lets a provider lead turn an agent of its own party into a viewer (200)', async () => {
    const ws = await makeWorkspace(db());
    const providerLead = await makeMember(db(), ws, { party: 'provider', role: 'lead' });
    const agent = await makeMember(db(), ws, { party: 'provider', role: 'agent' });
    const response = await (await clients.as(providerLead.email)).patch(url(ws, agent.membershipId), {
      version: 1,
      role: 'viewer',
    });
    expect(response.statusCode).toBe(200);
    expect(await membership(agent.membershipId)).toMatchObject({ role: 'viewer', version: 2 });
    const [event] = await auditRows(t, { workspaceId: ws.id, action: 'member.role_changed' });
    expect(event).toMatchObject({ actor_account_id: providerLead.accountId });
  });

  it('lets one internal lead demote another while one remains (200)', async () => {
    const ws = await makeWorkspace(db());
    const second = await makeMember(db(), ws, { party: 'internal', role: 'lead' });
    const response = await (await clients.as(ws.lead.email)).patch(url(ws, second.membershipId), {
      version: 1,
      role: 'agent',
    });
    expect(response.statusCode).toBe(200);
    expect(await activeInternalLeads(ws)).toEqual([ws.lead.membershipId]);
  });
});

describe('the last internal lead', () => {
  /** The internal lead's actor as resolved when their request arrived (before it was deactivated). */
  const staleActor = (ws: TestWorkspace): WorkspaceActor => ({
    accountId: ws.lead.accountId,
    isAdmin: false,
    ticketPrefix: 'WS',
    membershipId: ws.lead.membershipId,
    workspaceId: ws.id,
    workspaceSlug: ws.slug,
    role: 'lead',
    partyId: ws.internalPartyId,
    partyKind: 'internal',
  });

  it('refuses demoting the last active internal lead (409 LAST_INTERNAL_LEAD, no write)', async () => {
    const ws = await makeWorkspace(db());
    const second = await makeMember(db(), ws, { party: 'internal', role: 'lead' });
    // The second lead removes the first, whose request was already under way.
    const client = await clients.as(second.email);
    expect(
      (await client.post(`/api/v1/w/${ws.slug}/members/${ws.lead.membershipId}/deactivate`)).statusCode,
    ).toBe(200);
    const before = await dataSnapshot(t);
    const ctx = { db: db(), actor: staleActor(ws), meta: systemMeta('test'), jobs: t.jobs };
    await expect(
      changeMemberRole(ctx, second.membershipId, { version: 1, role: 'agent' }),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'LAST_INTERNAL_LEAD',
    });
    await expect(deactivateMember(ctx, second.membershipId)).rejects.toMatchObject({
      code: 'LAST_INTERNAL_LEAD',
    });
    expect(await dataSnapshot(t)).toEqual(before);
    expect(await activeInternalLeads(ws)).toEqual([second.membershipId]);
  });

  it('keeps one internal lead when two internal leads demote each other at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const ws = await makeWorkspace(db());
      const second = await makeMember(db(), ws, { party: 'internal', role: 'lead' });
      const first = await clients.as(ws.lead.email);
      const other = await clients.as(second.email);
      const responses = await Promise.all([
        first.patch(`/api/v1/w/${ws.slug}/members/${second.membershipId}`, { version: 1, role: 'agent' }),
        other.patch(`/api/v1/w/${ws.slug}/members/${ws.lead.membershipId}`, { version: 1, role: 'agent' }),
      ]);
      const statuses = responses.map((r) => r.statusCode).sort();
      expect(statuses[0]).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      expect(await activeInternalLeads(ws)).toHaveLength(1);
    }
  });
});

describe('an account without a workspace', () => {
  it('cannot reach any member route (404)', async () => {
    const ws = await makeWorkspace(db());
    const nobody = await makeAccount(db());
    const response = await (await clients.as(nobody.email)).get(`/api/v1/w/${ws.slug}/members`);
    expect(response.statusCode).toBe(404);
  });
});
