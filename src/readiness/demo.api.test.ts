import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../test/client.ts';
import { demoAppForFile, signInDemo } from '../test/file-setup.ts';

const t = demoAppForFile();
let alice: TestClient;
let nora: TestClient;
let rob: TestClient;
const url = (path: string) => `/api/v1/w/acme${path}`;
type Check = { key: string; status: string; summary: string; evidence: { label: string; figure: string }[] };

beforeAll(async () => {
  alice = await signInDemo(t, 'alice@acme.example');
  nora = await signInDemo(t, 'nora@northwind.example');
  rob = await signInDemo(t, 'rob@acme.example');
});

describe('demo: the readiness checklist, the leads’ home and what Rob can expect', () => {
  it('computes the ten checks from the demo’s records', async () => {
    const res = await alice.get(url('/readiness'));
    expect(res.statusCode).toBe(200);
    const checks = res.json().checks as Check[];
    const by = (key: string) => checks.find((c) => c.key === key)!;
    expect(checks).toHaveLength(10);
    // The engagement with Northwind states its purpose and Alice owns it.
    expect(by('purpose').status).toBe('met');
    expect(by('internal_owner').evidence[0]!.figure).toBe('Alice Hart');
    // Payroll has no recovery steps (the demo's documentation gap).
    expect(by('knowledge').status).toBe('partly');
    expect(by('knowledge').evidence[0]!.figure).toBe('75% (3 of 4)');
    expect(by('metrics')).toMatchObject({
      status: 'not_met',
      summary: 'No service reviews are recorded yet.',
    });
    expect(by('exit_plan').status).toBe('not_met');
  });

  it('gives the provider lead’s home the checklist, SLA at risk, risks and obligations', async () => {
    const res = await nora.get(url('/home'));
    expect(res.statusCode).toBe(200);
    const home = res.json();
    expect(home.readiness.checks).toHaveLength(10);
    expect(home.slaAtRisk.total).toBeGreaterThan(0);
    expect(home.obligations.overdue + home.obligations.dueSoon).toBeGreaterThan(0);
    expect((await rob.get(url('/home'))).statusCode).toBe(403);
    expect((await rob.get(url('/readiness'))).statusCode).toBe(403);
  });

  it('tells Rob when to expect an answer on his open request', async () => {
    const mine = (await rob.get(url('/tickets?queue=requested&status=new,triaged,in_progress'))).json()
      .items as {
      key: string;
    }[];
    expect(mine.length).toBeGreaterThan(0);
    const answers = [];
    for (const m of mine) answers.push(await rob.get(url(`/tickets/${m.key}/expectations`)));
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    const due = answers.flatMap((a) => a.json().items).filter((i: { state: string }) => i.state === 'due');
    expect(due.length).toBeGreaterThan(0);
  });
});
