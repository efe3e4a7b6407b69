import { beforeAll, describe, expect, it } from 'vitest';
import { systems } from '../db/schema/systems.ts';
import { withScopedTx } from '../db/tenant.ts';
import { dispatchEvent } from '../notifications/workers/dispatch.ts';
import { rowCounts, type Who } from '../test/cast.ts';
import { TestClient as Client, errorOf, type TestClient } from '../test/client.ts';
import { makeMember, type TestWorkspace } from '../test/factories.ts';
import { castForFile, queuedAppForFile } from '../test/file-setup.ts';
import { waitFor } from '../test/wait-for.ts';
import { runGrantExpiry, startAccessWorkers, sweepExpiredGrants } from './grant-expiry.job.ts';
import { sweepOverdueReviewLines } from './review-sweep.ts';
import { privilegedAccountsOf, raiseOffboardingRevocations } from './service/offboarding.ts';

const queued = queuedAppForFile({ pollingIntervalSeconds: 0.5 });
const { ws, other, c, ids } = castForFile(queued);
let erp: string;
let mail: string;
let otherSystem: string;

const base = (w: TestWorkspace = ws) => `/api/v1/w/${w.slug}/access`;
const { count, audits } = rowCounts(() => ({ database: queued.database, ws }));

async function makeSystem(w: TestWorkspace, name: string, ownerPartyId: string, serviceId: string | null) {
  const [row] = await withScopedTx(queued.database.db, { workspaceId: w.id, accountId: null }, (tx) =>
    tx
      .insert(systems)
      .values({ workspaceId: w.id, name, kind: 'application', criticality: 'high', ownerPartyId, serviceId })
      .returning(),
  );
  return row!.id;
}

const addAccount = (client: TestClient, body: Record<string, unknown>) =>
  client.post(`${base()}/accounts`, { systemId: erp, tier: 'admin', mfa: 'yes', ...body });
const requestGrant = (client: TestClient, body: Record<string, unknown> = {}) =>
  client.post(`${base()}/grants`, {
    systemId: erp,
    tier: 'admin',
    reason: 'Patch the ERP database',
    durationMinutes: 120,
    ...body,
  });

beforeAll(async () => {
  const [service] = await queued.database.unsafeOwnerQuery<{ id: string; version_id: string }>(
    `select s.id, (select id from map_versions v where v.workspace_id = s.workspace_id order by number desc limit 1) as version_id
       from services s where s.workspace_id = $1 order by s.key limit 1`,
    [ws.id],
  );
  erp = await makeSystem(ws, 'ERP', ws.internalPartyId, service!.id);
  mail = await makeSystem(ws, 'Mail', ws.internalPartyId, null);
  otherSystem = await makeSystem(other, 'Other ERP', other.internalPartyId, null);
  // The agent is the named Accountable person for the ERP's service: the ERP's lines are theirs to review.
  await queued.database.unsafeOwnerQuery(
    `insert into map_assignments (workspace_id, version_id, service_id, party_id, membership_id, role)
     values ($1, $2, $3, $4, $5, 'A')`,
    [ws.id, service!.version_id, service!.id, ws.internalPartyId, ids.agent],
  );
});

