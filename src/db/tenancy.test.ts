import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type TestClient } from '../test/client.ts';
import { addMembership, makeMember, makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import { testAppForFile } from '../test/file-setup.ts';
import { bodyOf, Clients, dataSnapshot, ownerQuery } from '../test/tenancy-helpers.ts';
import { DISTRIBUTED_BY_ID, REFERENCE_TABLES } from './distribution.ts';
import { auditEvents } from './schema/audit.ts';
import { invitations, memberships, parties, workspaces } from './schema/workspaces.ts';
import { withScopedTx } from './tenant.ts';

/** Tables that are not about one workspace, and why. Every other table must carry workspace_id. */
const GLOBAL_TABLES: Record<string, string> = {
  workspaces: 'the tenants themselves (RLS keys them on their own id)',
  accounts: 'a person may belong to several workspaces',
  sessions: 'a sign-in belongs to an account, before any workspace is chosen',
  login_failures: 'sign-in throttling by address and email, before an account is known',
  mfa_recovery_codes: 'two-step sign-in belongs to the account',
  oidc_identities:
    "an identity provider's login belongs to the account, found before any workspace is chosen",
  sso_sign_in_events:
    'what happened at each single sign-on attempt, mostly before any workspace is known (workspace_ids is informative)',
  idempotency_keys: 'keyed by account and client key; looked up before the workspace is resolved',
  instance_settings: 'one row about the installation (the check value of the secret key)',
  audit_chain_heads: "one row per chain ('accounts' or a workspace id), written only under the chain lock",
};

/** Tables with workspace_id that are read before the workspace is known, and so carry no RLS. */
const WORKSPACE_TABLES_WITHOUT_RLS: Record<string, string> = {
  api_tokens: 'a bearer token is looked up by its digest before its workspace is known',
  idempotency_keys: 'a replay is looked up by account and key before the route resolves its workspace',
};

const t = testAppForFile();
let clients: Clients;
let a: TestWorkspace;
let b: TestWorkspace;
let bAgent: { accountId: string; membershipId: string; email: string };
let bGone: { accountId: string; membershipId: string; email: string };
let bInvitationId: string;
let bTokenId: string;
let engineer: { accountId: string; membershipId: string; email: string };

const db = () => t.database.db;

beforeAll(async () => {
  clients = new Clients(t);
  a = await makeWorkspace(db(), 'Tenant A');
  b = await makeWorkspace(db(), 'Tenant B');
  await makeMember(db(), a, { party: 'internal', role: 'agent' });
  bAgent = await makeMember(db(), b, { party: 'internal', role: 'agent' });
  bGone = await makeMember(db(), b, { party: 'provider', role: 'viewer' });
  engineer = await makeMember(db(), a, { party: 'provider', role: 'agent' });
  await addMembership(db(), b, engineer.accountId, { party: 'provider', role: 'agent' });
  const bLead = await clients.as(b.lead.email);
  expect((await bLead.post(`/api/v1/w/${b.slug}/members/${bGone.membershipId}/deactivate`)).statusCode).toBe(
    200,
  );
  const invited = await bLead.post(`/api/v1/w/${b.slug}/invitations`, {
    email: 'b-invitee@example.test',
    role: 'requester',
    partyId: null,
  });
  bInvitationId = bodyOf<{ invitation: { id: string } }>(invited).invitation.id;
  const token = await bLead.post(`/api/v1/w/${b.slug}/tokens`, {
    name: 'B token',
    scopes: ['read', 'write'],
    expiresInDays: 30,
  });
  bTokenId = bodyOf<{ token: { id: string } }>(token).token.id;
  const aLead = await clients.as(a.lead.email);
  expect(
    (
      await aLead.post(`/api/v1/w/${a.slug}/invitations`, {
        email: 'a-invitee@example.test',
        role: 'requester',
        partyId: null,
      })
    ).statusCode,
  ).toBe(201);
});

async function columnsByTable() {
  const rows = await ownerQuery<{ table_name: string; column_name: string }>(
    t,
    `select c.table_name, c.column_name from information_schema.columns c
     join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'`,
  );
  const tables = new Map<string, Set<string>>();
  for (const row of rows)
    tables.set(row.table_name, (tables.get(row.table_name) ?? new Set()).add(row.column_name));
  return tables;
}

describe('schema: every business row names its workspace', () => {
  it('gives every table outside the global allowlist a workspace_id column', async () => {
    const tables = await columnsByTable();
    expect(tables.size).toBeGreaterThan(8);
    const missing = [...tables]
      .filter(([name, columns]) => !(name in GLOBAL_TABLES) && !columns.has('workspace_id'))
      .map(([name]) => name);
    expect(missing).toEqual([]);
    // The allowlist names real tables, so it cannot silently cover a table that was renamed.
    expect(Object.keys(GLOBAL_TABLES).filter((name) => !tables.has(name))).toEqual([]);
    // The same list as the distribution rules' reference tables (plus the tenants themselves).
    expect(Object.keys(GLOBAL_TABLES).sort()).toEqual(
      [...Object.keys(REFERENCE_TABLES), ...DISTRIBUTED_BY_ID].sort(),
    );
  });

  it('enables and forces row-level security on every table with workspace_id (except token and replay lookups)', async () => {
    const tables = await columnsByTable();
    const scoped = [...tables].filter(([, columns]) => columns.has('workspace_id')).map(([name]) => name);
    expect(scoped).toEqual(
      expect.arrayContaining(['memberships', 'parties', 'invitations', 'audit_events', 'api_tokens']),
    );
    const flags = await ownerQuery<{
      relname: string;
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
    }>(
      t,
      `select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c
       join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`,
    );
    const byName = new Map(flags.map((f) => [f.relname, f]));
    const unprotected = [...scoped, 'workspaces']
      .filter((name) => !(name in WORKSPACE_TABLES_WITHOUT_RLS))
      .filter((name) => !byName.get(name)?.relrowsecurity || !byName.get(name)?.relforcerowsecurity);
    expect(unprotected).toEqual([]);
    const policies = await ownerQuery<{ tablename: string }>(
      t,
      `select distinct tablename from pg_policies where schemaname = 'public'`,
    );
    const withPolicy = new Set(policies.map((p) => p.tablename));
    expect(scoped.filter((name) => !(name in WORKSPACE_TABLES_WITHOUT_RLS) && !withPolicy.has(name))).toEqual(
      [],
    );
  });

  it('runs the application as a role that is neither superuser nor exempt from row-level security', async () => {
    const result = await db().execute(
      sql`select current_user as role, r.rolsuper, r.rolbypassrls from pg_roles r where r.rolname = current_user`,
    );
    const [row] = (
      result as unknown as { rows: { role: string; rolsuper: boolean; rolbypassrls: boolean }[] }
    ).rows;
    expect(row).toEqual({ role: 'tandem_app', rolsuper: false, rolbypassrls: false });
  });
});

describe('row-level security: the second line', () => {
  const scopeA = () => ({ workspaceId: a.id, accountId: null });

  it.each([
    ['memberships', memberships],
    ['parties', parties],
    ['invitations', invitations],
    ['audit_events', auditEvents],
  ] as const)(
    'shows a query of %s with no workspace filter only the scoped workspace',
    async (table, schemaTable) => {
      const [owned] = await ownerQuery<{ a: number; b: number }>(
        t,
        `select count(*) filter (where workspace_id = $1)::int as a, count(*) filter (where workspace_id = $2)::int as b from ${table}`,
        [a.id, b.id],
      );
      expect(owned!.b).toBeGreaterThan(0);
      const rows = (await withScopedTx(db(), scopeA(), (tx) => tx.select().from(schemaTable))) as {
        workspaceId: string | null;
      }[];
      expect(rows.length).toBe(owned!.a);
      expect(new Set(rows.map((r) => r.workspaceId))).toEqual(new Set([a.id]));
    },
  );

  it('shows only the scoped workspace itself', async () => {
    const rows = await withScopedTx(db(), scopeA(), (tx) =>
      tx.select({ id: workspaces.id }).from(workspaces),
    );
    expect(rows).toEqual([{ id: a.id }]);
  });

  it('shows every workspace-scoped table only rows of the scoped workspace', async () => {
    const tables = [...(await columnsByTable())].filter(
      ([name, c]) => c.has('workspace_id') && !(name in WORKSPACE_TABLES_WITHOUT_RLS),
    );
    for (const [table] of tables) {
      const result = await withScopedTx(db(), scopeA(), (tx) =>
        tx.execute(sql.raw(`select distinct workspace_id::text as w from "${table}"`)),
      );
      const seen = (result as unknown as { rows: { w: string | null }[] }).rows.map((r) => r.w);
      expect(
        seen.filter((w) => w !== a.id),
        table,
      ).toEqual([]);
    }
  });

  it('shows nothing without a scope, also on a connection that just ran a scoped transaction', async () => {
    await withScopedTx(db(), scopeA(), (tx) => tx.select().from(memberships));
    expect(await db().select().from(memberships)).toEqual([]);
    expect(await db().select().from(parties)).toEqual([]);
    expect(await db().select().from(workspaces)).toEqual([]);
    const unscoped = await withScopedTx(db(), { workspaceId: null, accountId: null }, (tx) =>
      tx.select().from(memberships),
    );
    expect(unscoped).toEqual([]);
  });

  it("shows an account scope only that account's memberships, across its workspaces", async () => {
    const rows = await withScopedTx(db(), { workspaceId: null, accountId: engineer.accountId }, (tx) =>
      tx.select({ accountId: memberships.accountId, workspaceId: memberships.workspaceId }).from(memberships),
    );
    expect(rows.map((r) => r.accountId)).toEqual([engineer.accountId, engineer.accountId]);
    expect(rows.map((r) => r.workspaceId).sort()).toEqual([a.id, b.id].sort());
  });

  it.each([
    ['a party', () => parties, () => ({ workspaceId: b.id, name: 'Intruder', kind: 'provider' as const })],
    [
      'a membership',
      () => memberships,
      () => ({ workspaceId: b.id, accountId: a.lead.accountId, partyId: null, role: 'requester' as const }),
    ],
  ])('refuses inserting %s for workspace B while scoped to A (no write)', async (_label, table, values) => {
    const before = await dataSnapshot(t);
    const error = await withScopedTx(db(), scopeA(), (tx) =>
      tx.insert(table() as typeof parties).values(values() as never),
    ).then(
      () => null,
      (e: { cause?: { code?: string; message?: string } }) => e.cause,
    );
    expect(error).toMatchObject({ code: '42501', message: expect.stringMatching(/row-level security/) });
    expect(await dataSnapshot(t)).toEqual(before);
  });

  it('refuses an audit event for workspace B while scoped to A', async () => {
    const error = await withScopedTx(db(), scopeA(), (tx) =>
      tx.insert(auditEvents).values({
        workspaceId: b.id,
        action: 'x',
        entityType: 'x',
        at: new Date(),
        prevHash: 'x',
        hash: 'x',
      }),
    ).then(
      () => null,
      (e: { cause?: { code?: string } }) => e.cause,
    );
    expect(error).toMatchObject({ code: '42501' });
  });

  it("neither updates nor deletes workspace B's rows while scoped to A", async () => {
    const before = await dataSnapshot(t);
    const updated = await withScopedTx(db(), scopeA(), (tx) =>
      tx.update(parties).set({ name: 'Renamed by A' }).where(eq(parties.workspaceId, b.id)).returning(),
    );
    const deleted = await withScopedTx(db(), scopeA(), (tx) =>
      tx.delete(invitations).where(eq(invitations.workspaceId, b.id)).returning(),
    );
    expect(updated).toEqual([]);
    expect(deleted).toEqual([]);
    expect(await dataSnapshot(t)).toEqual(before);
  });
});

describe('the no-write check (dataSnapshot) itself', () => {
  it('sees an insert, a change of one column and a delete, and nothing when nothing changed', async () => {
    const first = await dataSnapshot(t);
    expect(await dataSnapshot(t)).toEqual(first);
    const [party] = await ownerQuery<{ id: string }>(
      t,
      `insert into parties (workspace_id, kind, name) values ($1, 'provider', 'Snapshot check') returning id::text`,
      [a.id],
    );
    const inserted = await dataSnapshot(t);
    expect(inserted.parties).not.toEqual(first.parties);
    expect({ ...inserted, parties: first.parties }).toEqual(first);
    await ownerQuery(t, `update parties set name = 'Snapshot check 2' where id = $1`, [party!.id]);
    const changed = await dataSnapshot(t);
    expect(changed.parties).not.toEqual(inserted.parties);
    expect(changed.parties!.split(':')[0]).toBe(inserted.parties!.split(':')[0]);
    await ownerQuery(t, 'delete from parties where id = $1', [party!.id]);
    expect(await dataSnapshot(t)).toEqual(first);
  });
});

describe('cross-workspace API: 404, never 403, and no write', () => {
  const workspaceRoutes = () =>
    t.app.routeTable.filter((r) => r.access === 'workspace' && r.method !== 'HEAD');
  const idTables: Record<string, string> = {
    members: 'memberships',
    parties: 'parties',
    invitations: 'invitations',
    tokens: 'api_tokens',
    services: 'services',
    'decision-types': 'decision_types',
  };

  /** The route's URL for workspace B, with real record ids of B where the table is known. */
  async function urlForB(url: string) {
    const collection = url.split('/')[5] ?? '';
    const table = idTables[collection];
    const [row] = table
      ? await ownerQuery<{ id: string }>(t, `select id::text from ${table} where workspace_id = $1 limit 1`, [
          b.id,
        ])
      : [];
    return url
      .replace(':workspace', b.slug)
      .replace(':id', row?.id ?? randomUUID())
      .replace(':number', '1')
      .replace(':format', 'csv');
  }

  async function expectNotFoundEverywhere(
    send: (method: string, url: string) => Promise<{ statusCode: number; body: string }>,
  ) {
    const routes = workspaceRoutes();
    expect(routes.length).toBeGreaterThan(15);
    // Nothing may change along the walk, so one snapshot before it is every route's "before"
    // (audit_events is one of its tables).
    const before = await dataSnapshot(t);
    for (const route of routes) {
      const url = await urlForB(route.url);
      const response = await send(route.method, url);
      expect(response.statusCode, `${route.method} ${route.url}: ${response.body}`).toBe(404);
      expect(JSON.parse(response.body)).toEqual({
        error: { code: 'NOT_FOUND', message: 'No such workspace.' },
      });
      expect(await dataSnapshot(t), `${route.method} ${route.url}`).toEqual(before);
    }
  }

  it("answers 404 to workspace A's internal lead on every workspace route of B, writing nothing", async () => {
    const lead = await clients.as(a.lead.email);
    await expectNotFoundEverywhere((method, url) =>
      lead.request(method as 'GET', url, method === 'GET' || method === 'DELETE' ? undefined : {}),
    );
  }, 300_000); // walks every workspace route with before/after snapshots: 153 s seen on a loaded machine

  it('answers 404 to an API token of workspace A on every workspace route of B, writing nothing', async () => {
    const lead = await clients.as(a.lead.email);
    const created = await lead.post(`/api/v1/w/${a.slug}/tokens`, {
      name: 'A token',
      scopes: ['read', 'write'],
      expiresInDays: 30,
    });
    const { secret } = bodyOf<{ secret: string }>(created);
    // Used once, so its last-used time is settled before the snapshots.
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/w/${a.slug}`,
          headers: { authorization: `Bearer ${secret}` },
        })
      ).statusCode,
    ).toBe(200);
    await expectNotFoundEverywhere((method, url) =>
      t.app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${secret}` },
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
      }),
    );
  }, 300_000);

  it("answers 404 to a deactivated member of B on B's routes, writing nothing", async () => {
    // Deactivated in their only workspace, they can still sign in, but B is gone for them.
    const gone = await clients.fresh(bGone.email);
    const before = await dataSnapshot(t);
    const response = await gone.get(`/api/v1/w/${b.slug}/members`);
    expect(response.statusCode).toBe(404);
    expect(await dataSnapshot(t)).toEqual(before);
  });

  describe("B's record ids under A's address", () => {
    const cases: [string, 'PATCH' | 'POST' | 'DELETE', () => string, Record<string, unknown> | undefined][] =
      [
        ['renaming a party', 'PATCH', () => `parties/${b.providerPartyId}`, { version: 1, name: 'Taken' }],
        ['changing a role', 'PATCH', () => `members/${bAgent.membershipId}`, { version: 1, role: 'viewer' }],
        ['deactivating a member', 'POST', () => `members/${bAgent.membershipId}/deactivate`, {}],
        ['reactivating a member', 'POST', () => `members/${bGone.membershipId}/reactivate`, {}],
        ['revoking an invitation', 'DELETE', () => `invitations/${bInvitationId}`, undefined],
        ['revoking an API token', 'DELETE', () => `tokens/${bTokenId}`, undefined],
      ];

    it.each(cases)(
      "refuses A's internal lead %s of workspace B (404, no write)",
      async (_label, method, path, payload) => {
        const lead: TestClient = await clients.as(a.lead.email);
        const before = await dataSnapshot(t);
        const response = await lead.request(method, `/api/v1/w/${a.slug}/${path()}`, payload);
        expect(response.statusCode, response.body).toBe(404);
        expect(errorOf(response).code).toBe('NOT_FOUND');
        expect(await dataSnapshot(t)).toEqual(before);
      },
    );

    it("lists nothing of B when A's lead filters A's members by B's party", async () => {
      const lead = await clients.as(a.lead.email);
      const response = await lead.get(`/api/v1/w/${a.slug}/members?partyId=${b.providerPartyId}`);
      expect(response.statusCode).toBe(200);
      expect(bodyOf<{ items: unknown[] }>(response).items).toEqual([]);
    });

    it("keeps an account serving A and B to what each membership allows: B's members are not listed under A", async () => {
      const client = await clients.as(engineer.email);
      const underA = bodyOf<{ items: { id: string }[] }>(
        await client.get(`/api/v1/w/${a.slug}/members?limit=200`),
      ).items.map((m) => m.id);
      expect(underA).not.toContain(bAgent.membershipId);
      expect(underA).not.toContain(b.lead.membershipId);
      expect(underA).toContain(engineer.membershipId);
    });
  });
});
