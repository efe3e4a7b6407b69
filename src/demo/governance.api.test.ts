import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/build-test-app.ts';
import { TestClient } from '../test/client.ts';
import { DEMO_PASSWORD, seedDemo } from './seed.ts';

let t: TestApp;
let ian: TestClient;
const url = (path: string) => `/api/v1/w/acme${path}`;
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
  t = await buildTestApp();
  await seedDemo(t.database.db);
  ian = await new TestClient(t.app).signIn('ian@acme.example', DEMO_PASSWORD);
}, 180_000);
afterAll(() => t.close());

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