describe('the privileged-access register', () => {
  it('records accounts and computes the findings', async () => {
    const cases = [
      { accountName: 'admin', membershipId: null, expiresAt: '2027-01-01T00:00:00Z' },
      { accountName: 'ed.admin', membershipId: ids.engineer, mfa: 'no', expiresAt: '2027-01-01T00:00:00Z' },
      { accountName: 'alice.ga', membershipId: ids.lead, tier: 'global_admin' },
      {
        accountName: 'bg-01',
        membershipId: ids.lead,
        tier: 'break_glass',
        breakGlassLastUsedAt: '2026-11-01T10:00:00Z',
      },
      {
        accountName: 'ok.person',
        membershipId: ids.agent,
        systemId: mail,
        expiresAt: '2027-01-01T00:00:00Z',
      },
    ];
    for (const body of cases) {
      const res = await addAccount(c.agent, body);
      expect(res.statusCode, res.body).toBe(201);
    }
    const register = (await c.lead.get(`${base()}/accounts`)).json();
    const findings = Object.fromEntries(
      register.items.map((i: { accountName: string; findings: string[] }) => [i.accountName, i.findings]),
    );
    expect(findings.admin).toEqual(['shared_account', 'no_person']);
    expect(findings['ed.admin']).toEqual(['admin_without_mfa']);
    expect(findings['alice.ga']).toEqual(['standing_admin']);
    expect(findings['bg-01']).toEqual(['break_glass_used']);
    expect(findings['ok.person']).toEqual([]);
    expect(register.findings.no_person).toBe(1);
    expect(register.abilities.manageAccounts).toBe(true);
    expect(await audits('access.account_added')).toBe(5);
  });

  it('shows a departed person as a finding', async () => {
    const leaver = await makeMember(queued.database.db, ws, { party: 'provider', role: 'agent' });
    const added = await addAccount(c.agent, {
      accountName: 'leaver.adm',
      membershipId: leaver.membershipId,
      expiresAt: '2027-01-01T00:00:00Z',
    });
    expect(added.statusCode).toBe(201);
    await queued.database.unsafeOwnerQuery(`update memberships set status = 'deactivated' where id = $1`, [
      leaver.membershipId,
    ]);
    const register = (await c.lead.get(`${base()}/accounts`)).json();
    const row = register.items.find((i: { accountName: string }) => i.accountName === 'leaver.adm');
    expect(row.findings).toEqual(['person_not_active']);
    expect(row.person.active).toBe(false);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const before = await count('privileged_accounts');
    const cases: Array<[Record<string, unknown>, string, number]> = [
      [{ accountName: '' }, 'accountName', 400],
      [{ accountName: 'x', tier: 'god' }, 'tier', 400],
      [{ accountName: 'x', systemId: otherSystem }, 'body.systemId', 400],
      [{ accountName: 'x', membershipId: ids.requester }, 'body.membershipId', 400],
      [{ accountName: 'x', membershipId: ids.otherLead }, 'body.membershipId', 400],
      [{ accountName: 'x', expiresAt: 'tomorrow' }, 'expiresAt', 400],
      [{ accountName: 'ADMIN' }, 'already in the register', 409],
    ];
    for (const [body, field, status] of cases) {
      const res = await addAccount(c.agent, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(errorOf(res))).toContain(field);
    }
    expect(await count('privileged_accounts')).toBe(before);
  });

  it('refusal matrix: only internal staff (not viewers) change the register; staff read it', async () => {
    const expected: Record<Who, [number, number]> = {
      lead: [201, 200],
      agent: [201, 200],
      viewer: [403, 200],
      providerLead: [403, 200],
      engineer: [403, 200],
      requester: [403, 403],
      otherLead: [404, 404],
    };
    for (const [who, [write, read]] of Object.entries(expected) as [Who, [number, number]][]) {
      const res = await addAccount(c[who], { accountName: `matrix-${who}`, membershipId: null });
      expect(res.statusCode, `${who} adds`).toBe(write);
      expect((await c[who].get(`${base()}/accounts`)).statusCode, `${who} reads`).toBe(read);
    }
  });

  it("another workspace's account answers 404 and is not changed", async () => {
    const [row] = await queued.database.unsafeOwnerQuery<{ id: string; version: number }>(
      `select id, version from privileged_accounts where workspace_id = $1 limit 1`,
      [ws.id],
    );
    const res = await c.otherLead.patch(`${base(other)}/accounts/${row!.id}`, {
      version: row!.version,
      mfa: 'no',
    });
    expect(res.statusCode).toBe(404);
    const [after] = await queued.database.unsafeOwnerQuery<{ version: number }>(
      `select version from privileged_accounts where id = $1`,
      [row!.id],
    );
    expect(after!.version).toBe(row!.version);
  });
});

