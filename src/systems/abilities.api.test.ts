import { beforeAll, describe, expect, it } from 'vitest';
import { raiseTicket, serviceIdOf } from '../problems/test-support.ts';
import { expectAbilityHonoured, PERSONAS, personaWorkspace } from '../test/personas.ts';

let ticketKey: string;
const url = (path: string) => `/api/v1/w/${area.ws.slug}${path}`;
const CODE = 'SYSTEM_RIGHT_REQUIRED';

const area = personaWorkspace();
beforeAll(async () => {
  const lead = area.people.internalLead.client;
  ticketKey = (
    await raiseTicket(lead, area.ws, await serviceIdOf(lead, area.ws, 'collaboration-suite'), 'Laptop')
  ).key;
});

describe('systems abilities match the API (persona × action)', () => {
  it('refuses a viewer with the systems area’s own message, not the problems area’s', async () => {
    const refused = await area.people.requester.client.get(url('/systems'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: CODE,
      message: 'Only staff of a party can read the systems register.',
    });
    const health = await area.people.requester.client.get(url('/knowledge-health'));
    expect(health.json().error.message).toBe('Only staff of a party can read the knowledge-health report.');
  });

  it.each(PERSONAS)('%s: manage and linkTicketAssets as the abilities say', async (persona) => {
    const { client } = area.people[persona];
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
    const system = await area.people.internalLead.client.post(url('/systems'), {
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
