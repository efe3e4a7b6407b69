import { describe, expect, it } from 'vitest';
import { errorOf, type TestClient } from '../test/client.ts';
import { castForFile, signInNewMember, testAppForFile } from '../test/file-setup.ts';

const t = testAppForFile();
const { ws, other, c } = castForFile(t);

type MapBody = {
  version: { number: number };
  services: Array<{ id: string; key: string; name: string; status: string; version: number }>;
  parties: Array<{ id: string; kind: string }>;
  assignments: Array<{ serviceId: string; partyId: string; role: string; membershipId: string | null }>;
  gaps: Array<{ serviceId: string; rule: string; message: string }>;
};

const base = () => `/api/v1/w/${ws.slug}/responsibility`;
const getMap = async (client: TestClient = c.lead) => (await client.get(`${base()}/map`)).json() as MapBody;
const serviceId = async (key: string) => (await getMap()).services.find((s) => s.key === key)!.id;
const countAudit = async (action: string) =>
  (
    await t.database.unsafeOwnerQuery<{ n: number }>(
      'select count(*)::int as n from audit_events where workspace_id = $1 and action = $2',
      [ws.id, action],
    )
  )[0]!.n;

describe('the starting map', () => {
  it('holds the 21 default services with the internal party Accountable for each (version 1)', async () => {
    const map = await getMap();
    expect(map.version.number).toBe(1);
    expect(map.services).toHaveLength(21);
    const accountable = map.assignments.filter((a) => a.role === 'A');
    expect(accountable).toHaveLength(21);
    expect(accountable.every((a) => a.partyId === ws.internalPartyId)).toBe(true);
  });

  it('reports services without a Responsible party as gaps, naming the rule', async () => {
    const map = await getMap();
    const backups = map.services.find((s) => s.key === 'backup-recovery')!;
    expect(map.gaps).toContainEqual(
      expect.objectContaining({ serviceId: backups.id, rule: 'NO_RESPONSIBLE' }),
    );
  });

  it('is readable by provider staff, refused to requesters (403) and another workspace (404)', async () => {
    expect((await c.engineer.get(`${base()}/map`)).statusCode).toBe(200);
    const refused = await c.requester.get(`${base()}/map`);
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).code).toBe('RESPONSIBILITY_RIGHT_REQUIRED');
    expect((await c.otherLead.get(`${base()}/map`)).statusCode).toBe(404);
  });
});

