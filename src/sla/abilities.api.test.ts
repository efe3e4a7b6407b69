import { describe, expect, it } from 'vitest';
import { expectAbilityHonoured, PERSONAS, personaWorkspace } from '../test/personas.ts';

const url = (path: string) => `/api/v1/w/${area.ws.slug}/sla${path}`;
const CODE = 'SLA_RIGHT_REQUIRED';

const area = personaWorkspace();

describe('SLA abilities match the API (persona × action)', () => {
  it.each(PERSONAS)('%s: view, managePolicies and manageOwnParty as the abilities say', async (persona) => {
    const { client, partyId } = area.people[persona];
    const calendars = await client.get(url('/calendars'));
    // A requester is refused the list that carries the abilities: nothing is theirs.
    const abilities =
      persona === 'requester'
        ? { view: false, managePolicies: false, manageOwnParty: false }
        : calendars.json().abilities;
    expectAbilityHonoured('view', abilities.view, calendars, CODE);
    expectAbilityHonoured('view (policies)', abilities.view, await client.get(url('/policies')), CODE);
    const rule = await client.post(url('/escalation-rules'), {
      priority: 'P1',
      clockKind: 'resolution',
      atPercent: 75,
      actions: { notifyRoles: ['lead'] },
    });
    expectAbilityHonoured('managePolicies', abilities.managePolicies, rule, CODE);
    const calendar = await client.post(url('/calendars'), {
      name: `Office hours (${persona})`,
      partyId: partyId ?? area.ws.internalPartyId,
      timeZone: 'Europe/London',
      weeklyHours: { mon: [{ start: '09:00', end: '17:00' }] },
    });
    expectAbilityHonoured('manageOwnParty', abilities.manageOwnParty, calendar, CODE);
    if (calendar.statusCode === 201) {
      const removed = await client.delete(url(`/calendars/${calendar.json().id}`));
      expect(removed.statusCode, removed.body).toBe(204);
      expect(removed.body).toBe('');
    }
  });
});
