import { beforeAll, describe, expect, it } from 'vitest';
import { rowCounts, type Who } from '../test/cast.ts';
import { TestClient as Client, errorOf, type TestClient } from '../test/client.ts';
import type { TestWorkspace } from '../test/factories.ts';
import { castForFile, testAppForFile } from '../test/file-setup.ts';

/** Issue #12: risks raised from an access-review finding, and change records as treatment actions. */
const t = testAppForFile();
const { ws, other, c, ids } = castForFile(t);
let riskKey: string;

const base = (w: TestWorkspace = ws) => `/api/v1/w/${w.slug}`;
const { count, audits } = rowCounts(() => ({ database: t.database, ws }));
const riskBody = (over: Record<string, unknown> = {}) => ({
  title: 'Shared admin account on the ERP',
  csfCategory: 'PR.AA',
  inherentLikelihood: 4,
  inherentImpact: 4,
  residualLikelihood: 2,
  residualImpact: 3,
  ownerMembershipId: ids.agent,
  ...over,
});
const newChange = async (w: TestWorkspace, client: TestClient, title: string) => {
  const r = await client.post(`${base(w)}/changes`, { type: 'normal', title });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().change.key as string;
};

async function makeSystem(w: TestWorkspace, name: string) {
  const [row] = await t.database.unsafeOwnerQuery<{ id: string }>(
    `insert into systems (workspace_id, name, kind, criticality, owner_party_id)
     values ($1, $2, 'application', 'high', $3) returning id`,
    [w.id, name, w.internalPartyId],
  );
  return row!.id;
}

beforeAll(async () => {
  const created = await c.lead.post(`${base()}/risks`, riskBody({ title: 'Backups not tested' }));
  expect(created.statusCode, created.body).toBe(201);
  riskKey = created.json().risk.key;
});

