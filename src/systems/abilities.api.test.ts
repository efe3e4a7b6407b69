import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseTicket, serviceIdOf } from '../problems/test-support.ts';
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
let ticketKey: string;
const url = (path: string) => `/api/v1/w/${ws.slug}${path}`;
const CODE = 'SYSTEM_RIGHT_REQUIRED';

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t.database.db, 'Acme');
  people = await makePersonas(t, ws);
  const lead = people.internalLead.client;
  ticketKey = (await raiseTicket(lead, ws, await serviceIdOf(lead, ws, 'collaboration-suite'), 'Laptop')).key;
});
afterAll(() => t.close());

describe('systems abilities match the API (persona × action)', () => {
  it('refuses a viewer with the systems area’s own message, not the problems area’s', async () => {
    const refused = await people.requester.client.get(url('/systems'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: CODE,
      message: 'Only staff of a party can read the systems register.',
    });
    const health = await people.requester.client.get(url('/knowledge-health'));
    expect(health.json().error.message).toBe('Only staff of a party can read the knowledge-health report.');
  });

  it.each(PERSONAS)('%s: manage and linkTicketAssets as the abilities say', async (persona) => {
    const { client } = people[persona];
    const list = await client.get(url('/systems'));
    const abilities =
      persona === 'requester' ? { manage: false, linkTicketAssets: false } : list.json().abilities;
    expect(list.statusCode).toBe(persona === 'requester' ? 403 : 200);
    const created = await client.post(url('/systems'), {
      name: `Mail server (${persona})`,
      kind: 'application',
      criticality: 'high',
    });
    expectAbilityHonoured('manage', abilities.manage, created, CODE);
    const system = await people.internalLead.client.post(url('/systems'), {
      name: `Printer (${persona})`,
      kind: 'endpoint',
      criticality: 'low',
    });
    const linked = await client.post(url(`/tickets/${ticketKey}/assets`), {
      systemId: system.json().system.id,
    });
    expectAbilityHonoured('linkTicketAssets', abilities.linkTicketAssets, linked, CODE);
  });
});
