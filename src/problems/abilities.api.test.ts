import { describe, expect, it } from 'vitest';
import { expectAbilityHonoured, PERSONAS, personaWorkspace } from '../test/personas.ts';

const url = (path: string) => `/api/v1/w/${area.ws.slug}${path}`;
const CODE = 'PROBLEM_RIGHT_REQUIRED';

// The job queue runs (without recurrence workers): an allowed run request is queued.
const area = personaWorkspace({ jobs: {} });

describe('problem abilities match the API (persona × action)', () => {
  it.each(PERSONAS)('%s: manage and runDetection as the abilities say', async (persona) => {
    const { client } = area.people[persona];
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
    const seeded = await area.people.internalLead.client.post(url('/problems'), {
      title: `Seed for ${persona}`,
    });
    const key = seeded.json().problem.key;
    const detail = (await client.get(url(`/problems/${key}`))).json();
    const changed = await client.patch(url(`/problems/${key}`), {
      version: detail.problem.version,
      rootCause: 'A cache',
    });
    expectAbilityHonoured('manage (detail)', detail.abilities.manage, changed, CODE);
  });
});
