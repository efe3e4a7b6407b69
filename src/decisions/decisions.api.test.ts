import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, signedIn, type TestClient } from '../test/client.ts';
import { makeMember } from '../test/factories.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');
const other = workspaceForFile(t, 'Other');
let clients: Record<
  'lead' | 'agent' | 'viewer' | 'providerLead' | 'engineer' | 'requester' | 'otherLead',
  TestClient
>;
let agentMembershipId: string;

const base = () => `/api/v1/w/${ws.slug}`;
type DecisionTypeBody = { id: string; key: string; version: number; proposerKinds: string[] };
const types = async () =>
  (await clients.lead.get(`${base()}/decision-types`)).json().items as DecisionTypeBody[];
const propose = (client: TestClient, typeKey: string, title = 'A decision') =>
  client.post(`${base()}/decisions`, {
    typeKey,
    title,
    context: 'Because.',
    options: [{ label: 'Yes', description: '' }],
  });
const decisionCount = async () =>
  (
    await t.database.unsafeOwnerQuery<{ n: number }>(
      'select count(*)::int as n from decisions where workspace_id = $1',
      [ws.id],
    )
  )[0]!.n;

beforeAll(async () => {
  const db = t.database.db;
  const agent = await makeMember(db, ws, { party: 'internal', role: 'agent' });
  agentMembershipId = agent.membershipId;
  clients = {
    lead: await signedIn(t.app, ws.lead.email),
    agent: await signedIn(t.app, agent.email),
    viewer: await signInNewMember(t, ws, { party: 'internal', role: 'viewer' }),
    providerLead: await signInNewMember(t, ws, { party: 'provider', role: 'lead' }),
    engineer: await signInNewMember(t, ws, { party: 'provider', role: 'agent' }),
    requester: await signInNewMember(t, ws, { party: null, role: 'requester' }),
    otherLead: await signedIn(t.app, other.lead.email),
  };
});

describe('approval rights through the API: every decision type × party × role', () => {
  it("refuses every approval but the internal lead's (403 naming the right), for every default type", async () => {
    for (const type of await types()) {
      const proposer = type.proposerKinds.includes('provider') ? clients.engineer : clients.agent;
      const created = await propose(proposer, type.key, `Decide ${type.key}`);
      expect(created.statusCode, type.key).toBe(201);
      const { number } = created.json().decision;
      for (const name of ['agent', 'viewer', 'providerLead', 'engineer', 'requester'] as const) {
        const refused = await clients[name].post(`${base()}/decisions/${number}/approve`, {
          rationale: 'ok',
        });
        expect(refused.statusCode, `${type.key} by ${name}`).toBe(403);
        if (name !== 'requester')
          expect(errorOf(refused).message, `${type.key} by ${name}`).toContain('internal IT lead');
      }
      expect(
        (await clients.otherLead.post(`${base()}/decisions/${number}/approve`, { rationale: 'ok' }))
          .statusCode,
      ).toBe(404);
      const detail = (await clients.lead.get(`${base()}/decisions/${number}`)).json();
      expect(detail.decision.status, type.key).toBe('proposed');
      const approved = await clients.lead.post(`${base()}/decisions/${number}/approve`, {
        rationale: 'Within policy.',
      });
      expect(approved.statusCode, type.key).toBe(200);
      expect(approved.json().decision.status).toBe('approved');
    }
  });
});

describe('proposing', () => {
  it('refuses a party that may not propose the type, viewers and requesters (403, nothing written)', async () => {
    const internalOnly = (await types()).find((t) => !t.proposerKinds.includes('provider'));
    const before = await decisionCount();
    if (internalOnly) expect((await propose(clients.engineer, internalOnly.key)).statusCode).toBe(403);
    expect((await propose(clients.viewer, 'approve-saas-tool')).statusCode).toBe(403);
    expect((await propose(clients.requester, 'approve-saas-tool')).statusCode).toBe(403);
    expect(await decisionCount()).toBe(before);
  });

  it.each([
    ['an unknown type', { typeKey: 'nope', title: 'x' }, 'body.typeKey'],
    ['an empty title', { typeKey: 'approve-saas-tool', title: ' ' }, 'body.title'],
    [
      'a javascript: link',
      { typeKey: 'approve-saas-tool', title: 'x', links: [{ label: 'l', url: 'javascript:alert(1)' }] },
      'body.links.0.url',
    ],
    ['an unknown field', { typeKey: 'approve-saas-tool', title: 'x', colour: 'red' }, 'body'],
  ])('refuses %s (400 naming the field)', async (_name, body, path) => {
    const before = await decisionCount();
    const response = await clients.agent.post(`${base()}/decisions`, body);
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(response))).toContain(path);
    expect(await decisionCount()).toBe(before);
  });
});

