import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../test/client.ts';
import { demoAppForFile, signInDemo } from '../test/file-setup.ts';

const t = demoAppForFile();
let ian: TestClient;
const url = (path: string) => `/api/v1/w/acme/access${path}`;

beforeAll(async () => {
  ian = await signInDemo(t, 'ian@acme.example');
});

describe('demo: privileged access', () => {
  it('has 25 privileged accounts with two findings: a shared "admin" and a departed person', async () => {
    const register = (await ian.get(url('/accounts'))).json();
    expect(register.items).toHaveLength(25);
    const flagged = register.items.filter((i: { findings: string[] }) => i.findings.length > 0);
    expect(
      flagged.map((i: { accountName: string; findings: string[] }) => [i.accountName, i.findings]).sort(),
    ).toEqual([
      ['admin', ['shared_account']],
      ['nw-dan.ross', ['person_not_active']],
    ]);
  });

  it('has one completed quarterly review and a grant expiring two hours after seeding', async () => {
    const reviews = (await ian.get(url('/reviews'))).json().items;
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ status: 'completed', total: 25, decided: 25, completionRate: 1 });
    const grants = (await ian.get(url('/grants'))).json().items;
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({
      status: 'active',
      tier: 'admin',
      system: { name: 'ERP (Dynamics NAV)' },
    });
    const left = new Date(grants[0].expiresAt).getTime() - Date.now();
    expect(left).toBeGreaterThan(115 * 60_000);
    expect(left).toBeLessThanOrEqual(120 * 60_000);
    const summary = await ian.get(url(`/reviews/${reviews[0].key}/summary.md`));
    expect(summary.body).toContain('access.review_completed');
  });
});
