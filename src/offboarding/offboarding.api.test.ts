import { beforeAll, describe, expect, it } from 'vitest';
import { services } from '../db/schema/responsibility.ts';
import { onCallShifts } from '../db/schema/sla.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx } from '../db/tenant.ts';
import { TestClient as Client, errorOf, signedIn, type TestClient } from '../test/client.ts';
import { makeMember } from '../test/factories.ts';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');
const other = workspaceForFile(t, 'Other');
type Person = { accountId: string; email: string; membershipId: string };
let p: Record<'agent' | 'providerLead' | 'ed' | 'engineer2' | 'requester', Person>;
let c: Record<'lead' | 'agent' | 'providerLead' | 'ed' | 'otherLead', TestClient>;

const base = () => `/api/v1/w/${ws.slug}/offboardings`;
const count = async (table: string) =>
  (
    await t.database.unsafeOwnerQuery<{ n: number }>(
      `select count(*)::int as n from ${table} where workspace_id = $1`,
      [ws.id],
    )
  )[0]!.n;

async function seedWork(membershipId: string, requesterId: string) {
  await withScopedTx(t.database.db, { workspaceId: ws.id, accountId: ws.lead.accountId }, async (tx) => {
    const [service] = await tx.select({ id: services.id }).from(services).limit(1);
    const ticket = (number: number, status: 'in_progress' | 'resolved') => ({
      workspaceId: ws.id,
      number,
      requesterMembershipId: requesterId,
      serviceId: service!.id,
      subject: `Ticket ${number}`,
      impact: 'medium' as const,
      urgency: 'medium' as const,
      priority: 'P3' as const,
      routingReason: 'test',
      status,
      lanePartyId: ws.providerPartyId,
      assigneeMembershipId: membershipId,
    });
    await tx
      .insert(tickets)
      .values([ticket(901, 'in_progress'), ticket(902, 'in_progress'), ticket(903, 'resolved')]);
    const hour = 3_600_000;
    await tx.insert(onCallShifts).values([
      {
        workspaceId: ws.id,
        partyId: ws.providerPartyId,
        membershipId,
        startsAt: new Date(Date.now() - hour),
        endsAt: new Date(Date.now() + hour),
      },
      {
        workspaceId: ws.id,
        partyId: ws.providerPartyId,
        membershipId,
        startsAt: new Date(Date.now() + 24 * hour),
        endsAt: new Date(Date.now() + 36 * hour),
      },
    ]);
  });
}

beforeAll(async () => {
  const db = t.database.db;
  p = {
    agent: await makeMember(db, ws, { party: 'internal', role: 'agent' }),
    providerLead: await makeMember(db, ws, { party: 'provider', role: 'lead' }),
    ed: await makeMember(db, ws, { party: 'provider', role: 'agent' }),
    engineer2: await makeMember(db, ws, { party: 'provider', role: 'agent' }),
    requester: await makeMember(db, ws, { party: null, role: 'requester' }),
  };
  c = {
    lead: await signedIn(t.app, ws.lead.email),
    agent: await signedIn(t.app, p.agent.email),
    providerLead: await signedIn(t.app, p.providerLead.email),
    ed: await signedIn(t.app, p.ed.email),
    otherLead: await signedIn(t.app, other.lead.email),
  };
  await seedWork(p.ed.membershipId, p.requester.membershipId);
});

