import { describe, expect, it } from 'vitest';
import { rowCounts } from '../test/cast.ts';
import { TestClient as Client, errorOf, type TestClient } from '../test/client.ts';
import { castForFile, testAppForFile } from '../test/file-setup.ts';

const t = testAppForFile();
const { ws, other, c } = castForFile(t);

const base = () => `/api/v1/w/${ws.slug}`;
const { count, audits } = rowCounts(() => ({ database: t.database, ws }));
/** Backlog items of Acme, or of another workspace (which Acme's requests must leave alone). */
const items = (workspace = ws) => count('backlog_items', 'workspace_id = $1', [workspace.id]);
const item = (over: Record<string, unknown> = {}) => ({
  title: 'Identity clean-up',
  why: 'Stale accounts in the directory',
  ownerPartyId: ws.internalPartyId,
  priority: 'high',
  targetQuarter: '2027-Q1',
  ...over,
});

describe('the improvement backlog', () => {
  it('refuses without a session (401) on every route', async () => {
    const anon = new Client(t.app);
    expect((await anon.get(`${base()}/backlog`)).statusCode).toBe(401);
    expect((await anon.post(`${base()}/backlog`, item())).statusCode).toBe(401);
    expect((await anon.get(`${base()}/backlog/IMP-1`)).statusCode).toBe(401);
    expect((await anon.patch(`${base()}/backlog/IMP-1`, { version: 1, title: 'x' })).statusCode).toBe(401);
    expect((await anon.post(`${base()}/backlog/IMP-1/move`, { version: 1, status: 'done' })).statusCode).toBe(
      401,
    );
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '' }, 'title'],
      [{ priority: 'urgent' }, 'priority'],
      [{ targetQuarter: '2027-Q5' }, 'targetQuarter'],
      [{ targetQuarter: 'next year' }, 'targetQuarter'],
      [{ ownerPartyId: 'nope' }, 'ownerPartyId'],
      [{ ownerPartyId: other.internalPartyId }, 'ownerPartyId'],
      [{ source: 'rumour' }, 'source'],
      [{ source: 'post_incident_review' }, 'sourceIncident'],
      [{ source: 'post_incident_review', sourceIncident: 'MI-77' }, 'sourceIncident'],
      [{ colour: 'red' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await c.lead.post(`${base()}/backlog`, item(body));
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      if (field) expect(JSON.stringify(errorOf(res)), JSON.stringify(body)).toContain(field);
    }
    expect(await items()).toBe(0);
  });

  it('refuses viewers and requesters (403) and another workspace (404), writing nothing', async () => {
    for (const who of ['viewer', 'requester'] as const) {
      const res = await c[who].post(`${base()}/backlog`, item());
      expect(res.statusCode, who).toBe(403);
      expect(errorOf(res).code).toBe('BACKLOG_RIGHT_REQUIRED');
    }
    expect((await c.requester.get(`${base()}/backlog`)).statusCode).toBe(403);
    expect((await c.otherLead.post(`${base()}/backlog`, item())).statusCode).toBe(404);
    expect((await c.otherLead.get(`${base()}/backlog`)).statusCode).toBe(404);
    expect(await items()).toBe(0);
    expect(await items(other)).toBe(0);
  });

  it('lets staff of either party propose, with a source and a link to it', async () => {
    const proposed = await c.engineer.post(
      `${base()}/backlog`,
      item({
        title: 'Endpoint baseline',
        ownerPartyId: ws.providerPartyId,
        source: 'proposal',
        targetQuarter: null,
      }),
    );
    expect(proposed.statusCode, proposed.body).toBe(201);
    const body = proposed.json().item;
    expect(body).toMatchObject({
      key: 'IMP-1',
      status: 'proposed',
      priority: 'high',
      owner: { partyId: ws.providerPartyId, kind: 'provider' },
      source: { kind: 'proposal' },
      abilities: { update: true },
    });
    const fromProblem = await c.agent.post(
      `${base()}/backlog`,
      item({ source: 'problem', sourceLabel: 'PRB-4 printers drop off the network' }),
    );
    expect(fromProblem.statusCode).toBe(201);
    expect(fromProblem.json().item.source.label).toBe('PRB-4 printers drop off the network');
    expect(await audits('backlog_item.created')).toBe(2);
    const list = await c.viewer.get(`${base()}/backlog`);
    expect(list.json().items.map((i: { key: string }) => i.key)).toEqual(['IMP-1', 'IMP-2']);
    expect(list.json().items[0].abilities.update).toBe(false);
    expect((await c.viewer.get(`${base()}/backlog?source=problem`)).json().items).toHaveLength(1);
    expect((await c.viewer.get(`${base()}/backlog?status=done`)).json().items).toHaveLength(0);
    expect((await c.viewer.get(`${base()}/backlog?status=later`)).statusCode).toBe(400);
    expect((await c.viewer.get(`${base()}/backlog/IMP-2`)).json().item.title).toBe('Identity clean-up');
    expect((await c.viewer.get(`${base()}/backlog/IMP-99`)).statusCode).toBe(404);
    expect((await c.viewer.get(`${base()}/backlog/abc`)).statusCode).toBe(400);
    expect((await c.otherLead.get(`/api/v1/w/${ws.slug}/backlog/IMP-1`)).statusCode).toBe(404);
  });

  it('edits an item: leads of either party or the owner party; stale versions and bad fields refused', async () => {
    const url = `${base()}/backlog/IMP-2`; // owned by the internal party
    expect((await c.engineer.patch(url, { version: 1, priority: 'low' })).statusCode).toBe(403);
    expect((await c.viewer.patch(url, { version: 1, priority: 'low' })).statusCode).toBe(403);
    expect((await c.otherLead.patch(url, { version: 1, priority: 'low' })).statusCode).toBe(404);
    expect((await c.agent.patch(url, { version: 1 })).statusCode).toBe(400);
    const badQ = await c.agent.patch(url, { version: 1, targetQuarter: '2027-Q0' });
    expect(badQ.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(badQ))).toContain('targetQuarter');
    const badParty = await c.agent.patch(url, { version: 1, ownerPartyId: other.providerPartyId });
    expect(JSON.stringify(errorOf(badParty))).toContain('ownerPartyId');
    const edited = await c.providerLead.patch(url, { version: 1, targetQuarter: '2027-Q2' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().item).toMatchObject({ priority: 'high', targetQuarter: '2027-Q2', version: 2 });
    expect((await c.agent.patch(url, { version: 1, priority: 'high' })).statusCode).toBe(409);
    expect(await audits('backlog_item.changed')).toBe(1);
  });

  it('moves items between board columns and within one, keeping the order', async () => {
    const move = (client: TestClient, key: string, body: Record<string, unknown>) =>
      client.post(`${base()}/backlog/${key}/move`, body);
    expect((await move(c.lead, 'IMP-1', { version: 1, status: 'someday' })).statusCode).toBe(400);
    expect((await move(c.lead, 'IMP-1', { version: 1, status: 'planned', position: -1 })).statusCode).toBe(
      400,
    );
    expect((await move(c.agent, 'IMP-1', { version: 1, status: 'planned' })).statusCode).toBe(403);
    expect((await move(c.otherLead, 'IMP-1', { version: 1, status: 'planned' })).statusCode).toBe(404);
    expect((await move(c.lead, 'IMP-1', { version: 7, status: 'planned' })).statusCode).toBe(409);
    const planned = await move(c.engineer, 'IMP-1', { version: 1, status: 'planned' });
    expect(planned.statusCode, planned.body).toBe(200);
    expect(planned.json().item.status).toBe('planned');
    await move(c.lead, 'IMP-2', { version: 2, status: 'planned', position: 0 });
    const column = (await c.viewer.get(`${base()}/backlog?status=planned`)).json().items;
    expect(column.map((i: { key: string }) => i.key)).toEqual(['IMP-2', 'IMP-1']);
    const third = (await c.lead.post(`${base()}/backlog`, item({ title: 'Automation' }))).json().item;
    await move(c.lead, third.key, { version: 1, status: 'planned', position: 1 });
    const after = (await c.viewer.get(`${base()}/backlog?status=planned`)).json().items;
    expect(after.map((i: { key: string }) => i.key)).toEqual(['IMP-2', third.key, 'IMP-1']);
    for (const status of ['in_progress', 'done', 'dropped']) {
      const current = (await c.viewer.get(`${base()}/backlog/IMP-1`)).json().item;
      expect((await move(c.lead, 'IMP-1', { version: current.version, status })).statusCode).toBe(200);
    }
    expect((await c.viewer.get(`${base()}/backlog/IMP-1`)).json().item.status).toBe('dropped');
    expect(await audits('backlog_item.moved')).toBe(6);
  });
});

