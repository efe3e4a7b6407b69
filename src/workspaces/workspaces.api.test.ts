import { describe, expect, it } from 'vitest';
import { errorOf } from '../test/client.ts';
import {
  addMembership,
  makeAccount,
  makeMember,
  makeWorkspace,
  type TestWorkspace,
} from '../test/factories.ts';
import {
  auditRows,
  bodyOf,
  clientsForFile,
  ownerQuery,
  refusedWithoutWrite,
} from '../test/tenancy-helpers.ts';

const { t, clients, db } = clientsForFile();
type WorkspaceBody = {
  workspace: { id: string; slug: string; name: string; requireMfa: boolean; version: number };
};
type PartyItem = { id: string; name: string; kind: string; memberCount: number; version: number };

async function workspaceVersion(ws: TestWorkspace) {
  const [row] = await ownerQuery<{ version: number; name: string }>(
    t,
    'select version, name from workspaces where id = $1',
    [ws.id],
  );
  return row!;
}

describe('GET /api/v1/workspaces', () => {
  it('refuses an anonymous caller (401)', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/workspaces' });
    expect(response.statusCode).toBe(401);
  });

  it('lists only the workspaces where I am an active member, with my role and party', async () => {
    const alpha = await makeWorkspace(db(), 'Alpha');
    const beta = await makeWorkspace(db(), 'Beta');
    const gamma = await makeWorkspace(db(), 'Gamma');
    await makeWorkspace(db(), 'Delta (not mine)');
    const person = await makeMember(db(), alpha, { party: 'provider', role: 'agent' });
    await addMembership(db(), beta, person.accountId, { party: null, role: 'requester' });
    const left = await addMembership(db(), gamma, person.accountId, { party: 'internal', role: 'viewer' });
    await ownerQuery(t, `update memberships set status = 'deactivated' where id = $1`, [left.id]);

    const client = await clients.as(person.email);
    const response = await client.get('/api/v1/workspaces');
    expect(response.statusCode).toBe(200);
    const { items } = bodyOf<{
      items: { id: string; role: string; party: { id: string; kind: string } | null }[];
    }>(response);
    expect(items.map((w) => w.id).sort()).toEqual([alpha.id, beta.id].sort());
    expect(items.find((w) => w.id === alpha.id)).toMatchObject({
      slug: alpha.slug,
      role: 'agent',
      party: { id: alpha.providerPartyId, kind: 'provider' },
    });
    expect(items.find((w) => w.id === beta.id)).toMatchObject({ role: 'requester', party: null });
  });
});

