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
const CODE = 'NOTIFICATION_ADMIN_REQUIRED';

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t.database.db, 'Acme');
  people = await makePersonas(t, ws);
});
afterAll(() => t.close());

describe('notification abilities match the API (persona × action)', () => {
  it.each(PERSONAS)(
    '%s: reads their own; webhooks and the delivery log as the abilities say',
    async (persona) => {
      const { client } = people[persona];
      const own = await client.get(url('/notifications'));
      expect(own.statusCode, own.body).toBe(200);
      const { abilities } = own.json();
      expect((await client.get(url('/notification-preferences'))).statusCode).toBe(200);
      expectAbilityHonoured(
        'manageWebhooks',
        abilities.manageWebhooks,
        await client.get(url('/webhooks')),
        CODE,
      );
      const created = await client.post(url('/webhooks'), {
        url: 'https://hooks.example.com/tandem',
        events: ['ticket.created'],
      });
      expectAbilityHonoured('manageWebhooks (create)', abilities.manageWebhooks, created, CODE);
      const log = await client.get(url('/notification-deliveries'));
      expectAbilityHonoured('viewDeliveryLog', abilities.viewDeliveryLog, log, CODE);
    },
  );
});