describe('a risk raised from an access-review finding', () => {
  it('keeps the link to the review (AR-n) with its title and web path', async () => {
    const erp = await makeSystem(ws, 'ERP');
    const account = await c.lead.post(`${base()}/access/accounts`, {
      systemId: erp,
      accountName: 'admin',
      membershipId: null,
      tier: 'admin',
      mfa: 'no',
    });
    expect(account.statusCode, account.body).toBe(201);
    const review = await c.lead.post(`${base()}/access/reviews`, {
      title: 'Quarterly ERP review',
      systemIds: [erp],
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(review.statusCode, review.body).toBe(201);
    const key = review.json().review.key as string;
    expect(key).toMatch(/^AR-\d+$/);
    const raised = await c.engineer.post(
      `${base()}/risks`,
      riskBody({ title: 'admin on ERP: shared account without MFA', source: { kind: 'access_review', key } }),
    );
    expect(raised.statusCode, raised.body).toBe(201);
    expect(raised.json().risk.source).toEqual({
      kind: 'access_review',
      key,
      title: 'Quarterly ERP review',
      path: `/w/${ws.slug}/access/reviews/${key}`,
    });
    const list = (await c.viewer.get(`${base()}/risks`)).json();
    expect(list.items.find((r: { key: string }) => r.key === raised.json().risk.key).source.key).toBe(key);
  });

  it("refuses an unknown review, a wrong prefix and another workspace's review (400 naming the key), writing nothing", async () => {
    const otherSystem = await makeSystem(other, 'Other ERP');
    await c.otherLead.post(`${base(other)}/access/accounts`, {
      systemId: otherSystem,
      accountName: 'root',
      membershipId: null,
      tier: 'admin',
      mfa: 'yes',
    });
    const foreign = await c.otherLead.post(`${base(other)}/access/reviews`, {
      title: 'Theirs',
      systemIds: [otherSystem],
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(foreign.statusCode, foreign.body).toBe(201);
    const before = [await count('risks'), await count('audit_events')];
    for (const [key, message] of [
      ['AR-999', /No access review AR-999/],
      ['PRB-1', /access review, such as AR-3/],
      // The other workspace's AR-1 is not this workspace's: this one has a single review, AR-1, so ask for AR-2.
      [`AR-${foreign.json().review.number + 1}`, /No access review/],
    ] as const) {
      const r = await c.lead.post(`${base()}/risks`, riskBody({ source: { kind: 'access_review', key } }));
      expect(r.statusCode, r.body).toBe(400);
      const error = errorOf(r);
      expect(`${error.message} ${JSON.stringify(error.details)}`).toMatch(message);
    }
    expect([await count('risks'), await count('audit_events')]).toEqual(before);
  });
});

describe('changes as treatment actions of a risk', () => {
  it('links a change; the risk shows its status and the change says which risk it treats; audited', async () => {
    const change = await newChange(ws, c.lead, 'Enforce MFA on ERP admin accounts');
    const before = await audits('risk.change_linked');
    const linked = await c.agent.post(`${base()}/risks/${riskKey}/changes`, { change });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().risk.changes).toEqual([
      {
        id: expect.any(String),
        key: change,
        title: 'Enforce MFA on ERP admin accounts',
        status: 'draft',
        path: `/w/${ws.slug}/changes/${change}`,
      },
    ]);
    expect(await audits('risk.change_linked')).toBe(before + 1);
    const onChange = (await c.engineer.get(`${base()}/changes/${change}`)).json().change;
    expect(onChange.treatsRisks).toEqual([
      {
        id: expect.any(String),
        key: riskKey,
        title: 'Backups not tested',
        status: 'open',
        path: `/w/${ws.slug}/risks/${riskKey}`,
      },
    ]);
    const twice = await c.agent.post(`${base()}/risks/${riskKey}/changes`, { change });
    expect(twice.statusCode).toBe(409);
  });

  it('unlinks a change (204, audited); unlinking one that is not linked is 404', async () => {
    const change = await newChange(ws, c.lead, 'Rotate the backup keys');
    expect((await c.lead.post(`${base()}/risks/${riskKey}/changes`, { change })).statusCode).toBe(201);
    const gone = await c.lead.delete(`${base()}/risks/${riskKey}/changes/${change}`);
    expect(gone.statusCode, gone.body).toBe(204);
    expect(await audits('risk.change_unlinked')).toBe(1);
    const risk = (await c.lead.get(`${base()}/risks/${riskKey}`)).json().risk;
    expect(risk.changes.map((x: { key: string }) => x.key)).not.toContain(change);
    const again = await c.lead.delete(`${base()}/risks/${riskKey}/changes/${change}`);
    expect(again.statusCode).toBe(404);
    expect(errorOf(again).message).toMatch(new RegExp(`${change} is not a treatment action`));
  });

  it('answers 404 naming a change that does not exist, and for a change key of another workspace; nothing written', async () => {
    // The other workspace numbers its changes past ours: its newest key names no change of ours.
    const ours = await count('changes');
    let theirs = '';
    for (let i = 0; i <= ours; i++) theirs = await newChange(other, c.otherLead, `Their change ${i}`);
    const before = [await count('risk_changes'), await count('audit_events')];
    const missing = await c.lead.post(`${base()}/risks/${riskKey}/changes`, { change: 'CHG-9999' });
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).message).toMatch(/No change CHG-9999/);
    const foreign = await c.lead.post(`${base()}/risks/${riskKey}/changes`, { change: theirs });
    expect(foreign.statusCode, foreign.body).toBe(404);
    expect(errorOf(foreign).message).toMatch(new RegExp(`No change ${theirs}`));
    const viaOtherWorkspace = await c.otherLead.post(`${base()}/risks/${riskKey}/changes`, {
      change: theirs,
    });
    expect(viaOtherWorkspace.statusCode).toBe(404);
    const badKey = await c.lead.post(`${base()}/risks/${riskKey}/changes`, { change: 'PRB-3' });
    expect(badKey.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(badKey).details)).toMatch(/change key such as CHG-3/);
    expect([await count('risk_changes'), await count('audit_events')]).toEqual(before);
  });

  it('lets only staff who may edit the risk link or unlink (refusal matrix)', async () => {
    const change = await newChange(ws, c.lead, 'Matrix change');
    const matrix: Array<[Who, number]> = [
      ['engineer', 403],
      ['providerLead', 403],
      ['viewer', 403],
      ['requester', 403],
      ['otherLead', 404],
      ['agent', 201],
    ];
    for (const [who, status] of matrix) {
      const r = await c[who].post(`${base()}/risks/${riskKey}/changes`, { change });
      expect(r.statusCode, `${who}: ${r.body}`).toBe(status);
      if (status === 403) expect(errorOf(r).message).toMatch(/internal party/);
    }
    for (const [who, status] of matrix.filter(([w]) => w !== 'agent')) {
      const r = await c[who].delete(`${base()}/risks/${riskKey}/changes/${change}`);
      expect(r.statusCode, `${who}: ${r.body}`).toBe(status);
    }
    expect((await new Client(t.app).post(`${base()}/risks/${riskKey}/changes`, { change })).statusCode).toBe(
      401,
    );
    expect((await c.agent.delete(`${base()}/risks/${riskKey}/changes/${change}`)).statusCode).toBe(204);
  });
});
