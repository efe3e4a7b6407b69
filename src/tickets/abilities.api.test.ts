import { describe, expect, it } from 'vitest';
import { expectAbilitiesHonoured, personaMatrix } from '../test/persona-matrix.ts';
import { ticketAbilities } from './policy.ts';

const matrix = personaMatrix();
const url = (path = '') => `/api/v1/w/${matrix.ws.slug}${path}`;

describe('ticket abilities match the API’s refusals (every party × role that can see the ticket)', () => {
  it('comment, commentInternal, update, assign, logTime, watch, rate and handOff', async () => {
    const requester = matrix.personas.find((p) => p.name === 'requester')!;
    const lead = matrix.personas.find((p) => p.name === 'internalLead')!;
    const catalogue = (await requester.client.get(url('/catalogue'))).json().items as Array<{
      id: string;
      fields: Array<{ required: boolean }>;
    }>;
    const item = catalogue.find((i) => i.fields.every((f) => !f.required))!;
    const results = [];
    let seen = 0;
    for (const p of matrix.personas) {
      const created = await requester.client.post(url('/tickets'), {
        catalogueItemId: item.id,
        subject: `Printer jam for ${p.name}`,
      });
      expect(created.statusCode).toBe(201);
      const key = created.json().ticket.key as string;
      const read = async () => (await lead.client.get(url(`/tickets/${key}`))).json().ticket;
      const detail = await p.client.get(url(`/tickets/${key}`));
      if (detail.statusCode === 404) continue; // not in this person's view: nothing to offer
      seen++;
      const ticket = detail.json().ticket;
      const abilities = ticket.abilities;
      const { nextStatuses: _n, ...expected } = ticketAbilities(p.actor, {
        requesterMembershipId: requester.membershipId,
        status: ticket.status,
      });
      expect(abilities).toMatchObject(expected);
      const checks: Array<[string, () => Promise<{ statusCode: number; body: string }>]> = [
        ['comment', () => p.client.post(url(`/tickets/${key}/comments`), { body: 'Any news?' })],
        [
          'commentInternal',
          () => p.client.post(url(`/tickets/${key}/comments`), { body: 'Staff note', visibility: 'staff' }),
        ],
        [
          'update',
          async () =>
            p.client.patch(url(`/tickets/${key}`), { version: (await read()).version, urgency: 'high' }),
        ],
        [
          'assign',
          async () =>
            p.client.patch(url(`/tickets/${key}`), {
              version: (await read()).version,
              assigneeMembershipId: p.membershipId,
            }),
        ],
        ['logTime', () => p.client.post(url(`/tickets/${key}/time`), { minutes: 5 })],
        [
          'watch',
          () =>
            p.client.post(url(`/tickets/${key}/watchers`), {
              partyId: p.actor.partyId ?? matrix.ws.providerPartyId,
            }),
        ],
        ['rate', () => p.client.post(url(`/tickets/${key}/rating`), { rating: 5 })],
        [
          'handOff',
          async () =>
            p.client.post(url(`/tickets/${key}/handoff`), {
              version: (await read()).version,
              toPartyId: matrix.ws.internalPartyId,
              reason: 'Needs the internal team',
            }),
        ],
      ];
      for (const [ability, call] of checks) {
        const response = await call();
        results.push({
          persona: p.name,
          ability,
          allowed: abilities[ability],
          status: response.statusCode,
          body: response.body,
        });
      }
    }
    expect(seen).toBeGreaterThanOrEqual(4);
    expectAbilitiesHonoured(results);
  });
});
