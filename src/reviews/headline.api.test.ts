import { describe, expect, it } from 'vitest';
import { addDays, isoDay } from '../domain/measures.ts';
import { signedIn } from '../test/client.ts';
import { makeWorkspace } from '../test/factories.ts';
import { personaWorkspace } from '../test/personas.ts';
import { snapshotWorkspace } from './snapshots.ts';

const area = personaWorkspace();
const url = () => `/api/v1/w/${area.ws.slug}/measures/headline`;
const today = isoDay(new Date());
const owner = <T>(text: string, params: unknown[] = []) => area.t.database.unsafeOwnerQuery<T>(text, params);

type Headline = {
  from: string;
  to: string;
  firstSnapshot: string | null;
  series: { measure: string; unit: string; points: { day: string; value: number }[] }[];
};

/** Tickets created 60 days ago and resolved 20 days ago: open work rises, then falls back. */
async function insertHistory() {
  const [service] = await owner<{ id: string }>('select id from services where workspace_id = $1 limit 1', [
    area.ws.id,
  ]);
  for (let i = 0; i < 3; i++)
    await owner(
      `insert into tickets (workspace_id, number, requester_membership_id, service_id, subject, impact, urgency,
         priority, status, lane_party_id, routing_reason, created_at, updated_at, resolved_at)
       values ($1, $2, $3, $4, 'VPN drops', 'medium', 'medium', 'P3', 'resolved', $5, 'test', $6, $6, $7)`,
      [
        area.ws.id,
        7000 + i,
        area.people.requester.membershipId,
        service!.id,
        area.ws.internalPartyId,
        new Date(`${addDays(today, -60)}T09:00:00Z`),
        new Date(`${addDays(today, -20)}T09:00:00Z`),
      ],
    );
}

describe("the leads' headline measures (home sparklines)", () => {
  it('answers empty series before the first snapshot', async () => {
    const r = await area.people.internalLead.client.get(url());
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as Headline;
    expect(body.firstSnapshot).toBeNull();
    expect(body.to).toBe(today);
    expect(body.from).toBe(addDays(today, -179));
    expect(body.series.map((s) => s.measure)).toEqual([
      'open_work',
      'sla_attainment',
      'recurring_tickets',
      'single_person_dependencies',
      'critical_systems_with_recovery',
      'articles_created_updated',
    ]);
    expect(body.series.every((s) => s.points.length === 0)).toBe(true);
  });

  it('after the first snapshot, reads six months (180 days) of the backfilled history in one request', async () => {
    await insertHistory();
    const outcome = await snapshotWorkspace(area.t.database.db, area.ws.id, addDays(today, -1), {
      jobs: area.t.jobs,
    });
    expect(outcome.claimed).toBe(true);
    const r = await area.people.providerLead.client.get(url());
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as Headline;
    expect(body.firstSnapshot).toBe(addDays(today, -180));
    const open = body.series.find((s) => s.measure === 'open_work')!;
    // The backfill ends yesterday: 179 days of the 180 (today has no snapshot yet).
    expect(open.points).toHaveLength(179);
    expect(open.points[0]!.day).toBe(body.from);
    const on = (day: string) => open.points.find((p) => p.day === day)!.value;
    expect(on(addDays(today, -30))).toBe(3);
    expect(on(addDays(today, -2))).toBe(0);
    // A measure without history in the records has only the snapshot's own day.
    const recovery = body.series.find((s) => s.measure === 'critical_systems_with_recovery')!;
    expect(recovery.points.length).toBeLessThanOrEqual(1);
  });

  it('refuses requesters (403) and hides another workspace (404)', async () => {
    const asked = await area.people.requester.client.get(url());
    expect(asked.statusCode).toBe(403);
    const other = await makeWorkspace(area.t.database.db, 'Elsewhere headline');
    const stranger = await signedIn(area.t.app, other.lead.email);
    const r = await stranger.get(url());
    expect(r.statusCode).toBe(404);
  });
});
