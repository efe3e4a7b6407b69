import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/build-test-app.ts';
import { TestClient } from '../test/client.ts';
import { DEMO_PASSWORD, seedDemo } from './seed.ts';

let t: TestApp;
let ian: TestClient;
const url = (path: string) => `/api/v1/w/acme${path}`;
type Item = { key: string; type: string; status: string; outcome: string | null; plannedStart: string };

beforeAll(async () => {
  t = await buildTestApp();
  await seedDemo(t.database.db);
  ian = await new TestClient(t.app).signIn('ian@acme.example', DEMO_PASSWORD);
}, 180_000);
afterAll(() => t.close());

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
