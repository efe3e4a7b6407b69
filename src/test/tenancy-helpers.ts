import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from './build-test-app.ts';
import { errorOf, TestClient } from './client.ts';
import { type MemberSpec, makeMember, makeWorkspace } from './factories.ts';
import { testAppForFile } from './file-setup.ts';

/**
 * Signed-in clients for a test file, one per account. An account that has enrolled MFA can only
 * sign in again with its TOTP secret, so a fresh sign-in reuses the secret of the earlier client.
 */
export class Clients {
  private readonly byEmail = new Map<string, TestClient>();

  constructor(private readonly t: TestApp) {}

  async as(email: string): Promise<TestClient> {
    const known = this.byEmail.get(email);
    if (known) return known;
    return this.fresh(email);
  }

  /** A new sign-in (a second browser), keeping the account's TOTP secret. */
  async fresh(email: string): Promise<TestClient> {
    const client = new TestClient(this.t.app);
    client.totpSecret = this.byEmail.get(email)?.totpSecret ?? null;
    await client.signIn(email);
    this.byEmail.set(email, client);
    return client;
  }
}

/**
 * The file's app (see testAppForFile) with its signed-in clients and its database, for tests that
 * make a fresh workspace per test: `const { t, clients, db } = clientsForFile()`.
 */
export function clientsForFile() {
  const t = testAppForFile();
  return { t, clients: new Clients(t), db: () => t.database.db };
}

export async function ownerQuery<T = Record<string, unknown>>(
  t: TestApp,
  text: string,
  params: unknown[] = [],
) {
  return t.database.unsafeOwnerQuery<T>(text, params);
}

/**
 * ownerQuery for one test file's app, as `q(text, params)`; the app is read at each call, so it may
 * be one filled in before the tests (testAppForFile).
 */
export const ownerQueries =
  (t: TestApp) =>
  <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    ownerQuery<T>(t, text, params);

/** Row count of a table, optionally filtered (`where` uses $1… for params). */
export async function countRows(
  t: TestApp,
  table: string,
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
  const [row] = await ownerQuery<{ n: number }>(
    t,
    `select count(*)::int as n from ${table} where ${where}`,
    params,
  );
  return Number(row?.n ?? 0);
}

/** Audit events of one workspace (or all of them), counted as the owner so RLS hides nothing. */
export async function auditCount(t: TestApp, workspaceId?: string): Promise<number> {
  const [row] = await ownerQuery<{ n: number }>(
    t,
    workspaceId
      ? 'select count(*)::int as n from audit_events where workspace_id = $1'
      : 'select count(*)::int as n from audit_events',
    workspaceId ? [workspaceId] : [],
  );
  return Number(row!.n);
}

export type AuditRow = {
  id: string;
  workspace_id: string | null;
  actor_account_id: string | null;
  actor_membership_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
};

/** Audit events matching every given column (as the owner, so RLS hides nothing), oldest first. */
export function auditRows(
  t: TestApp,
  filter: { action?: string; entityId?: string; actorAccountId?: string; workspaceId?: string },
): Promise<AuditRow[]> {
  const columns: Array<[string, string | undefined]> = [
    ['action', filter.action],
    ['entity_id', filter.entityId],
    ['actor_account_id', filter.actorAccountId],
    ['workspace_id', filter.workspaceId],
  ];
  const used = columns.filter(([, v]) => v !== undefined);
  const where = used.map(([c], i) => `${c}::text = $${i + 1}`).join(' and ') || 'true';
  return t.database.unsafeOwnerQuery<AuditRow>(
    `select id::text, workspace_id, actor_account_id, actor_membership_id, action, entity_type, entity_id, before, after, ip
       from audit_events where ${where} order by id`,
    used.map(([, v]) => v),
  );
}

/**
 * "Last used" stamps that authentication refreshes at most once a minute (API tokens) or every few
 * minutes (sessions): a walk over every route that takes longer than that sees them move although no
 * route wrote anything, so snapshots leave them out.
 */
const TOUCH_COLUMNS: Record<string, string[]> = {
  api_tokens: ['last_used_at'],
  // A request after a minute slides the session's idle expiry: bookkeeping, not a write by the route.
  sessions: ['last_seen_at', 'expires_at'],
};

/**
 * A digest of every row of every table in the public schema, read as the owner: comparing two
 * snapshots catches any insert, update or delete, in tables added later too.
 */
export async function dataSnapshot(t: TestApp): Promise<Record<string, string>> {
  const rows = await ownerQuery<{ name: string; n: number; digest: string }>(t, await snapshotQuery(t));
  return Object.fromEntries(rows.map((row) => [row.name, `${row.n}:${row.digest}`]));
}

/**
 * One statement for the whole snapshot (a statement per table made the route walks spend most of
 * their time in round trips). Each table's digest is the sum of its rows' hashes: no sort, and the
 * same whatever order the rows come in.
 */
const snapshotQueries = new WeakMap<TestApp, Promise<string>>();
function snapshotQuery(t: TestApp): Promise<string> {
  let query = snapshotQueries.get(t);
  if (!query) {
    query = ownerQuery<{ table_name: string }>(
      t,
      `select table_name from information_schema.tables
       where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    ).then((tables) =>
      tables
        .map(({ table_name: table }) => {
          const touched = TOUCH_COLUMNS[table];
          const text = touched ? `(to_jsonb(t)${touched.map((c) => ` - '${c}'`).join('')})::text` : 't::text';
          const hash = `('x' || substr(md5(${text}), 1, 15))::bit(60)::bigint`;
          return `select '${table}' as name, count(*)::int as n, coalesce(sum(${hash}), 0)::text as digest from "${table}" t`;
        })
        .join('\nunion all\n'),
    );
    snapshotQueries.set(t, query);
  }
  return query;
}

/**
 * Sends a request that must be turned away: it answers `status` (and the error `code`, when given)
 * and leaves every row of every table as it was (see dataSnapshot). Returns the response for the
 * test's further checks.
 */
export async function refusedWithoutWrite(
  t: TestApp,
  send: () => Promise<LightMyRequestResponse>,
  status: number,
  code?: string,
): Promise<LightMyRequestResponse> {
  const before = await dataSnapshot(t);
  const response = await send();
  expect(response.statusCode, response.body).toBe(status);
  if (code !== undefined) expect(errorOf(response).code).toBe(code);
  expect(await dataSnapshot(t)).toEqual(before);
  return response;
}

/**
 * A new workspace with `actorSpec`'s member signed in (through `clients`) and a `target` member to act
 * on ('internal-lead': the workspace's own lead).
 */
export async function actorAndTarget(
  t: TestApp,
  clients: Clients,
  actorSpec: MemberSpec,
  targetSpec: MemberSpec | 'internal-lead',
) {
  const ws = await makeWorkspace(t.database.db);
  const actor = await makeMember(t.database.db, ws, actorSpec);
  const target = targetSpec === 'internal-lead' ? ws.lead : await makeMember(t.database.db, ws, targetSpec);
  return { ws, target, client: await clients.as(actor.email) };
}

/** A new workspace's lead signed in, and a member of another workspace to name under the first's address. */
export async function leadAndForeignMember(t: TestApp, clients: Clients) {
  const ws = await makeWorkspace(t.database.db);
  const other = await makeWorkspace(t.database.db);
  const foreign = await makeMember(t.database.db, other, { party: 'internal', role: 'agent' });
  return { ws, foreign, client: await clients.as(ws.lead.email) };
}

export const bodyOf = <T = Record<string, unknown>>(response: LightMyRequestResponse) => response.json() as T;
