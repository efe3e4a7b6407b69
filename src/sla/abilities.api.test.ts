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
const url = (path: string) => `/api/v1/w/${ws.slug}/sla${path}`;
const CODE = 'SLA_RIGHT_REQUIRED';

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t.database.db, 'Acme');
  people = await makePersonas(t, ws);
});
afterAll(() => t.close());

describe('SLA abilities match the API (persona × action)', () => {
  it.each(PERSONAS)('%s: view, managePolicies and manageOwnParty as the abilities say', async (persona) => {
    const { client, partyId } = people[persona];
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
      partyId: partyId ?? ws.internalPartyId,
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