describe('offboarding a person', () => {
  it('refuses without a session (401) and offboarding yourself (400, nothing written)', async () => {
    const anon = new Client(t.app);
    expect((await anon.post(base(), { membershipId: p.ed.membershipId })).statusCode).toBe(401);
    for (const who of ['lead', 'providerLead'] as const) {
      const self = who === 'lead' ? ws.lead.membershipId : p.providerLead.membershipId;
      const res = await c[who].post(base(), { membershipId: self });
      expect(res.statusCode, who).toBe(400);
      expect(JSON.stringify(errorOf(res))).toContain('body.membershipId');
      expect(errorOf(res).message + JSON.stringify(errorOf(res).details)).toContain('yourself');
      expect((await c[who].get(`${base()}/preview?membershipId=${self}`)).statusCode).toBe(400);
    }
    expect((await c.lead.post(base(), { membershipId: 'nope' })).statusCode).toBe(400);
    expect((await c.lead.post(base(), {})).statusCode).toBe(400);
    expect(await count('offboardings')).toBe(0);
  });

  it('refuses who may not (403) and another workspace (404), writing nothing', async () => {
    const cases: Array<[keyof typeof c, string, number]> = [
      ['agent', p.ed.membershipId, 403],
      ['ed', p.engineer2.membershipId, 403],
      ['providerLead', p.agent.membershipId, 403], // not its own party
      ['otherLead', p.ed.membershipId, 404],
      ['lead', other.lead.membershipId, 404],
    ];
    for (const [who, target, status] of cases) {
      const res = await c[who].post(base(), { membershipId: target });
      expect(res.statusCode, `${who} → ${target}`).toBe(status);
      if (status === 403) expect(errorOf(res).code).toBe('OFFBOARDING_RIGHT_REQUIRED');
    }
    expect((await c.agent.get(base())).statusCode).toBe(403);
    expect(await count('offboardings')).toBe(0);
  });

  it('previews, then offboards Ed: access ends, tickets return to the lane queue, shifts become gaps', async () => {
    const token = await c.ed.post(`/api/v1/w/${ws.slug}/tokens`, {
      name: 'ci',
      scopes: ['read'],
      expiresInDays: 30,
    });
    expect(token.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${token.json().secret}` };
    const probe = `/api/v1/w/${ws.slug}/backlog`;
    expect((await new Client(t.app).get(probe, bearer)).statusCode).toBe(200);

    const preview = await c.providerLead.get(`${base()}/preview?membershipId=${p.ed.membershipId}`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().preview).toMatchObject({
      person: { membershipId: p.ed.membershipId, party: 'Provider Ltd' },
      membership: { deactivated: true, apiTokens: 1 },
      tickets: [
        { key: expect.stringMatching(/-901$/), subject: 'Ticket 901' },
        { key: expect.stringMatching(/-902$/), subject: 'Ticket 902' },
      ],
      onCallShifts: 2,
      passTo: { membershipId: p.providerLead.membershipId },
      tasks: [],
    });
    expect(await count('offboardings')).toBe(0); // a preview writes nothing

    const done = await c.providerLead.post(base(), { membershipId: p.ed.membershipId });
    expect(done.statusCode, done.body).toBe(201);
    const record = done.json().offboarding;
    expect(record).toMatchObject({
      key: 'OFF-1',
      status: 'completed', // no privileged accounts to revoke here: nothing left to do
      person: { membershipId: p.ed.membershipId },
      outcome: { shiftsReleased: 2, tokensRevoked: 1 },
      tasks: [],
    });
    expect(record.outcome.ticketsReturned).toHaveLength(2);

    // The next request with his token or his session is refused.
    expect((await new Client(t.app).get(probe, bearer)).statusCode).not.toBe(200);
    expect((await c.ed.get(probe)).statusCode).not.toBe(200);
    // His open tickets are unassigned in the provider's lane; the resolved one is untouched.
    const left = await t.database.unsafeOwnerQuery<{ number: number; assignee: string | null; lane: string }>(
      'select number, assignee_membership_id as assignee, lane_party_id as lane from tickets where workspace_id = $1 order by number',
      [ws.id],
    );
    expect(left).toEqual([
      { number: 901, assignee: null, lane: ws.providerPartyId },
      { number: 902, assignee: null, lane: ws.providerPartyId },
      { number: 903, assignee: p.ed.membershipId, lane: ws.providerPartyId },
    ]);
    const shifts = await t.database.unsafeOwnerQuery<{ n: number }>(
      'select count(*)::int as n from on_call_shifts where workspace_id = $1 and membership_id = $2 and ends_at > now()',
      [ws.id, p.ed.membershipId],
    );
    expect(shifts[0]!.n).toBe(0);
    const status = await t.database.unsafeOwnerQuery<{ status: string }>(
      'select status from memberships where id = $1',
      [p.ed.membershipId],
    );
    expect(status[0]!.status).toBe('deactivated');
    const actions = await t.database.unsafeOwnerQuery<{ action: string }>(
      "select action from audit_events where workspace_id = $1 and action in ('member.deactivated','offboarding.started','offboarding.completed') order by action",
      [ws.id],
    );
    expect(actions.map((a) => a.action)).toEqual([
      'member.deactivated',
      'offboarding.completed',
      'offboarding.started',
    ]);

    expect((await c.providerLead.post(base(), { membershipId: p.ed.membershipId })).statusCode).toBe(409);
    const list = await c.lead.get(base());
    expect(list.json().offboardings.map((o: { key: string }) => o.key)).toEqual(['OFF-1']);
    expect((await c.lead.get(`${base()}/${record.id}`)).json().offboarding.key).toBe('OFF-1');
    expect((await c.otherLead.get(`/api/v1/w/${ws.slug}/offboardings/${record.id}`)).statusCode).toBe(404);
  });

  it('completes a record with evidence when its last task is done', async () => {
    // Tasks come from the access area once merged; here one is written as that area will.
    const [record] = await t.database.unsafeOwnerQuery<{ id: string }>(
      'select id from offboardings where workspace_id = $1',
      [ws.id],
    );
    await t.database.unsafeOwnerQuery(
      "update offboardings set status = 'in_progress', completed_at = null where id = $1",
      [record!.id],
    );
    const [task] = await t.database.unsafeOwnerQuery<{ id: string }>(
      "insert into offboarding_tasks (workspace_id, offboarding_id, kind, label) values ($1, $2, 'revoke_account', 'Revoke ed.admin on the ERP') returning id",
      [ws.id, record!.id],
    );
    const url = `${base()}/${record!.id}/tasks/${task!.id}/complete`;
    expect((await c.lead.post(url, { evidence: '' })).statusCode).toBe(400);
    expect((await c.agent.post(url, { evidence: 'done' })).statusCode).toBe(403);
    const done = await c.lead.post(url, { evidence: 'Disabled in the ERP admin console, ticket CHG-12' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().offboarding).toMatchObject({
      status: 'completed',
      tasks: [{ status: 'done', evidence: 'Disabled in the ERP admin console, ticket CHG-12' }],
    });
    expect((await c.lead.post(url, { evidence: 'again' })).statusCode).toBe(409);
  });
});
