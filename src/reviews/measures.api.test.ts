import { describe, expect, it } from 'vitest';
import { withScopedTx } from '../db/tenant.ts';
import { addDays, isoDay, type MeasureKey } from '../domain/measures.ts';
import { personaWorkspace } from '../test/personas.ts';
import { computeHistoricMeasures } from './measures.ts';

// The daily figures computed from the records' timestamps, on a small desk whose answer is known.
const area = personaWorkspace();
const owner = <T>(text: string, params: unknown[] = []) => area.t.database.unsafeOwnerQuery<T>(text, params);
const day = addDays(isoDay(new Date()), -10);
const at = (offset: number, hour: number) =>
  new Date(`${addDays(day, offset)}T${String(hour).padStart(2, '0')}:00:00Z`);

let number = 100;
async function ticket(over: { lane: string; created: Date; firstResponse?: Date; resolved?: Date }) {
  const [service] = await owner<{ id: string }>('select id from services where workspace_id = $1 limit 1', [
    area.ws.id,
  ]);
  number += 1;
  const [row] = await owner<{ id: string }>(
    `insert into tickets (workspace_id, number, requester_membership_id, service_id, subject, impact, urgency,
       priority, status, lane_party_id, routing_reason, created_at, updated_at, first_response_at, resolved_at)
     values ($1, $2, $3, $4, 'Scanner offline', 'medium', 'medium', 'P3', $5, $6, 'test', $7, $7, $8, $9)
     returning id`,
    [
      area.ws.id,
      number,
      area.people.requester.membershipId,
      service!.id,
      over.resolved ? 'resolved' : 'in_progress',
      over.lane,
      over.created,
      over.firstResponse ?? null,
      over.resolved ?? null,
    ],
  );
  return row!.id;
}

async function problem(n: number, created: Date, resolved: Date | null, ticketIds: string[]) {
  const [row] = await owner<{ id: string }>(
    `insert into problems (workspace_id, number, title, status, owner_party_id, created_by_membership_id,
       created_at, resolved_at)
     values ($1, $2, 'Scanner driver', $3, $4, $5, $6, $7) returning id`,
    [
      area.ws.id,
      n,
      resolved ? 'resolved' : 'open',
      area.ws.internalPartyId,
      area.people.internalLead.membershipId,
      created,
      resolved,
    ],
  );
  for (const ticketId of ticketIds)
    await owner('insert into problem_tickets (workspace_id, problem_id, ticket_id) values ($1, $2, $3)', [
      area.ws.id,
      row!.id,
      ticketId,
    ]);
}

describe('the daily measures, computed from the records', () => {
  it('gives response and resolution times by lane, bounce rate, open work and the recurring-ticket measures of a day', async () => {
    const internal = area.ws.internalPartyId;
    const provider = area.ws.providerPartyId;
    // Answered in 2 h, resolved in 24 h (internal lane); answered in 4 h, resolved in 6 h (provider lane).
    const t1 = await ticket({
      lane: internal,
      created: at(-5, 9),
      firstResponse: at(-5, 11),
      resolved: at(-4, 9),
    });
    const t2 = await ticket({
      lane: provider,
      created: at(-3, 9),
      firstResponse: at(-3, 13),
      resolved: at(-3, 15),
    });
    // Still open at the day's end, handed off three times: it bounced.
    const t3 = await ticket({ lane: internal, created: at(-2, 9) });
    for (const hour of [10, 11, 12])
      await owner(
        `insert into ticket_handoffs (workspace_id, ticket_id, from_party_id, to_party_id, reason, by_membership_id, created_at)
         values ($1, $2, $3, $4, 'not ours', $5, $6)`,
        [area.ws.id, t3, internal, provider, area.people.internalLead.membershipId, at(-2, hour)],
      );
    // Handed off twice and back: not yet a bounce (a ticket bounces from its third handoff on).
    for (const [hour, from, to] of [
      [10, provider, internal],
      [11, internal, provider],
    ] as const)
      await owner(
        `insert into ticket_handoffs (workspace_id, ticket_id, from_party_id, to_party_id, reason, by_membership_id, created_at)
         values ($1, $2, $3, $4, 'back again', $5, $6)`,
        [area.ws.id, t2, from, to, area.people.internalLead.membershipId, at(-3, hour)],
      );
    // After the day: counted nowhere on it.
    await ticket({ lane: internal, created: at(2, 9), firstResponse: at(2, 10), resolved: at(2, 11) });
    // The fault behind t1 and t2 was fixed the day before; the one behind t3 is still open.
    await problem(1, at(-20, 9), at(-1, 9), [t1, t2]);
    await problem(2, at(-6, 9), null, [t3]);

    const values = await withScopedTx(
      area.t.database.db,
      { workspaceId: area.ws.id, accountId: null },
      (tx) => computeHistoricMeasures(tx, area.ws.id, [day]),
    );
    const [names] = await owner<{ internal: string; provider: string }>(
      'select (select name from parties where id = $1) as internal, (select name from parties where id = $2) as provider',
      [internal, provider],
    );
    const of = (measure: MeasureKey, dimension = '') =>
      values.find((v) => v.measure === measure && v.dimension === dimension && v.day === day)?.value;

    expect(of('first_response_hours')).toBe(3);
    expect(of('first_response_hours', names!.internal)).toBe(2);
    expect(of('first_response_hours', names!.provider)).toBe(4);
    expect(of('resolution_hours')).toBe(15);
    expect(of('resolution_hours', names!.internal)).toBe(24);
    expect(of('resolution_hours', names!.provider)).toBe(6);
    expect(of('open_work')).toBe(1);
    expect(of('open_work', names!.internal)).toBe(1);
    expect(of('handoff_bounce_rate')).toBe(33.3);
    expect(of('recurring_tickets')).toBe(3);
    expect(of('recurring_eliminated')).toBe(1);
    expect(of('problems_open')).toBe(1);
    // Nothing was decided, no change completed: those series are absent, never a made-up zero.
    expect(of('decision_latency_hours')).toBeUndefined();
    expect(of('change_success_rate')).toBeUndefined();
  });
});
