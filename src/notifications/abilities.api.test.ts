import { describe, expect, it } from 'vitest';
import { expectAbilityHonoured, PERSONAS, personaWorkspace } from '../test/personas.ts';

const url = (path: string) => `/api/v1/w/${area.ws.slug}${path}`;
const CODE = 'NOTIFICATION_ADMIN_REQUIRED';

const area = personaWorkspace();

describe('notification abilities match the API (persona × action)', () => {
  it.each(PERSONAS)(
    '%s: reads their own; webhooks and the delivery log as the abilities say',
    async (persona) => {
      const { client } = area.people[persona];
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