describe('POST /api/v1/workspaces', () => {
  const valid = () => ({
    name: 'Northwind',
    slug: `nw-${Math.random().toString(36).slice(2, 8)}`,
    internalPartyName: 'Northwind IT',
  });

  it('refuses an anonymous caller (401)', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', payload: valid() });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['an upper-case slug', { slug: 'Not A Slug' }, 'body.slug', /lowercase letters/],
    ['a slug ending with a hyphen', { slug: 'acme-' }, 'body.slug', /hyphen/],
    ['an empty name', { name: '   ' }, 'body.name', /must not be empty/],
    ['a missing internal party name', { internalPartyName: undefined }, 'body.internalPartyName', /.+/],
    ['an unknown field', { owner: 'me' }, 'body', /owner/],
  ])('refuses %s (400 naming the field, nothing written)', async (_label, change, path, message) => {
    const admin = await makeAccount(db(), { isAdmin: true });
    const client = await clients.as(admin.email);
    const response = await refusedWithoutWrite(
      t,
      () => client.post('/api/v1/workspaces', { ...valid(), ...change }),
      400,
    );
    const error = errorOf(response);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message.startsWith(path)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('refuses a signed-in account that is not an administrator, even a workspace lead (403 ADMIN_REQUIRED, nothing written)', async () => {
    const ws = await makeWorkspace(db());
    const providerLead = await makeMember(db(), ws, { party: 'provider', role: 'lead' });
    const client = await clients.as(providerLead.email);
    const response = await refusedWithoutWrite(t, () => client.post('/api/v1/workspaces', valid()), 403);
    expect(errorOf(response)).toMatchObject({
      code: 'ADMIN_REQUIRED',
      message: 'Only administrators may create workspaces.',
    });
  });

  it('refuses an address that is taken (409 SLUG_TAKEN, nothing written)', async () => {
    const existing = await makeWorkspace(db(), 'Existing');
    const admin = await makeAccount(db(), { isAdmin: true });
    const client = await clients.as(admin.email);
    await refusedWithoutWrite(
      t,
      () => client.post('/api/v1/workspaces', { ...valid(), slug: existing.slug }),
      409,
      'SLUG_TAKEN',
    );
  });

  it('lets an administrator create a workspace: internal party, creator as internal lead, each audited (201)', async () => {
    const admin = await makeAccount(db(), { isAdmin: true });
    const client = await clients.as(admin.email);
    const input = valid();
    const response = await client.post('/api/v1/workspaces', input);
    expect(response.statusCode).toBe(201);
    const { workspace } = bodyOf<WorkspaceBody>(response);
    expect(workspace).toMatchObject({ slug: input.slug, name: 'Northwind', requireMfa: false, version: 1 });

    const parties = await ownerQuery<{ id: string; name: string; kind: string }>(
      t,
      'select id, name, kind from parties where workspace_id = $1',
      [workspace.id],
    );
    expect(parties).toEqual([{ id: expect.any(String), name: 'Northwind IT', kind: 'internal' }]);
    const members = await ownerQuery<{
      id: string;
      account_id: string;
      party_id: string;
      role: string;
      status: string;
    }>(t, 'select id, account_id, party_id, role, status from memberships where workspace_id = $1', [
      workspace.id,
    ]);
    expect(members).toEqual([
      {
        id: expect.any(String),
        account_id: admin.id,
        party_id: parties[0]!.id,
        role: 'lead',
        status: 'active',
      },
    ]);

    const audit = await auditRows(t, { workspaceId: workspace.id });
    expect(audit.slice(0, 3).map((e) => [e.action, e.entity_id])).toEqual([
      ['workspace.created', workspace.id],
      ['party.created', parties[0]!.id],
      ['member.added', members[0]!.id],
    ]);
    expect(
      audit.every((e) => e.actor_account_id === admin.id && e.actor_membership_id === members[0]!.id),
    ).toBe(true);
    expect(audit[0]!.after).toMatchObject({ slug: input.slug, name: 'Northwind' });

    const view = await client.get(`/api/v1/w/${input.slug}`);
    expect(view.statusCode).toBe(200);
    expect(bodyOf<{ membership: { role: string; partyKind: string } }>(view).membership).toMatchObject({
      role: 'lead',
      partyKind: 'internal',
    });
  });

  it('replays a create sent again with the same Idempotency-Key (201, one workspace)', async () => {
    const admin = await makeAccount(db(), { isAdmin: true });
    const client = await clients.as(admin.email);
    const input = valid();
    const first = await client.post('/api/v1/workspaces', input, { 'idempotency-key': 'create-ws-1' });
    const again = await client.post('/api/v1/workspaces', input, { 'idempotency-key': 'create-ws-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const rows = await ownerQuery(t, 'select id from workspaces where slug = $1', [input.slug]);
    expect(rows).toHaveLength(1);
  });
});

describe('GET /api/v1/w/:ws', () => {
  it('answers 404 to a signed-in account that is not a member', async () => {
    const ws = await makeWorkspace(db());
    const outsider = await makeAccount(db());
    const response = await (await clients.as(outsider.email)).get(`/api/v1/w/${ws.slug}`);
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).code).toBe('NOT_FOUND');
  });

  it.each([
    [
      'the internal lead',
      { party: 'internal', role: 'lead' },
      {
        update: true,
        listParties: true,
        manageParties: true,
        readAudit: true,
        manageMembers: true,
        invite: true,
      },
    ],
    [
      'a provider lead',
      { party: 'provider', role: 'lead' },
      {
        update: false,
        listParties: true,
        manageParties: false,
        readAudit: false,
        manageMembers: true,
        invite: true,
      },
    ],
    [
      'a provider agent',
      { party: 'provider', role: 'agent' },
      {
        update: false,
        listParties: true,
        manageParties: false,
        readAudit: false,
        manageMembers: false,
        invite: false,
      },
    ],
    [
      'an internal agent',
      { party: 'internal', role: 'agent' },
      {
        update: false,
        listParties: true,
        manageParties: false,
        readAudit: false,
        manageMembers: false,
        invite: true,
      },
    ],
    [
      'a requester',
      { party: null, role: 'requester' },
      {
        update: false,
        listParties: false,
        manageParties: false,
        readAudit: false,
        manageMembers: false,
        invite: false,
      },
    ],
  ] as const)('shows %s the workspace with their own abilities', async (_label, spec, abilities) => {
    const ws = await makeWorkspace(db());
    const member =
      spec.party === 'internal' && spec.role === 'lead' ? ws.lead : await makeMember(db(), ws, spec);
    const response = await (await clients.as(member.email)).get(`/api/v1/w/${ws.slug}`);
    expect(response.statusCode).toBe(200);
    const body = bodyOf<{
      workspace: { id: string };
      membership: { id: string; role: string };
      abilities: unknown;
    }>(response);
    expect(body.workspace).toMatchObject({ id: ws.id, slug: ws.slug, version: 1 });
    expect(body.membership).toMatchObject({ id: member.membershipId, role: spec.role });
    expect(body.abilities).toEqual(abilities);
  });
});

describe('PATCH /api/v1/w/:ws', () => {
  it.each([
    ['a missing version', { name: 'New' }, 'body.version'],
    ['an empty name', { version: 1, name: '' }, 'body.name'],
    ['requireMfa that is not a boolean', { version: 1, requireMfa: 'yes' }, 'body.requireMfa'],
    ['an unknown field', { version: 1, slug: 'other' }, 'body'],
  ])('refuses %s (400 naming the field, nothing written)', async (_label, payload, path) => {
    const ws = await makeWorkspace(db());
    const client = await clients.as(ws.lead.email);
    const response = await refusedWithoutWrite(t, () => client.patch(`/api/v1/w/${ws.slug}`, payload), 400);
    expect(errorOf(response).message.startsWith(path)).toBe(true);
  });

  it.each([
    ['a provider lead', { party: 'provider', role: 'lead' }],
    ['an internal agent', { party: 'internal', role: 'agent' }],
  ] as const)('refuses %s changing workspace settings (403, no write)', async (_label, spec) => {
    const ws = await makeWorkspace(db());
    const member = await makeMember(db(), ws, spec);
    const client = await clients.as(member.email);
    const response = await refusedWithoutWrite(
      t,
      () => client.patch(`/api/v1/w/${ws.slug}`, { version: 1, name: 'Taken over' }),
      403,
    );
    expect(errorOf(response).message).toMatch(/internal IT lead/);
  });

  it("answers 404 to another workspace's lead and changes nothing", async () => {
    const ws = await makeWorkspace(db(), 'Target');
    const other = await makeWorkspace(db(), 'Other');
    const client = await clients.as(other.lead.email);
    await refusedWithoutWrite(
      t,
      () => client.patch(`/api/v1/w/${ws.slug}`, { version: 1, name: 'Hijacked' }),
      404,
    );
    expect(await workspaceVersion(ws)).toEqual({ version: 1, name: 'Target' });
  });

  it('refuses a stale version (409 STALE_VERSION, nothing written)', async () => {
    const ws = await makeWorkspace(db(), 'Stale Co');
    const client = await clients.as(ws.lead.email);
    expect((await client.patch(`/api/v1/w/${ws.slug}`, { version: 1, name: 'First' })).statusCode).toBe(200);
    const response = await refusedWithoutWrite(
      t,
      () => client.patch(`/api/v1/w/${ws.slug}`, { version: 1, name: 'Second' }),
      409,
    );
    expect(errorOf(response)).toMatchObject({ code: 'STALE_VERSION', details: { currentVersion: 2 } });
  });

  it('lets the internal lead rename the workspace and require MFA (version + 1, audited before/after)', async () => {
    const ws = await makeWorkspace(db(), 'Old Name');
    const client = await clients.as(ws.lead.email);
    const response = await client.patch(`/api/v1/w/${ws.slug}`, {
      version: 1,
      name: 'New Name',
      requireMfa: true,
    });
    expect(response.statusCode).toBe(200);
    expect(bodyOf<WorkspaceBody>(response).workspace).toMatchObject({
      name: 'New Name',
      requireMfa: true,
      version: 2,
    });
    const [event] = await auditRows(t, { workspaceId: ws.id, action: 'workspace.updated' });
    expect(event).toMatchObject({ actor_account_id: ws.lead.accountId, entity_id: ws.id });
    expect(event!.before).toMatchObject({ name: 'Old Name', requireMfa: false, version: 1 });
    expect(event!.after).toMatchObject({ name: 'New Name', requireMfa: true, version: 2 });
  });
});

describe('parties', () => {
  it('lists parties with the count of active members to staff, not to requesters (403)', async () => {
    const ws = await makeWorkspace(db());
    const agent = await makeMember(db(), ws, { party: 'provider', role: 'agent' });
    await makeMember(db(), ws, { party: 'provider', role: 'viewer' });
    const gone = await makeMember(db(), ws, { party: 'provider', role: 'viewer' });
    await ownerQuery(t, `update memberships set status = 'deactivated' where id = $1`, [gone.membershipId]);
    const requester = await makeMember(db(), ws, { party: null, role: 'requester' });
    await makeWorkspace(db(), 'Noise'); // another workspace's parties must not appear

    const response = await (await clients.as(agent.email)).get(`/api/v1/w/${ws.slug}/parties`);
    expect(response.statusCode).toBe(200);
    const { items } = bodyOf<{ items: PartyItem[] }>(response);
    expect(items.map((p) => [p.id, p.kind, p.memberCount])).toEqual([
      [ws.internalPartyId, 'internal', 1],
      [ws.providerPartyId, 'provider', 2],
    ]);

    const refused = await (await clients.as(requester.email)).get(`/api/v1/w/${ws.slug}/parties`);
    expect(refused.statusCode).toBe(403);
  });

  it('refuses an empty party name (400 body.name)', async () => {
    const ws = await makeWorkspace(db());
    const response = await (await clients.as(ws.lead.email)).post(`/api/v1/w/${ws.slug}/parties`, {
      name: ' ',
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toMatch(/^body\.name/);
  });

  it.each([
    ['a provider lead', { party: 'provider', role: 'lead' }],
    ['an internal agent', { party: 'internal', role: 'agent' }],
  ] as const)('refuses %s adding a party (403, no write)', async (_label, spec) => {
    const ws = await makeWorkspace(db());
    const member = await makeMember(db(), ws, spec);
    const client = await clients.as(member.email);
    await refusedWithoutWrite(
      t,
      () => client.post(`/api/v1/w/${ws.slug}/parties`, { name: 'Second Provider' }),
      403,
    );
  });

  it('refuses a party name already used in the workspace, whatever its case (409, no write)', async () => {
    const ws = await makeWorkspace(db());
    const client = await clients.as(ws.lead.email);
    await refusedWithoutWrite(
      t,
      () => client.post(`/api/v1/w/${ws.slug}/parties`, { name: 'PROVIDER LTD' }),
      409,
      'PARTY_NAME_TAKEN',
    );
  });

  it('lets the internal lead add a provider party (201, audited)', async () => {
    const ws = await makeWorkspace(db());
    const response = await (await clients.as(ws.lead.email)).post(`/api/v1/w/${ws.slug}/parties`, {
      name: 'Second Provider',
    });
    expect(response.statusCode).toBe(201);
    const { party } = bodyOf<{ party: PartyItem }>(response);
    expect(party).toMatchObject({ name: 'Second Provider', kind: 'provider', memberCount: 0, version: 1 });
    const event = (await auditRows(t, { workspaceId: ws.id, action: 'party.created' })).find(
      (e) => e.entity_id === party.id,
    );
    expect(event).toMatchObject({ actor_account_id: ws.lead.accountId, before: null });
    expect(event!.after).toMatchObject({ name: 'Second Provider', kind: 'provider', workspaceId: ws.id });
  });

  it('lets the internal lead rename a party with its version (version + 1, audited before/after)', async () => {
    const ws = await makeWorkspace(db());
    const client = await clients.as(ws.lead.email);
    const response = await client.patch(`/api/v1/w/${ws.slug}/parties/${ws.providerPartyId}`, {
      version: 1,
      name: 'Contoso MSP',
    });
    expect(response.statusCode).toBe(200);
    expect(bodyOf<{ party: PartyItem }>(response).party).toMatchObject({
      id: ws.providerPartyId,
      name: 'Contoso MSP',
      version: 2,
    });
    const [event] = await auditRows(t, { workspaceId: ws.id, action: 'party.renamed' });
    expect(event!.before).toMatchObject({ name: 'Provider Ltd', version: 1 });
    expect(event!.after).toMatchObject({ name: 'Contoso MSP', version: 2 });
  });

  it('refuses renaming a party with a stale version (409 STALE_VERSION, no write)', async () => {
    const ws = await makeWorkspace(db());
    const client = await clients.as(ws.lead.email);
    await client.patch(`/api/v1/w/${ws.slug}/parties/${ws.providerPartyId}`, {
      version: 1,
      name: 'Renamed Once',
    });
    await refusedWithoutWrite(
      t,
      () =>
        client.patch(`/api/v1/w/${ws.slug}/parties/${ws.providerPartyId}`, {
          version: 1,
          name: 'Renamed Twice',
        }),
      409,
      'STALE_VERSION',
    );
  });

  it("refuses renaming a party to another party's name (409 PARTY_NAME_TAKEN)", async () => {
    const ws = await makeWorkspace(db(), 'Clash');
    const response = await (await clients.as(ws.lead.email)).patch(
      `/api/v1/w/${ws.slug}/parties/${ws.providerPartyId}`,
      {
        version: 1,
        name: 'clash it',
      },
    );
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('PARTY_NAME_TAKEN');
  });

  it("answers 404 when the internal lead names another workspace's party, and renames nothing", async () => {
    const ws = await makeWorkspace(db());
    const other = await makeWorkspace(db());
    const client = await clients.as(ws.lead.email);
    await refusedWithoutWrite(
      t,
      () =>
        client.patch(`/api/v1/w/${ws.slug}/parties/${other.providerPartyId}`, { version: 1, name: 'Stolen' }),
      404,
    );
  });
});
