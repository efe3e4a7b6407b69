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
const url = (path = '') => `/api/v1/w/${ws.slug}/backlog${path}`;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t.database.db, 'Acme');
  people = await makePersonas(t, ws);
});
afterAll(() => t.close());

describe('backlog abilities match the API (persona × action)', () => {
  it.each(PERSONAS)('%s: reading the board is refused exactly for non-staff', async (persona) => {
    const list = await people[persona].client.get(url());
    expect(list.statusCode, list.body).toBe(persona === 'requester' ? 403 : 200);
  });

  it.each(PERSONAS.filter((p) => p !== 'requester'))(
    '%s: create and update as the abilities say',
    async (persona) => {
      const { client } = people[persona];
      const abilities = (await client.get(url())).json().abilities;
      const created = await client.post(url(), {
        title: `Idea of ${persona}`,
        ownerPartyId: ws.providerPartyId,
      });
      expectAbilityHonoured('create', abilities.create, created, 'BACKLOG_RIGHT_REQUIRED');

      // An item of the provider party, made by its lead, then changed by each persona.
      const seeded = await people.providerLead.client.post(url(), {
        title: `Provider item for ${persona}`,
        ownerPartyId: ws.providerPartyId,
      });
      const item = (await client.get(url(`/${seeded.json().item.key}`))).json().item;
      const updated = await client.patch(url(`/${item.key}`), { version: item.version, why: 'Because' });
      expectAbilityHonoured('update', item.abilities.update, updated, 'BACKLOG_RIGHT_REQUIRED');
    },
  );
});
