import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/build-test-app.ts';
import { makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import {
  expectAbilityHonoured,
  makePersonas,
  PERSONAS,
  type Persona,
  type PersonaMember,
} from '../test/personas.ts';

let t: TestApp;
let ws: TestWorkspace;
let people: Record<Persona, PersonaMember>;
const url = (path: string) => `/api/v1/w/${ws.slug}${path}`;
const CODE = 'PROBLEM_RIGHT_REQUIRED';

beforeAll(async () => {
  // The job queue runs (without recurrence workers): an allowed run request is queued.
  t = await buildTestApp({ jobs: {} });
  ws = await makeWorkspace(t.database.db, 'Acme');
  people = await makePersonas(t, ws);
});
afterAll(() => t.close());

describe('problem abilities match the API (persona × action)', () => {
  it.each(PERSONAS)('%s: manage and runDetection as the abilities say', async (persona) => {
    const { client } = people[persona];
    const list = await client.get(url('/problems'));
    if (persona === 'requester') {
      // No abilities to read: the list itself is refused, and so is every change.
      expect(list.statusCode).toBe(403);
      expectAbilityHonoured('manage', false, await client.post(url('/problems'), { title: 'x' }), CODE);
      expectAbilityHonoured('runDetection', false, await client.post(url('/recurrence/runs')), CODE);
      return;
    }
    const { abilities } = list.json();
    const created = await client.post(url('/problems'), { title: `Outlook crashes (${persona})` });
    expectAbilityHonoured('manage', abilities.manage, created, CODE);
    expectAbilityHonoured(
      'runDetection',
      abilities.runDetection,
      await client.post(url('/recurrence/runs')),
      CODE,
    );
    const seeded = await people.internalLead.client.post(url('/problems'), { title: `Seed for ${persona}` });
    const key = seeded.json().problem.key;
    const detail = (await client.get(url(`/problems/${key}`))).json();
    const changed = await client.patch(url(`/problems/${key}`), {
      version: detail.problem.version,
      rootCause: 'A cache',
    });
    expectAbilityHonoured('manage (detail)', detail.abilities.manage, changed, CODE);
  });
});