describe("a decision's life", () => {
  it('takes comments while open, is decided once, and stays as decided', async () => {
    const { number } = (await propose(clients.engineer, 'approve-admin-account', 'Admin for Ed')).json()
      .decision;
    expect(
      (
        await clients.providerLead.post(`${base()}/decisions/${number}/comments`, {
          body: 'We will review daily.',
        })
      ).statusCode,
    ).toBe(201);
    const rejected = await clients.lead.post(`${base()}/decisions/${number}/reject`, {
      rationale: 'Use a narrower role.',
    });
    expect(rejected.json().decision).toMatchObject({ status: 'rejected', rationale: 'Use a narrower role.' });
    expect(
      (await clients.lead.post(`${base()}/decisions/${number}/approve`, { rationale: 'Changed my mind' }))
        .statusCode,
    ).toBe(409);
    expect(
      (await clients.agent.post(`${base()}/decisions/${number}/comments`, { body: 'late' })).statusCode,
    ).toBe(409);
    const detail = (await clients.agent.get(`${base()}/decisions/${number}`)).json();
    expect(detail.comments).toHaveLength(1);
    expect(detail.decision.decidedBy).toBeTruthy();
    expect(detail.abilities).toEqual({ decide: false, withdraw: false, comment: false });
  });

  it('is refused by the database itself once decided', async () => {
    const { number } = (await propose(clients.agent, 'approve-saas-tool', 'Miro')).json().decision;
    await clients.lead.post(`${base()}/decisions/${number}/approve`, { rationale: 'ok' });
    await expect(
      t.database.unsafeOwnerQuery(
        `update decisions set title = 'changed' where workspace_id = $1 and number = $2`,
        [ws.id, number],
      ),
    ).rejects.toThrow(/cannot change/);
  });

  it('lets exactly one of two racing deciders win', async () => {
    const { number } = (await propose(clients.agent, 'vendor-renewal', 'Renew AV')).json().decision;
    const results = await Promise.all([
      clients.lead.post(`${base()}/decisions/${number}/approve`, { rationale: 'yes' }),
      clients.lead.post(`${base()}/decisions/${number}/reject`, { rationale: 'no' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('lets the proposer withdraw, but not another engineer', async () => {
    const { number } = (await propose(clients.engineer, 'approve-saas-tool', 'Slack')).json().decision;
    expect(
      (await clients.agent.post(`${base()}/decisions/${number}/withdraw`, { rationale: 'x' })).statusCode,
    ).toBe(403);
    expect(
      (
        await clients.engineer.post(`${base()}/decisions/${number}/withdraw`, { rationale: 'Not needed' })
      ).json().decision.status,
    ).toBe('withdrawn');
  });
});

describe('delegation', () => {
  it('lets a named internal delegate decide a type, and lists it awaiting them', async () => {
    const type = (await types()).find((t) => t.key === 'approve-purchase')!;
    const changed = await clients.lead.patch(`${base()}/decision-types/${type.id}`, {
      version: type.version,
      decider: 'internal_delegate',
      delegateMembershipId: agentMembershipId,
      reason: 'Ian runs purchasing',
    });
    expect(changed.statusCode).toBe(200);
    const { number } = (await propose(clients.engineer, 'approve-purchase', 'Buy laptops')).json().decision;
    const awaiting = (await clients.agent.get(`${base()}/decisions?awaitingMe=true`)).json().items;
    expect(awaiting.map((d: { number: number }) => d.number)).toContain(number);
    expect(
      (await clients.providerLead.post(`${base()}/decisions/${number}/approve`, { rationale: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await clients.agent.post(`${base()}/decisions/${number}/approve`, { rationale: 'In budget' }))
        .statusCode,
    ).toBe(200);
  });

  it('moves a right to a provider only by the internal lead, with a reason, audited as such', async () => {
    const type = (await types()).find((t) => t.key === 'declare-major-incident')!;
    const body = {
      version: type.version,
      decider: 'provider_lead',
      delegatePartyId: ws.providerPartyId,
      reason: 'Out-of-hours cover',
    };
    expect((await clients.providerLead.patch(`${base()}/decision-types/${type.id}`, body)).statusCode).toBe(
      403,
    );
    expect(
      (await clients.lead.patch(`${base()}/decision-types/${type.id}`, { ...body, reason: '' })).statusCode,
    ).toBe(400);
    expect(
      (
        await clients.lead.patch(`${base()}/decision-types/${type.id}`, {
          ...body,
          delegatePartyId: ws.internalPartyId,
        })
      ).statusCode,
    ).toBe(400);
    expect((await clients.lead.patch(`${base()}/decision-types/${type.id}`, body)).statusCode).toBe(200);
    const [row] = await t.database.unsafeOwnerQuery<{ n: number }>(
      `select count(*)::int as n from audit_events where workspace_id = $1 and action = 'decision_type.delegated_to_provider'`,
      [ws.id],
    );
    expect(row!.n).toBe(1);
    const { number } = (await propose(clients.engineer, 'declare-major-incident', 'Email outage')).json()
      .decision;
    expect(
      (await clients.providerLead.post(`${base()}/decisions/${number}/approve`, { rationale: 'Declared' }))
        .statusCode,
    ).toBe(200);
  });
});

describe('the decision log', () => {
  it('filters by status and type, searches full text, pages newest first and exports CSV', async () => {
    await propose(clients.agent, 'approve-saas-tool', 'Adopt Figma for design');
    const search = (await clients.lead.get(`${base()}/decisions?q=figma`)).json().items;
    expect(search.map((d: { title: string }) => d.title)).toEqual(['Adopt Figma for design']);
    const approved = (await clients.lead.get(`${base()}/decisions?status=approved`)).json().items;
    expect(approved.every((d: { status: string }) => d.status === 'approved')).toBe(true);
    const first = (await clients.lead.get(`${base()}/decisions?limit=2`)).json();
    const second = (await clients.lead.get(`${base()}/decisions?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].number).toBeLessThan(first.items[1].number);
    const csv = await clients.lead.get(`${base()}/decisions/export.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    // The business's decision record: a download never kept by a browser's or proxy's cache.
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"/);
    expect(csv.headers['cache-control']).toBe('private, no-store');
    expect(csv.body).toContain('Adopt Figma for design');
  });

  it('is refused to requesters (403) and another workspace (404)', async () => {
    expect((await clients.requester.get(`${base()}/decisions`)).statusCode).toBe(403);
    expect((await clients.otherLead.get(`${base()}/decisions`)).statusCode).toBe(404);
  });
});
