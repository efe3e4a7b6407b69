import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeAuditHash } from '../domain/audit-chain.ts';
import { buildTestApp, type TestApp } from '../test/build-test-app.ts';
import { makeMember, makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import { Clients, ownerQuery } from '../test/tenancy-helpers.ts';
import { ACCOUNTS_CHAIN } from './record.ts';
import { verifyAuditChains } from './verify.ts';

// Each test tampers with the log, so each gets its own database.
let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(() => t.close());

/** Two workspaces with some history made through the API, and the account chain from sign-ins. */
async function activity() {
  const db = t.database.db;
  const clients = new Clients(t);
  const a = await makeWorkspace(db, 'Chain A');
  const b = await makeWorkspace(db, 'Chain B');
  const agent = await makeMember(db, a, { party: 'internal', role: 'agent' });
  const lead = await clients.as(a.lead.email);
  for (let version = 1; version <= 3; version++) {
    expect(
      (await lead.patch(`/api/v1/w/${a.slug}`, { version, name: `Chain A ${version}` })).statusCode,
    ).toBe(200);
  }
  expect(
    (await lead.patch(`/api/v1/w/${a.slug}/members/${agent.membershipId}`, { version: 1, role: 'viewer' }))
      .statusCode,
  ).toBe(200);
  const other = await clients.as(b.lead.email);
  expect((await other.post(`/api/v1/w/${b.slug}/parties`, { name: 'Another MSP' })).statusCode).toBe(201);
  return { a, b };
}

async function eventIds(ws: TestWorkspace) {
  const rows = await ownerQuery<{ id: string }>(
    t,
    'select id from audit_events where workspace_id = $1 order by id',
    [ws.id],
  );
  return rows.map((r) => Number(r.id));
}

const brokenChains = async () => (await verifyAuditChains(t.database)).filter((r) => r.broken);
/** Only `chain` is reported broken, first at event `id`, for `reason`. */
const expectOnlyBroken = async (chain: string, id: number | undefined, reason: string) =>
  expect(await brokenChains()).toEqual([{ chain, events: expect.any(Number), broken: { id, reason } }]);

describe('verifyAuditChains', () => {
  it('reports every chain intact after activity, counting each event once', async () => {
    const { a, b } = await activity();
    const reports = await verifyAuditChains(t.database);
    expect(reports.every((r) => r.broken === null)).toBe(true);
    const byChain = new Map(reports.map((r) => [r.chain, r]));
    expect(byChain.get(a.id)?.events).toBe((await eventIds(a)).length);
    expect(byChain.get(b.id)?.events).toBe((await eventIds(b)).length);
    expect(byChain.get(ACCOUNTS_CHAIN)?.events).toBeGreaterThan(0);
    const [total] = await ownerQuery<{ n: number }>(t, 'select count(*)::int as n from audit_events');
    expect(reports.reduce((sum, r) => sum + r.events, 0)).toBe(Number(total!.n));
  });

  it('keeps one unbroken chain when a workspace’s writes arrive at once (the head’s lock orders them)', async () => {
    const ws = await makeWorkspace(t.database.db, 'Chain C');
    const lead = await new Clients(t).as(ws.lead.email);
    const before = (await eventIds(ws)).length;
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        lead.post(`/api/v1/w/${ws.slug}/parties`, { name: `Vendor ${i}` }),
      ),
    );
    expect(created.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    expect((await eventIds(ws)).length).toBe(before + 12);
    const links = await ownerQuery<{ prev_hash: string; hash: string }>(
      t,
      'select prev_hash, hash from audit_events where workspace_id = $1 order by id',
      [ws.id],
    );
    // Each event follows the one before it: no two events claim the same predecessor.
    expect(new Set(links.map((l) => l.prev_hash)).size).toBe(links.length);
    expect(await brokenChains()).toEqual([]);
  });

  it('reports a changed event at exactly that event id, and no other chain', async () => {
    const { a } = await activity();
    const ids = await eventIds(a);
    const target = ids[3]!;
    await ownerQuery(t, `update audit_events set after = '{"name":"Forged"}'::jsonb where id = $1`, [target]);
    await expectOnlyBroken(a.id, target, 'content does not match its hash');
  });

  it('reports an event rewritten together with a recomputed hash at the event after it', async () => {
    const { a } = await activity();
    const ids = await eventIds(a);
    const [row] = await ownerQuery<Record<string, unknown>>(t, 'select * from audit_events where id = $1', [
      ids[2],
    ]);
    const forged = {
      workspaceId: row!.workspace_id as string,
      actorAccountId: row!.actor_account_id as string | null,
      actorMembershipId: row!.actor_membership_id as string | null,
      action: 'workspace.forged',
      entityType: row!.entity_type as string,
      entityId: row!.entity_id as string | null,
      before: row!.before,
      after: row!.after,
      ip: row!.ip as string | null,
      at: new Date(row!.at as string),
    };
    const hash = computeAuditHash(row!.prev_hash as string, forged);
    await ownerQuery(t, `update audit_events set action = 'workspace.forged', hash = $2 where id = $1`, [
      ids[2],
      hash,
    ]);
    await expectOnlyBroken(a.id, ids[3], 'previous hash does not match the event before it');
  });

  it('reports a deleted event at the event after it', async () => {
    const { a } = await activity();
    const ids = await eventIds(a);
    await ownerQuery(t, 'delete from audit_events where id = $1', [ids[2]]);
    await expectOnlyBroken(a.id, ids[3], 'previous hash does not match the event before it');
  });

  it('reports the newest events of a chain deleted (the log cut short)', async () => {
    const { a } = await activity();
    const ids = await eventIds(a);
    await ownerQuery(t, 'delete from audit_events where id = $1', [ids.at(-1)]);
    const broken = await brokenChains();
    expect(broken.map((r) => r.chain)).toEqual([a.id]);
    expect(broken[0]!.broken).toEqual({ id: ids.at(-2), reason: expect.stringMatching(/missing/) });
  });

  it('reports a workspace chain whose every event was deleted', async () => {
    const { b } = await activity();
    await ownerQuery(t, 'delete from audit_events where workspace_id = $1', [b.id]);
    const broken = await brokenChains();
    expect(broken.map((r) => [r.chain, r.events])).toEqual([[b.id, 0]]);
  });

  it('reports a changed event in the account chain', async () => {
    await activity();
    const [first] = await ownerQuery<{ id: string }>(
      t,
      'select id from audit_events where workspace_id is null order by id limit 1',
    );
    await ownerQuery(t, `update audit_events set ip = '203.0.113.9' where id = $1`, [first!.id]);
    await expectOnlyBroken(ACCOUNTS_CHAIN, Number(first!.id), 'content does not match its hash');
  });
});

describe('the audit log is append-only for the application', () => {
  it.each([
    ['update', sql`update audit_events set action = 'x'`],
    ['delete', sql`delete from audit_events`],
    ['truncate', sql`truncate audit_events`],
  ])('refuses the application role an %s of audit events (permission denied)', async (_label, statement) => {
    await activity();
    const [before] = await ownerQuery<{ n: number }>(t, 'select count(*)::int as n from audit_events');
    const outcome = await t.database.db.execute(statement).then(
      () => null,
      (error: { cause?: { code?: string; message?: string }; code?: string; message?: string }) =>
        error.cause ?? error,
    );
    expect(outcome).toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
    const [after] = await ownerQuery<{ n: number }>(t, 'select count(*)::int as n from audit_events');
    expect(after!.n).toBe(before!.n);
    expect(await brokenChains()).toEqual([]);
  });
});