describe('proposals and approval', () => {
  it('lets a provider engineer propose and only the internal lead approve; the map changes only on approval', async () => {
    const backups = await serviceId('backup-recovery');
    const created = await c.engineer.post(`${base()}/proposals`, {
      title: 'Northwind runs backups',
      changes: [{ op: 'add', serviceId: backups, partyId: ws.providerPartyId, role: 'R' }],
    });
    expect(created.statusCode).toBe(201);
    const { number } = created.json().proposal;
    expect((await getMap()).version.number).toBe(1);

    for (const client of [c.engineer, c.providerLead, c.agent]) {
      const refused = await client.post(`${base()}/proposals/${number}/approve`, {});
      expect(refused.statusCode).toBe(403);
      expect(errorOf(refused).message).toContain('internal IT lead');
    }
    expect((await getMap()).version.number).toBe(1);

    const auditBefore = await countAudit('map_proposal.approved');
    const approved = await c.lead.post(`${base()}/proposals/${number}/approve`, { note: 'Per contract' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().version.number).toBe(2);
    const map = await getMap();
    expect(map.version.number).toBe(2);
    expect(map.assignments).toContainEqual(
      expect.objectContaining({ serviceId: backups, partyId: ws.providerPartyId, role: 'R' }),
    );
    expect(map.gaps.some((g) => g.serviceId === backups && g.rule === 'NO_RESPONSIBLE')).toBe(false);
    expect(await countAudit('map_proposal.approved')).toBe(auditBefore + 1);
    expect(await countAudit('responsibility_map.version_created')).toBeGreaterThanOrEqual(2);

    const again = await c.lead.post(`${base()}/proposals/${number}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('ALREADY_DECIDED');
  });

  it('lets exactly one of two simultaneous approvals win', async () => {
    const network = await serviceId('network');
    const created = await c.agent.post(`${base()}/proposals`, {
      title: 'Northwind runs the network',
      changes: [{ op: 'add', serviceId: network, partyId: ws.providerPartyId, role: 'R' }],
    });
    const { number } = created.json().proposal;
    const secondLead = await signInNewMember(t, ws, { party: 'internal', role: 'lead' });
    const before = (await getMap()).version.number;
    const results = await Promise.all([
      c.lead.post(`${base()}/proposals/${number}/approve`, {}),
      secondLead.post(`${base()}/proposals/${number}/approve`, {}),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await getMap()).version.number).toBe(before + 1);
  });

  it('refuses a second Accountable (400 INVALID_MAP) and writes nothing', async () => {
    const identity = await serviceId('identity-access');
    const proposalsBefore = (await c.lead.get(`${base()}/proposals`)).json().items.length;
    const response = await c.providerLead.post(`${base()}/proposals`, {
      title: 'Two owners',
      changes: [{ op: 'add', serviceId: identity, partyId: ws.providerPartyId, role: 'A' }],
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('INVALID_MAP');
    expect(errorOf(response).message).toContain('Accountable');
    expect((await c.lead.get(`${base()}/proposals`)).json().items.length).toBe(proposalsBefore);
  });

  it.each([
    [
      'an unknown service',
      () => ({
        op: 'add',
        serviceId: '00000000-0000-4000-8000-000000000000',
        partyId: ws.providerPartyId,
        role: 'R',
      }),
      400,
    ],
    [
      'a party of another workspace',
      async () => ({
        op: 'add',
        serviceId: await serviceId('telephony'),
        partyId: other.providerPartyId,
        role: 'R',
      }),
      400,
    ],
    [
      'an unknown role',
      async () => ({
        op: 'add',
        serviceId: await serviceId('telephony'),
        partyId: ws.providerPartyId,
        role: 'X',
      }),
      400,
    ],
    [
      'removing an assignment that does not exist',
      async () => ({
        op: 'remove',
        serviceId: await serviceId('telephony'),
        partyId: ws.providerPartyId,
        role: 'I',
      }),
      409,
    ],
  ])('refuses %s', async (_name, change, status) => {
    const response = await c.agent.post(`${base()}/proposals`, { title: 'Bad', changes: [await change()] });
    expect(response.statusCode).toBe(status);
  });

  it('marks an open proposal superseded once another making the same change is approved', async () => {
    const service = await serviceId('security-awareness');
    const change = { op: 'add', serviceId: service, partyId: ws.providerPartyId, role: 'C' };
    const one = (await c.agent.post(`${base()}/proposals`, { title: 'Consult A', changes: [change] })).json();
    const two = (await c.agent.post(`${base()}/proposals`, { title: 'Consult B', changes: [change] })).json();
    const before = (await c.lead.get(`${base()}/proposals/${two.proposal.number}`)).json();
    expect(before.superseded).toBeNull();
    expect(before.abilities.approve).toBe(true);
    const approved = await c.lead.post(`${base()}/proposals/${one.proposal.number}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    const after = (await c.lead.get(`${base()}/proposals/${two.proposal.number}`)).json();
    expect(after.proposal.status).toBe('proposed');
    expect(after.superseded.reason).toBeTruthy();
    // In people's words: no internal ids.
    expect(after.superseded.reason).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
    expect(after.abilities.approve).toBe(false);
    expect(after.abilities.reject).toBe(true);
  });

  it('refuses the same assignment twice in one proposal', async () => {
    const telephony = await serviceId('telephony');
    const change = { op: 'add', serviceId: telephony, partyId: ws.providerPartyId, role: 'R' };
    const response = await c.agent.post(`${base()}/proposals`, { title: 'Twice', changes: [change, change] });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('CONFLICTING_ASSIGNMENT');
  });

  it('refuses requesters and viewers proposing (403)', async () => {
    const viewer = await signInNewMember(t, ws, { party: 'internal', role: 'viewer' });
    const body = {
      title: 'x',
      changes: [
        { op: 'add', serviceId: await serviceId('telephony'), partyId: ws.providerPartyId, role: 'R' },
      ],
    };
    expect((await c.requester.post(`${base()}/proposals`, body)).statusCode).toBe(403);
    expect((await viewer.post(`${base()}/proposals`, body)).statusCode).toBe(403);
  });

  it('builds a proposal from the shipped suggestions for a provider', async () => {
    const response = await c.providerLead.post(`${base()}/proposals`, {
      title: 'Suggested lanes',
      fromSuggestionsForPartyId: ws.providerPartyId,
    });
    expect(response.statusCode).toBe(201);
    const detail = (await c.lead.get(`${base()}/proposals/${response.json().proposal.number}`)).json();
    expect(detail.changes.length).toBeGreaterThan(10);
    expect(detail.changes.every((c: { op: string; role: string }) => c.op === 'add' && c.role !== 'A')).toBe(
      true,
    );
    expect(detail.abilities).toEqual({ approve: true, reject: true, withdraw: true });
  });

  it("rejects with a note, and lets the proposer withdraw their own (not someone else's)", async () => {
    const telephony = await serviceId('telephony');
    const body = {
      title: 'Phones',
      changes: [{ op: 'add', serviceId: telephony, partyId: ws.providerPartyId, role: 'C' }],
    };
    const first = (await c.engineer.post(`${base()}/proposals`, body)).json().proposal.number;
    const noNote = await c.lead.post(`${base()}/proposals/${first}/reject`, {});
    expect(noNote.statusCode).toBe(400);
    expect(
      (await c.lead.post(`${base()}/proposals/${first}/reject`, { note: 'Not in contract' })).json().proposal
        .status,
    ).toBe('rejected');
    const second = (await c.engineer.post(`${base()}/proposals`, body)).json().proposal.number;
    expect((await c.agent.post(`${base()}/proposals/${second}/withdraw`, {})).statusCode).toBe(403);
    expect((await c.engineer.post(`${base()}/proposals/${second}/withdraw`, {})).json().proposal.status).toBe(
      'withdrawn',
    );
  });
});

describe('versions, diffs and export', () => {
  it('lists versions and shows what changed between two', async () => {
    const versions = (await c.lead.get(`${base()}/versions`)).json().items;
    expect(versions[0].number).toBeGreaterThanOrEqual(2);
    const diff = (await c.lead.get(`${base()}/versions/diff?from=1&to=2`)).json();
    expect(diff.added).toContainEqual(expect.objectContaining({ partyId: ws.providerPartyId, role: 'R' }));
    expect(diff.removed).toEqual([]);
    expect((await c.lead.get(`${base()}/versions/diff?from=1&to=999`)).statusCode).toBe(404);
  });

  it('exports the current map as CSV, Markdown and HTML', async () => {
    const csv = await c.lead.get(`${base()}/map/export/csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toContain('Service');
    expect(csv.body).toContain('Backup and recovery');
    const md = await c.lead.get(`${base()}/map/export/md`);
    expect(md.body).toContain('# Division of responsibilities: Acme');
    const html = await c.lead.get(`${base()}/map/export/html`);
    expect(html.body).toContain('<table>');
    expect((await c.lead.get(`${base()}/map/export/pdf`)).statusCode).toBe(400);
  });
});

describe('services', () => {
  it('lets the internal lead add, rename and retire a service; a retired service leaves the gap report', async () => {
    const created = await c.lead.post(`/api/v1/w/${ws.slug}/services`, {
      name: 'Shop-floor tablets',
      description: 'Rugged tablets',
    });
    expect(created.statusCode).toBe(201);
    const service = created.json().service;
    expect((await getMap()).gaps.some((g) => g.serviceId === service.id && g.rule === 'NO_ACCOUNTABLE')).toBe(
      true,
    );
    const renamed = await c.lead.patch(`/api/v1/w/${ws.slug}/services/${service.id}`, {
      version: service.version,
      name: 'Tablets',
    });
    expect(renamed.json().service.name).toBe('Tablets');
    const stale = await c.lead.patch(`/api/v1/w/${ws.slug}/services/${service.id}`, {
      version: service.version,
      name: 'Again',
    });
    expect(stale.statusCode).toBe(409);
    expect(
      (await c.lead.post(`/api/v1/w/${ws.slug}/services/${service.id}/retire`)).json().service.status,
    ).toBe('retired');
    expect((await getMap()).gaps.some((g) => g.serviceId === service.id)).toBe(false);
  });

  it('refuses a duplicate name (409) and non-leads (403)', async () => {
    expect(
      (await c.lead.post(`/api/v1/w/${ws.slug}/services`, { name: 'network and CONNECTIVITY' })).statusCode,
    ).toBe(409);
    expect(
      (await c.providerLead.post(`/api/v1/w/${ws.slug}/services`, { name: 'Printers' })).statusCode,
    ).toBe(403);
    expect((await c.agent.post(`/api/v1/w/${ws.slug}/services`, { name: 'Printers' })).statusCode).toBe(403);
  });
});