describe('time-bound grants', () => {
  let grantKey: string;

  it('a grant longer than the maximum is refused naming the maximum, writing nothing', async () => {
    const before = [await count('access_grants'), await count('decisions')];
    const res = await requestGrant(c.engineer, { durationMinutes: 9 * 60 });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).message).toContain('at most 8 h (480 minutes)');
    expect(JSON.stringify(errorOf(res).details)).toContain('body.durationMinutes');
    expect([await count('access_grants'), await count('decisions')]).toEqual(before);
  });

  it('the maximum is a workspace setting (internal lead only)', async () => {
    expect(
      (
        await c.providerLead.patch(`${base()}/settings`, {
          version: 1,
          maxGrantMinutes: 60,
        })
      ).statusCode,
    ).toBe(403);
    const settings = (await c.lead.get(`${base()}/settings`)).json().settings;
    expect(settings).toEqual({ maxGrantMinutes: 480, version: 1 });
    const changed = await c.lead.patch(`${base()}/settings`, { version: 1, maxGrantMinutes: 60 });
    expect(changed.statusCode, changed.body).toBe(200);
    const refused = await requestGrant(c.engineer, { durationMinutes: 61 });
    expect(errorOf(refused).message).toContain('at most 1 h (60 minutes)');
    expect((await c.lead.patch(`${base()}/settings`, { version: 2, maxGrantMinutes: 480 })).statusCode).toBe(
      200,
    );
    expect((await c.lead.patch(`${base()}/settings`, { version: 2, maxGrantMinutes: 480 })).statusCode).toBe(
      409,
    );
  });

  it('a provider engineer asks for admin on the ERP for 2 hours: a proposed decision', async () => {
    const res = await requestGrant(c.engineer);
    expect(res.statusCode, res.body).toBe(201);
    const grant = res.json().grant;
    grantKey = grant.key;
    expect(grant.status).toBe('requested');
    expect(grant.decision.status).toBe('proposed');
    expect(grant.abilities).toEqual({ decide: false, withdraw: true });
    const decision = (await c.lead.get(`/api/v1/w/${ws.slug}/decisions/${grant.decision.number}`)).json();
    expect(JSON.stringify(decision)).toContain('grant-provider-access');
    expect(await audits('access.grant_requested')).toBe(1);
    expect(
      await count('notifications', 'workspace_id = $1 and event = $2 and membership_id = $3', [
        ws.id,
        'access.grant.requested',
        ids.lead,
      ]),
    ).toBe(1);
  });

  it('refuses approval by anyone without the decision right, naming who holds it; nothing written', async () => {
    for (const who of ['engineer', 'providerLead', 'agent', 'viewer'] as const) {
      const res = await c[who].post(`${base()}/grants/${grantKey}/decision`, { outcome: 'approved' });
      expect(res.statusCode, who).toBe(403);
      expect(errorOf(res).code, who).toBe('DECISION_RIGHT_REQUIRED');
      expect(errorOf(res).message).toContain('held by the internal IT lead');
    }
    expect(
      (await c.requester.post(`${base()}/grants/${grantKey}/decision`, { outcome: 'approved' })).statusCode,
    ).toBe(403);
    expect(await count('access_grants', "workspace_id = $1 and status = 'requested'")).toBe(1);
  });

  it('a provider approving its own grant is refused even with a delegated right', async () => {
    await queued.database.unsafeOwnerQuery(
      `update decision_types set decider = 'provider_lead', delegate_party_id = $2 where workspace_id = $1 and key = 'grant-provider-access'`,
      [ws.id, ws.providerPartyId],
    );
    try {
      const res = await c.providerLead.post(`${base()}/grants/${grantKey}/decision`, { outcome: 'approved' });
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).code).toBe('OWN_GRANT');
      const own = await requestGrant(c.providerLead);
      const self = await c.providerLead.post(`${base()}/grants/${own.json().grant.key}/decision`, {
        outcome: 'approved',
      });
      expect(self.statusCode).toBe(403);
      expect(errorOf(self).code).toBe('OWN_GRANT');
      await c.providerLead.post(`${base()}/grants/${own.json().grant.key}/withdraw`, {});
    } finally {
      await queued.database.unsafeOwnerQuery(
        `update decision_types set decider = 'internal_lead', delegate_party_id = null where workspace_id = $1 and key = 'grant-provider-access'`,
        [ws.id],
      );
    }
    expect(await count('access_grants', "workspace_id = $1 and status = 'active'")).toBe(0);
    expect(await count('pgboss.job', "name = 'access.grant-expiry' and data->>'workspaceId' = $1")).toBe(0);
  });

  it('nobody approves their own request, not even the internal lead', async () => {
    const own = (await requestGrant(c.lead)).json().grant;
    const res = await c.lead.post(`${base()}/grants/${own.key}/decision`, { outcome: 'approved' });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).code).toBe('OWN_GRANT');
    expect(
      (await c.lead.post(`${base()}/grants/${own.key}/withdraw`, { rationale: 'not needed' })).json().grant
        .status,
    ).toBe('withdrawn');
  });

  it('the decision log cannot decide or withdraw a grant behind its back (409 DECIDED_ON_GRANT)', async () => {
    const grant = (await c.lead.get(`${base()}/grants`))
      .json()
      .items.find((g: { key: string }) => g.key === grantKey);
    const decisions = `/api/v1/w/${ws.slug}/decisions/${grant.decision.number}`;
    const approve = await c.lead.post(`${decisions}/approve`, { rationale: 'via the log' });
    expect(approve.statusCode).toBe(409);
    expect(errorOf(approve).code).toBe('DECIDED_ON_GRANT');
    expect(errorOf(approve).message).toContain(grantKey);
    const withdraw = await c.engineer.post(`${decisions}/withdraw`, { rationale: 'via the log' });
    expect(withdraw.statusCode).toBe(409);
    expect(
      await count('decisions', "workspace_id = $1 and status = 'proposed' and id = $2", [
        ws.id,
        grant.decision.id,
      ]),
    ).toBe(1);
  });

  it('a retried request with the same Idempotency-Key creates one grant and answers the same', async () => {
    const before = await count('access_grants');
    const body = { systemId: erp, tier: 'admin', reason: 'Retry safety', durationMinutes: 60 };
    const headers = { 'idempotency-key': `grant-${Date.now()}` };
    const first = await c.engineer.post(`${base()}/grants`, body, headers);
    const second = await c.engineer.post(`${base()}/grants`, body, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().grant.key).toBe(first.json().grant.key);
    expect(await count('access_grants')).toBe(before + 1);
    await c.engineer.post(`${base()}/grants/${first.json().grant.key}/withdraw`, {});
  });

  it('refusal matrix for asking: viewers and requesters may not request access', async () => {
    const before = await count('access_grants');
    for (const who of ['viewer', 'requester'] as const) {
      const res = await requestGrant(c[who]);
      expect(res.statusCode, who).toBe(403);
    }
    expect((await requestGrant(c.otherLead)).statusCode).toBe(404);
    expect(await count('access_grants')).toBe(before);
  });

  it('the internal lead approves: the grant is active and its expiry timer committed with it', async () => {
    const started = Date.now();
    const res = await c.lead.post(`${base()}/grants/${grantKey}/decision`, {
      outcome: 'approved',
      rationale: 'ok for the patch',
    });
    expect(res.statusCode, res.body).toBe(200);
    const grant = res.json().grant;
    expect(grant.status).toBe('active');
    expect(grant.decision.status).toBe('approved');
    const expires = new Date(grant.expiresAt).getTime();
    expect(expires - started).toBeGreaterThanOrEqual(120 * 60_000 - 1000);
    expect(expires - started).toBeLessThan(120 * 60_000 + 60_000);
    const timers = await queued.database.unsafeOwnerQuery<{ start_after: Date; singleton_key: string }>(
      `select start_after, singleton_key from pgboss.job where name = 'access.grant-expiry' and data->>'grantId' = $1`,
      [grant.id],
    );
    expect(timers).toHaveLength(1);
    expect(new Date(timers[0]!.start_after).getTime()).toBe(expires);
    expect(timers[0]!.singleton_key).toBe(`access.grant-expiry:${grant.id}`);
    expect(
      await count('notifications', 'workspace_id = $1 and event = $2 and membership_id = $3', [
        ws.id,
        'access.grant.decided',
        ids.engineer,
      ]),
    ).toBe(1);
    const again = await c.lead.post(`${base()}/grants/${grantKey}/decision`, { outcome: 'rejected' });
    expect(again.statusCode).toBe(409);
  });

  it('at expiry: expired once, a revocation task for the responsible party, the webhook event', async () => {
    const hook = await c.lead.post(`/api/v1/w/${ws.slug}/webhooks`, {
      url: 'https://hooks.example.test/access',
      events: ['access.grant.expired'],
    });
    expect(hook.statusCode, hook.body).toBe(201);
    const grant = (await c.lead.get(`${base()}/grants`))
      .json()
      .items.find((g: { key: string }) => g.key === grantKey);
    const payload = { workspaceId: ws.id, grantId: grant.id, expiresAt: grant.expiresAt };
    const expiresAt = new Date(grant.expiresAt);
    expect(
      await runGrantExpiry(
        { db: queued.database.db, jobs: queued.jobs },
        payload,
        new Date(expiresAt.getTime() - 60_000),
      ),
    ).toBe('not-due');
    const fired = await Promise.all([
      runGrantExpiry(
        { db: queued.database.db, jobs: queued.jobs },
        payload,
        new Date(expiresAt.getTime() + 1000),
      ),
      runGrantExpiry(
        { db: queued.database.db, jobs: queued.jobs },
        payload,
        new Date(expiresAt.getTime() + 1000),
      ),
    ]);
    expect(fired.sort()).toEqual(['expired', 'stale']);
    const tasks = (await c.agent.get(`${base()}/revocations?status=open`)).json().items;
    const task = tasks.find((t: { grantKey: string }) => t.grantKey === grantKey);
    expect(task.responsibleParty.id).toBe(ws.internalPartyId);
    expect(task.source).toBe('grant_expired');
    expect(task.abilities.confirm).toBe(true);
    expect(await count('access_revocation_tasks', 'grant_id = $1', [grant.id])).toBe(1);
    expect(await audits('access.grant_expired')).toBe(1);
    const dispatched = await queued.database.unsafeOwnerQuery<{
      data: { event: { event: string; data: { grant: string } } };
    }>(
      `select data from pgboss.job where name = 'notifications.dispatch' and data->'event'->>'event' = 'access.grant.expired'`,
    );
    expect(dispatched.map((d) => d.data.event.data.grant)).toContain(grantKey);
    // The dispatch job (what the notification worker runs) writes one delivery for the subscribed endpoint.
    const job = dispatched.find((d) => d.data.event.data.grant === grantKey)!;
    await dispatchEvent(
      { db: queued.database.db, jobs: queued.jobs, publicUrl: 'http://tandem.test' },
      job.data as never,
    );
    expect(
      await count('webhook_deliveries', 'workspace_id = $1 and endpoint_id = $2 and event = $3', [
        ws.id,
        hook.json().endpoint.id,
        'access.grant.expired',
      ]),
    ).toBe(1);
    expect(
      await count('notifications', 'workspace_id = $1 and event = $2 and membership_id = $3', [
        ws.id,
        'access.grant.expired',
        ids.engineer,
      ]),
    ).toBe(1);
  });

  it('the revocation is confirmed with evidence by the responsible party only', async () => {
    const task = (await c.agent.get(`${base()}/revocations?status=open`)).json().items[0];
    const refused = await c.engineer.post(`${base()}/revocations/${task.id}/confirm`, { evidence: 'done' });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).code).toBe('ACCESS_RIGHT_REQUIRED');
    const badFile = await c.agent.request(
      'POST',
      `${base()}/revocations/${task.id}/evidence?filename=x.exe`,
      'MZ',
      {
        'content-type': 'application/x-msdownload',
      },
    );
    expect(badFile.statusCode).toBe(415);
    const noText = await c.agent.post(`${base()}/revocations/${task.id}/confirm`, { evidence: ' ' });
    expect(noText.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(noText))).toContain('evidence');
    const file = await c.agent.request(
      'POST',
      `${base()}/revocations/${task.id}/evidence?filename=removed.txt`,
      'Role removed at 14:02',
      {
        'content-type': 'text/plain',
      },
    );
    expect(file.statusCode, file.body).toBe(200);
    expect(file.json().task.evidenceFile.filename).toBe('removed.txt');
    const done = await c.agent.post(`${base()}/revocations/${task.id}/confirm`, {
      evidence: 'Removed the ERP admin role',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().task).toMatchObject({
      status: 'done',
      evidence: 'Removed the ERP admin role',
      abilities: { confirm: false },
    });
    const download = await c.viewer.get(`${base()}/revocations/${task.id}/evidence`);
    expect(download.body).toBe('Role removed at 14:02');
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(
      (await c.agent.post(`${base()}/revocations/${task.id}/confirm`, { evidence: 'again' })).statusCode,
    ).toBe(409);
    expect(await audits('access.revocation_confirmed')).toBe(1);
  });

  it('the real worker fires a due timer', async () => {
    const g = (await requestGrant(c.engineer, { durationMinutes: 30 })).json().grant;
    const approved = await c.lead.post(`${base()}/grants/${g.key}/decision`, { outcome: 'approved' });
    expect(approved.statusCode).toBe(200);
    // The test moves the expiry (grant and timer) to now instead of waiting 30 minutes.
    await queued.database.unsafeOwnerQuery(`update access_grants set expires_at = now() where id = $1`, [
      g.id,
    ]);
    const [row] = await queued.database.unsafeOwnerQuery<{ expires_at: Date }>(
      `select expires_at from access_grants where id = $1`,
      [g.id],
    );
    await queued.database.unsafeOwnerQuery(
      `update pgboss.job set start_after = now(), data = jsonb_set(data, '{expiresAt}', to_jsonb($2::text)) where name = 'access.grant-expiry' and data->>'grantId' = $1`,
      [g.id, new Date(row!.expires_at).toISOString()],
    );
    await startAccessWorkers(queued.jobs, queued.database);
    const statusNow = async () =>
      (await c.lead.get(`${base()}/grants`)).json().items.find((x: { key: string }) => x.key === g.key)
        .status as string;
    // The worker pg-boss runs is what is under test here, so the test waits for it instead of draining.
    await waitFor(async () => (await statusNow()) === 'expired').catch(() => undefined);
    expect(await statusNow()).toBe('expired');
  });
});

