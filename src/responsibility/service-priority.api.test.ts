import { describe, expect, it } from 'vitest';
import { TestClient as Client, errorOf, type TestClient } from '../test/client.ts';
import type { TestWorkspace } from '../test/factories.ts';
import { castForFile, testAppForFile } from '../test/file-setup.ts';

/** Issue #13: the workspace's service priorities are the business's; a provider proposes, the internal lead accepts. */
const t = testAppForFile();
const { ws, other, c } = castForFile(t);

type Service = { id: string; key: string; version: number; businessPriority: number | null };
const base = (w: TestWorkspace = ws) => `/api/v1/w/${w.slug}`;
const services = async (client: TestClient = c.lead) =>
  (await client.get(`${base()}/responsibility/map`)).json().services as Service[];
const count = async (sql: string, params: unknown[]) =>
  (await t.database.unsafeOwnerQuery<{ n: number }>(sql, params))[0]!.n;
const audits = (action: string) =>
  count('select count(*)::int as n from audit_events where workspace_id = $1 and action = $2', [
    ws.id,
    action,
  ]);

describe('service priorities', () => {
  it('start unset; the internal lead sets one (audited, versioned) and the map shows it', async () => {
    const [first] = await services();
    expect(first!.businessPriority).toBeNull();
    const set = await c.lead.put(`${base()}/services/${first!.id}/priority`, {
      version: first!.version,
      businessPriority: 1,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().service).toMatchObject({ businessPriority: 1, version: first!.version + 1 });
    expect((await services(c.providerLead)).find((s) => s.id === first!.id)!.businessPriority).toBe(1);
    expect(await audits('service.priority_changed')).toBe(1);
    const stale = await c.lead.put(`${base()}/services/${first!.id}/priority`, {
      version: first!.version,
      businessPriority: 2,
    });
    expect(stale.statusCode).toBe(409);
  });

  it('refuses a provider lead setting it directly (403 naming the internal lead), bad values (400), another workspace (404); nothing written', async () => {
    const [, second] = await services();
    const before = await audits('service.priority_changed');
    const refused = await c.providerLead.put(`${base()}/services/${second!.id}/priority`, {
      version: second!.version,
      businessPriority: 1,
    });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).message).toMatch(
      /Only the internal IT lead sets the workspace's service priorities/,
    );
    expect(errorOf(refused).message).toMatch(/a provider proposes/);
    for (const bad of [0, 5, 2.5, 'high']) {
      const r = await c.lead.put(`${base()}/services/${second!.id}/priority`, {
        version: second!.version,
        businessPriority: bad,
      });
      expect(r.statusCode, String(bad)).toBe(400);
      expect(JSON.stringify(errorOf(r).details)).toMatch(/businessPriority/);
    }
    const foreign = await c.otherLead.put(`${base(other)}/services/${second!.id}/priority`, {
      version: second!.version,
      businessPriority: 1,
    });
    expect(foreign.statusCode).toBe(404);
    expect((await new Client(t.app).put(`${base()}/services/${second!.id}/priority`, {})).statusCode).toBe(
      401,
    );
    expect((await services()).find((s) => s.id === second!.id)!.businessPriority).toBeNull();
    expect(await audits('service.priority_changed')).toBe(before);
  });

  it('a provider proposes priorities in a map proposal; they change only when the internal lead approves', async () => {
    const [, second, third] = await services();
    const proposed = await c.providerLead.post(`${base()}/responsibility/proposals`, {
      title: 'Payroll is critical in our view',
      priorityChanges: [
        { serviceId: second!.id, businessPriority: 1 },
        { serviceId: third!.id, businessPriority: 3 },
      ],
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const number = proposed.json().proposal.number;
    expect(proposed.json().proposal.priorityChanges).toHaveLength(2);
    expect((await services()).find((s) => s.id === second!.id)!.businessPriority).toBeNull();
    const selfApprove = await c.providerLead.post(`${base()}/responsibility/proposals/${number}/approve`, {});
    expect(selfApprove.statusCode).toBe(403);
    const approved = await c.lead.post(`${base()}/responsibility/proposals/${number}/approve`, {
      note: 'Agreed',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const after = await services();
    expect(after.find((s) => s.id === second!.id)!.businessPriority).toBe(1);
    expect(after.find((s) => s.id === third!.id)!.businessPriority).toBe(3);
    const list = (await c.lead.get(`${base()}/responsibility/proposals`)).json().items;
    expect(list.find((p: { number: number }) => p.number === number).changeCount).toBe(2);
  });

  it("refuses a proposal naming another workspace's service or one service twice (400), writing nothing", async () => {
    const [theirs] = (await c.otherLead.get(`${base(other)}/responsibility/map`)).json()
      .services as Service[];
    const [mine] = await services();
    const before = await count('select count(*)::int as n from map_proposals where workspace_id = $1', [
      ws.id,
    ]);
    for (const [priorityChanges, path] of [
      [[{ serviceId: theirs!.id, businessPriority: 1 }], 'priorityChanges.0.serviceId'],
      [
        [
          { serviceId: mine!.id, businessPriority: 1 },
          { serviceId: mine!.id, businessPriority: 2 },
        ],
        'priorityChanges.1.serviceId',
      ],
      [[{ serviceId: mine!.id, businessPriority: 9 }], 'priorityChanges.0.businessPriority'],
    ] as const) {
      const r = await c.providerLead.post(`${base()}/responsibility/proposals`, {
        title: 'x',
        priorityChanges,
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(JSON.stringify(errorOf(r).details)).toContain(path);
    }
    expect(await count('select count(*)::int as n from map_proposals where workspace_id = $1', [ws.id])).toBe(
      before,
    );
  });
});
