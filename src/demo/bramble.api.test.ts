import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../test/client.ts';
import { demoAppForFile, signInDemo } from '../test/file-setup.ts';

// Issue #17, rough edge 14: Bramble Foods had no tickets, no SLA policies and 12 map gaps, so
// Northwind's cross-client queue showed nothing from it.
const t = demoAppForFile();
let ben: TestClient;
let nora: TestClient;
const url = (path: string) => `/api/v1/w/bramble${path}`;
type Row = {
  key: string;
  status: string;
  lane: { kind: 'party'; partyId: string } | { kind: 'joint' };
  sla: { state: string; dueAt: string | null; breached: boolean } | null;
};

beforeAll(async () => {
  ben = await signInDemo(t, 'ben@bramble.example');
  nora = await signInDemo(t, 'nora@northwind.example');
});

describe('demo: Bramble Foods has a living desk', () => {
  it('has tickets in every lane, with conversations, some breached and some at risk', async () => {
    const all = (await ben.get(url('/tickets?limit=200'))).json().items as Row[];
    expect(all.length).toBeGreaterThanOrEqual(100);
    const open = (await ben.get(url('/tickets?open=true&limit=200'))).json();
    const rows = open.items as Row[];
    const lanes = new Set(rows.map((r) => (r.lane.kind === 'joint' ? 'joint' : r.lane.partyId)));
    expect(lanes.has('joint')).toBe(true);
    expect(lanes.size).toBeGreaterThanOrEqual(3); // Bramble IT, Northwind and joint triage
    const serverTime = new Date(open.serverTime).getTime();
    expect(rows.some((r) => r.sla?.breached)).toBe(true);
    const atRisk = rows.filter(
      (r) =>
        r.sla?.state === 'running' &&
        !r.sla.breached &&
        r.sla.dueAt !== null &&
        new Date(r.sla.dueAt).getTime() - serverTime < 3_600_000,
    );
    expect(atRisk.length).toBeGreaterThan(0);
    const worked = all.find((r) => r.status === 'in_progress')!;
    const { comments } = (await ben.get(url(`/tickets/${worked.key}`))).json();
    expect(comments.length).toBeGreaterThan(0);
  });

  it('has SLA policies per priority, like Acme’s, and a map with at most two gaps', async () => {
    const policies = (await ben.get(url('/sla/policies'))).json().items as { priority: string }[];
    expect(policies.map((p) => p.priority)).toEqual(['P1', 'P2', 'P3', 'P4']);
    const calendars = (await ben.get(url('/sla/calendars'))).json().items as { name: string }[];
    expect(calendars.map((c) => c.name).sort()).toEqual(['Bramble business hours', 'Northwind 24x7 cover']);
    const map = (await ben.get(url('/responsibility/map'))).json();
    const gaps = (map.gaps as { severity: string }[]).filter((g) => g.severity === 'gap');
    expect(gaps.length).toBeLessThanOrEqual(2);
  });

  it("puts Bramble's lane and joint-triage tickets in Northwind's cross-workspace queue", async () => {
    const joint = (await ben.get(url('/tickets?queue=joint&open=true&limit=200'))).json().items as Row[];
    expect(joint.length).toBeGreaterThan(0);
    // As the page asks for it (web/src/tickets/desk-api.ts: 100 rows).
    const queue = (await nora.get('/api/v1/queue?limit=100')).json().items as (Row & {
      workspace: { slug: string };
    })[];
    const bramble = queue.filter((r) => r.workspace.slug === 'bramble');
    expect(bramble.some((r) => r.lane.kind === 'party')).toBe(true);
    expect(bramble.some((r) => r.lane.kind === 'joint')).toBe(true);
    // Every Bramble joint-triage ticket is there when the queue is long enough to hold them.
    const everything = (await nora.get('/api/v1/queue?limit=200')).json().items as typeof queue;
    const keys = new Set(everything.filter((r) => r.workspace.slug === 'bramble').map((r) => r.key));
    expect(joint.filter((r) => !keys.has(r.key))).toEqual([]);
  });
});
