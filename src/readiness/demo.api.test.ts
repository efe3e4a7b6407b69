import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed.ts';
import { buildTestApp, type TestApp } from '../test/build-test-app.ts';
import { TestClient } from '../test/client.ts';

let t: TestApp;
let alice: TestClient;
let nora: TestClient;
let rob: TestClient;
const url = (path: string) => `/api/v1/w/acme${path}`;

beforeAll(async () => {
  t = await buildTestApp();
  await seedDemo(t.database.db);
  alice = await new TestClient(t.app).signIn('alice@acme.example', DEMO_PASSWORD);
  nora = await new TestClient(t.app).signIn('nora@northwind.example', DEMO_PASSWORD);
  rob = await new TestClient(t.app).signIn('rob@acme.example', DEMO_PASSWORD);
}, 120_000);
afterAll(() => t.close());

describe('demo: the readiness checklist and the leads’ home', () => {
  it('computes ten checks from the demo records', async () => {
    const res = await alice.get(url('/readiness'));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    console.log(JSON.stringify(body, null, 1));
    expect(body.checks).toHaveLength(10);
  });
  it('home', async () => {
    const res = await nora.get(url('/home'));
    console.log(JSON.stringify(res.json(), null, 1));
    expect(res.statusCode).toBe(200);
    expect((await rob.get(url('/home'))).statusCode).toBe(403);
  });
});
