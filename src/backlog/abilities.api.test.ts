import { describe, expect, it } from 'vitest';
import { expectAbilityHonoured, PERSONAS, personaWorkspace } from '../test/personas.ts';

const url = (path = '') => `/api/v1/w/${area.ws.slug}/backlog${path}`;

const area = personaWorkspace();

describe('backlog abilities match the API (persona × action)', () => {
  it.each(PERSONAS)('%s: reading the board is refused exactly for non-staff', async (persona) => {
    const list = await area.people[persona].client.get(url());
    expect(list.statusCode, list.body).toBe(persona === 'requester' ? 403 : 200);
  });

  it.each(PERSONAS.filter((p) => p !== 'requester'))(
    '%s: create and update as the abilities say',
    async (persona) => {
      const { client } = area.people[persona];
      const abilities = (await client.get(url())).json().abilities;
      const created = await client.post(url(), {
        title: `Idea of ${persona}`,
        ownerPartyId: area.ws.providerPartyId,
      });
      expectAbilityHonoured('create', abilities.create, created, 'BACKLOG_RIGHT_REQUIRED');

      // An item of the provider party, made by its lead, then changed by each persona.
      const seeded = await area.people.providerLead.client.post(url(), {
        title: `Provider item for ${persona}`,
        ownerPartyId: area.ws.providerPartyId,
      });
      const item = (await client.get(url(`/${seeded.json().item.key}`))).json().item;
      const updated = await client.patch(url(`/${item.key}`), { version: item.version, why: 'Because' });
      expectAbilityHonoured('update', item.abilities.update, updated, 'BACKLOG_RIGHT_REQUIRED');
    },
  );
});