describe('the access sweep (backstop for lost timers)', () => {
  it('expires every active grant past its expiry, once', async () => {
    const g = (await requestGrant(c.engineer, { durationMinutes: 15 })).json().grant;
    await c.lead.post(`${base()}/grants/${g.key}/decision`, { outcome: 'approved' });
    await queued.database.unsafeOwnerQuery(
      `delete from pgboss.job where name = 'access.grant-expiry' and data->>'grantId' = $1`,
      [g.id],
    );
    const later = new Date(Date.now() + 16 * 60_000);
    expect(await sweepExpiredGrants(queued, new Date())).toBe(0);
    expect(await sweepExpiredGrants(queued, later)).toBe(1);
    expect(await sweepExpiredGrants(queued, later)).toBe(0);
    expect(await count('access_revocation_tasks', 'grant_id = $1', [g.id])).toBe(1);
  });
});

describe('access reviews', () => {
  let reviewKey: string;
  const start = (client: TestClient, body: Record<string, unknown> = {}) =>
    client.post(`${base()}/reviews`, {
      title: 'Quarterly privileged review',
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      ...body,
    });

  it('only the internal lead starts one; bad scope is refused naming the field', async () => {
    for (const who of ['agent', 'providerLead', 'engineer', 'viewer', 'requester'] as const)
      expect((await start(c[who])).statusCode, who).toBe(403);
    const before = await count('access_reviews');
    expect(JSON.stringify(errorOf(await start(c.lead, { systemIds: [otherSystem] })))).toContain(
      'body.systemIds.0',
    );
    expect(JSON.stringify(errorOf(await start(c.lead, { partyIds: [other.internalPartyId] })))).toContain(
      'body.partyIds.0',
    );
    expect(JSON.stringify(errorOf(await start(c.lead, { dueAt: '2020-01-01T00:00:00Z' })))).toContain(
      'body.dueAt',
    );
    expect(await count('access_reviews')).toBe(before);
  });

  it('each line gets the accountable person of its system as reviewer, else the internal lead', async () => {
    const res = await start(c.lead);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    reviewKey = body.review.key;
    const active = await count('privileged_accounts', "workspace_id = $1 and status = 'active'");
    expect(body.lines).toHaveLength(active);
    for (const line of body.lines)
      expect(line.reviewer.membershipId, line.system).toBe(line.system === 'ERP' ? ids.agent : ids.lead);
    expect(body.review).toMatchObject({ status: 'open', decided: 0, completionRate: 0 });
    for (const who of ['agent', 'lead'] as const)
      expect(
        await count('notifications', 'workspace_id = $1 and event = $2 and membership_id = $3', [
          ws.id,
          'access.review.assigned',
          ids[who],
        ]),
        who,
      ).toBe(1);
  });

  it("a decision by someone who is not the line's reviewer is refused (403 naming the reviewer), nothing written", async () => {
    const { lines } = (await c.lead.get(`${base()}/reviews/${reviewKey}`)).json();
    const erpLine = lines.find((l: { system: string }) => l.system === 'ERP');
    const res = await c.lead.post(`${base()}/reviews/${reviewKey}/lines/${erpLine.id}/decision`, {
      outcome: 'keep',
    });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).message).toContain("Only the line's reviewer");
    for (const who of ['engineer', 'providerLead', 'viewer'] as const)
      expect(
        (
          await c[who].post(`${base()}/reviews/${reviewKey}/lines/${erpLine.id}/decision`, {
            outcome: 'keep',
          })
        ).statusCode,
      ).toBe(403);
    const noComment = await c.agent.post(`${base()}/reviews/${reviewKey}/lines/${erpLine.id}/decision`, {
      outcome: 'revoke',
    });
    expect(noComment.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(noComment))).toContain('comment');
    expect(await count('access_review_lines', 'workspace_id = $1 and outcome is not null')).toBe(0);
    expect(await audits('access.review_line_decided')).toBe(0);
  });

  it('overdue lines escalate once (sweep + notification)', async () => {
    const [review] = await queued.database.unsafeOwnerQuery<{ id: string }>(
      `select id from access_reviews where workspace_id = $1`,
      [ws.id],
    );
    await queued.database.unsafeOwnerQuery(
      `update access_reviews set due_at = now() - interval '1 hour' where id = $1`,
      [review!.id],
    );
    const first = await sweepOverdueReviewLines(queued);
    expect(first).toBe(await count('access_review_lines', 'review_id = $1', [review!.id]));
    expect(await sweepOverdueReviewLines(queued)).toBe(0);
    expect(
      await count('notifications', 'workspace_id = $1 and event = $2 and membership_id = $3', [
        ws.id,
        'access.review.line_overdue',
        ids.agent,
      ]),
    ).toBe(1);
    const detail = (await c.lead.get(`${base()}/reviews/${reviewKey}`)).json();
    expect(detail.review.overdue).toBe(detail.lines.length);
    expect(detail.lines[0].escalatedAt).not.toBeNull();
  });

  it('completes only when every line is decided; revocations become tasks; the evidence pack lists them', async () => {
    const { lines } = (await c.lead.get(`${base()}/reviews/${reviewKey}`)).json();
    const reviewerClient = (membershipId: string) => (membershipId === ids.agent ? c.agent : c.lead);
    const revoke = new Set(['admin', 'leaver.adm']);
    for (const [i, line] of lines.entries()) {
      const outcome = revoke.has(line.accountName) ? 'revoke' : 'keep';
      const res = await reviewerClient(line.reviewer.membershipId).post(
        `${base()}/reviews/${reviewKey}/lines/${line.id}/decision`,
        { outcome, comment: outcome === 'revoke' ? `Remove ${line.accountName}` : '' },
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().review.status).toBe(i === lines.length - 1 ? 'completed' : 'open');
    }
    const again = await c.lead.post(`${base()}/reviews/${reviewKey}/lines/${lines[0].id}/decision`, {
      outcome: 'keep',
    });
    expect([403, 409]).toContain(again.statusCode);
    const tasks = (await c.lead.get(`${base()}/revocations?status=open`)).json().items;
    expect(
      tasks
        .filter((t: { source: string }) => t.source === 'review')
        .map((t: { accountName: string }) => t.accountName)
        .sort(),
    ).toEqual(['admin', 'leaver.adm']);
    const csv = await c.viewer.get(`${base()}/reviews/${reviewKey}/evidence.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.body.trim().split('\n');
    expect(rows[0]).toContain('decision');
    expect(rows).toHaveLength(lines.length + 1);
    expect(rows.filter((r) => r.includes(',revoke,'))).toHaveLength(2);
    const summary = await c.lead.get(`${base()}/reviews/${reviewKey}/summary.md`);
    expect(summary.body).toContain('revoked: 2');
    expect(summary.body).toContain('access.review_line_decided');
    expect(summary.body).toContain('access.review_completed');
    const completion = (await c.lead.get(`${base()}/review-completion`)).json();
    expect(completion).toMatchObject({ campaigns: 1, completionRate: 1 });
  });

  it("another workspace's review answers 404", async () => {
    expect((await c.otherLead.get(`${base(other)}/reviews/${reviewKey}`)).statusCode).toBe(404);
    expect((await c.otherLead.get(`${base()}/reviews/${reviewKey}`)).statusCode).toBe(404);
  });

  it('refuses without a session (401)', async () => {
    expect((await new Client(queued.app).get(`${base()}/reviews`)).statusCode).toBe(401);
  });
});

describe('offboarding hook (called by src/engagements)', () => {
  it('raises one revocation task per account the person holds, once', async () => {
    const person = await makeMember(queued.database.db, ws, { party: 'provider', role: 'agent' });
    for (const [systemId, accountName] of [
      [erp, 'leaving.erp'],
      [mail, 'leaving.mail'],
    ] as const) {
      const res = await addAccount(c.agent, {
        systemId,
        accountName,
        membershipId: person.membershipId,
        expiresAt: '2027-01-01T00:00:00Z',
      });
      expect(res.statusCode).toBe(201);
    }
    const scope = { workspaceId: ws.id, accountId: null };
    const held = await withScopedTx(queued.database.db, scope, (tx) =>
      privilegedAccountsOf(tx, ws.id, person.membershipId),
    );
    expect(held.map((a) => a.accountName).sort()).toEqual(['leaving.erp', 'leaving.mail']);
    const raise = () =>
      withScopedTx(queued.database.db, scope, (tx) =>
        raiseOffboardingRevocations(tx, {
          workspaceId: ws.id,
          membershipId: person.membershipId,
          personName: 'Leaving Person',
        }),
      );
    expect(await raise()).toHaveLength(2);
    expect(await raise()).toHaveLength(0);
    const tasks = (await c.agent.get(`${base()}/revocations?status=open`)).json().items;
    expect(
      tasks
        .filter((t: { source: string }) => t.source === 'offboarding')
        .map((t: { accountName: string }) => t.accountName)
        .sort(),
    ).toEqual(['leaving.erp', 'leaving.mail']);
  });
});
