import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../test/client.ts';
import { demoAppForFile, signInDemo } from '../test/file-setup.ts';

// The demo's governance (issue #12): changes, risks and obligations, checked on one seeded demo.
const t = demoAppForFile();
let ian: TestClient;
const url = (path: string) => `/api/v1/w/acme${path}`;
type Item = { key: string; type: string; status: string; outcome: string | null; plannedStart: string };
const DAY = 86_400_000;
type Risk = { key: string; acceptance: string; acceptedUntil: string | null };
type Occurrence = {
  dueOn: string;
  status: string;
  view: string;
  submittedAt: string | null;
  onTime: boolean | null;
  rejectionReason: string | null;
};

beforeAll(async () => {
  ian = await signInDemo(t, 'ian@acme.example');
});

describe('demo: changes', () => {
  it('gives Acme three months of changes: one failed with its review, one emergency, a month-end freeze', async () => {
    const items = (await ian.get(url('/changes?limit=100'))).json().items as Item[];
    expect(items.length).toBeGreaterThanOrEqual(10);
    const starts = items.map((i) => new Date(i.plannedStart).getTime());
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThan(90 * 86_400_000);
    const failed = items.find((i) => i.outcome === 'failed')!;
    const detail = (await ian.get(url(`/changes/${failed.key}`))).json().change;
    expect(detail.status).toBe('reviewed');
    expect(detail.review.summary).not.toBe('');
    expect(detail.reviewActions).toHaveLength(1);
    const emergency = items.find((i) => i.type === 'emergency')!;
    expect(emergency.status).toBe('reviewed');
    expect(new Set(items.map((i) => i.status))).toEqual(
      new Set(['draft', 'submitted', 'rejected', 'scheduled', 'implemented', 'backed_out', 'reviewed']),
    );
    const freezes = (await ian.get(url('/change-freezes'))).json().items as Array<{ title: string }>;
    expect(freezes.map((f) => f.title)).toEqual(['Month-end close']);
  });

  it('computes a success rate from the history', async () => {
    const now = Date.now();
    const from = new Date(now - 100 * 86_400_000).toISOString();
    const to = new Date(now).toISOString();
    const rate = (await ian.get(url(`/changes/success-rate?from=${from}&to=${to}`))).json();
    expect(rate.overall.completed).toBe(6);
    expect(rate.overall.implemented).toBe(4);
  });
});

describe('demo: risks and obligations (issue #12)', () => {
  it('gives Acme eight risks: two accepted until a date to come, one whose acceptance has lapsed', async () => {
    const response = await ian.get(url('/risks'));
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as Risk[];
    expect(items).toHaveLength(8);
    const accepted = items.filter((r) => r.acceptance === 'accepted');
    expect(accepted).toHaveLength(2);
    for (const r of accepted) expect(new Date(r.acceptedUntil!).getTime()).toBeGreaterThan(Date.now());
    const lapsed = items.filter((r) => r.acceptance === 'expired');
    expect(lapsed).toHaveLength(1);
    expect(new Date(lapsed[0]!.acceptedUntil!).getTime()).toBeLessThan(Date.now());
  });

  it('gives Acme six months of occurrences: mostly on time, three late, one rejected', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 200 * DAY).toISOString().slice(0, 10);
    const response = await ian.get(url(`/obligations/occurrences?view=all&from=${from}&to=${today}`));
    expect(response.statusCode, response.body).toBe(200);
    const past = (response.json().items as Occurrence[]).filter((o) => o.dueOn < today);
    const months = new Set(past.map((o) => o.dueOn.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(6);
    const handedIn = past.filter((o) => o.submittedAt !== null);
    const late = handedIn.filter((o) => o.onTime === false);
    const onTime = handedIn.filter((o) => o.onTime === true);
    expect(late).toHaveLength(3);
    expect(onTime.length).toBeGreaterThan(handedIn.length * 0.8);
    const rejected = past.filter((o) => o.rejectionReason !== null);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.status).toBe('open');
    expect(past.filter((o) => o.view === 'overdue').length).toBeGreaterThanOrEqual(1);
  });
});
