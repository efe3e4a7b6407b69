import { describe, expect, it } from 'vitest';
import { expectAbilityHonoured, PERSONAS, personaWorkspace } from '../test/personas.ts';

const url = (path = '') => `/api/v1/w/${area.ws.slug}/handovers${path}`;
const CODE = 'HANDOVER_RIGHT_REQUIRED';
const session = (topic: string) => ({
  topic,
  heldAt: '2026-11-02T10:00:00Z',
  presenterPartyId: area.ws.providerPartyId,
});

const area = personaWorkspace();

describe('handover abilities match the API (persona × action)', () => {
  it('refuses a requester with the handovers area’s own message', async () => {
    const refused = await area.people.requester.client.get(url());
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: CODE,
      message: 'Only staff of a party can read knowledge-transfer sessions.',
    });
  });

  it.each(PERSONAS.filter((p) => p !== 'requester'))('%s: manage as the abilities say', async (persona) => {
    const { client } = area.people[persona];
    const { abilities } = (await client.get(url())).json();
    expectAbilityHonoured(
      'manage',
      abilities.manage,
      await client.post(url(), session(`Backups (${persona})`)),
      CODE,
    );
    const seeded = (await area.people.internalLead.client.post(url(), session(`Seed (${persona})`))).json()
      .session;
    const detail = (await client.get(url(`/${seeded.id}`))).json();
    const changed = await client.patch(url(`/${seeded.id}`), { version: seeded.version, notes: 'Notes' });
    expectAbilityHonoured('manage (detail)', detail.abilities.manage, changed, CODE);
  });
});
