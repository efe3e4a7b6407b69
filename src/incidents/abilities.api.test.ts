import { beforeAll, describe, expect, it } from 'vitest';
import { raiseTicket, serviceIdOf } from '../problems/test-support.ts';
import { expectAbilityHonoured, PERSONAS, personaWorkspace } from '../test/personas.ts';

let ticketKey: string;
const url = (path = '') => `/api/v1/w/${area.ws.slug}/incidents${path}`;
const ROLE = 'INCIDENT_ROLE_REQUIRED';

/** An open incident declared by the internal lead (who holds the declare right and commands). */
async function declared(title: string) {
  const response = await area.people.internalLead.client.post(url(), { title, ticketKeys: [ticketKey] });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().incident as { key: string; version: number };
}

// Declaring schedules the update-due reminder on the job queue.
const area = personaWorkspace({ jobs: {} });
beforeAll(async () => {
  const lead = area.people.internalLead.client;
  ticketKey = (
    await raiseTicket(lead, area.ws, await serviceIdOf(lead, area.ws, 'collaboration-suite'), 'Mail down')
  ).key;
});

describe('incident abilities match the API (persona × action)', () => {
  it.each(PERSONAS)('%s: declare as the list says', async (persona) => {
    const { client } = area.people[persona];
    const list = await client.get(url());
    if (persona === 'requester') {
      expect(list.statusCode).toBe(403);
      return;
    }
    const canDeclare = list.json().abilities.declare;
    const response = await client.post(url(), { title: `Outage (${persona})`, ticketKeys: [ticketKey] });
    const why = `${persona} declare (ability ${canDeclare}): ${response.body}`;
    if (canDeclare) expect(response.statusCode, why).toBe(201);
    else expect(response.statusCode, why).toBe(403);
  });

  it.each(PERSONAS.filter((p) => p !== 'requester'))('%s: running an open incident', async (persona) => {
    const { client } = area.people[persona];
    const { key } = await declared(`Network down (${persona})`);
    const { incident } = (await client.get(url(`/${key}`))).json();
    const a = incident.abilities;
    const update = await client.post(url(`/${key}/updates`), { body: 'Investigating' });
    expectAbilityHonoured('postUpdate', a.postUpdate, update, ROLE);
    const other = persona === 'internalAgent' ? area.people.providerAgent : area.people.internalAgent;
    const subscribed = await client.post(url(`/${key}/subscribers`), { membershipId: other.membershipId });
    expectAbilityHonoured('subscribeOthers', a.subscribeOthers, subscribed, ROLE);
    const current = (await area.people.internalLead.client.get(url(`/${key}`))).json().incident;
    const changed = await client.patch(url(`/${key}`), { version: current.version, impact: 'Wider' });
    expectAbilityHonoured('changeRoles', a.changeRoles, changed, ROLE);
    const latest = (await area.people.internalLead.client.get(url(`/${key}`))).json().incident;
    const resolved = await client.post(url(`/${key}/resolve`), {
      version: latest.version,
      resolution: 'Fixed',
    });
    expectAbilityHonoured('resolve', a.resolve, resolved, ROLE);
  });

  it.each(PERSONAS.filter((p) => p !== 'requester'))(
    '%s: the review of a resolved incident',
    async (persona) => {
      const { client } = area.people[persona];
      const { key, version } = await declared(`Storage full (${persona})`);
      const done = await area.people.internalLead.client.post(url(`/${key}/resolve`), {
        version,
        resolution: 'Freed',
      });
      expect(done.statusCode, done.body).toBe(200);
      const { incident } = (await client.get(url(`/${key}`))).json();
      const review = await client.request('PUT', url(`/${key}/review`), { whatHappened: 'Disk filled' });
      expectAbilityHonoured('writeReview', incident.abilities.writeReview, review, ROLE);
    },
  );
});