describe('business priorities stay internal (issue #13 defect)', () => {
  it("refuses a provider's direct change of an internal-owned item's priority or order (403), writing nothing", async () => {
    const created = await c.lead.post(
      `${base()}/backlog`,
      item({ title: 'Priorities are ours', priority: 'medium' }),
    );
    expect(created.statusCode).toBe(201);
    const { key, version } = created.json().item;
    const url = `${base()}/backlog/${key}`;
    for (const who of ['providerLead', 'engineer'] as const) {
      const res = await c[who].patch(url, { version, priority: 'high' });
      expect(res.statusCode, who).toBe(403);
      if (who === 'providerLead') {
        expect(errorOf(res).code).toBe('BACKLOG_PRIORITY_INTERNAL');
        expect(errorOf(res).message).toContain('internal party');
      }
      const reorder = await c[who].post(`${url}/move`, { version, status: 'proposed', position: 0 });
      expect(reorder.statusCode, who).toBe(403);
    }
    const after = (await c.viewer.get(url)).json().item;
    expect(after).toMatchObject({ priority: 'medium', version });
    expect(after.abilities.prioritise).toBe(false);
    const lead = (await c.lead.get(url)).json().item;
    expect(lead.abilities.prioritise).toBe(true);
    expect((await c.providerLead.get(url)).json().item.abilities.prioritise).toBe(false);
    // The internal party still sets them.
    expect((await c.lead.patch(url, { version, priority: 'high' })).statusCode).toBe(200);
  });
});
