import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isoDay, lastEndedPeriod, periodLabel } from '../domain/measures.ts';
import { personaWorkspace } from '../test/personas.ts';
import { closeLastPeriod } from './service/period-close.ts';

// The review follows the cadence the engagement's terms agree (monthly only without an engagement).
const area = personaWorkspace();
const base = () => `/api/v1/w/${area.ws.slug}`;
const today = isoDay(new Date());
const owner = <T>(text: string, params: unknown[] = []) => area.t.database.unsafeOwnerQuery<T>(text, params);

describe("a review per period at the engagement's cadence", () => {
  it('offers and builds last week’s review under a weekly engagement, with six weekly trend points', async () => {
    const lead = area.people.internalLead.client;
    const engagement = await lead.post(`${base()}/engagements`, {
      providerPartyId: area.ws.providerPartyId,
      startsOn: '2026-01-01',
      purposes: ['capacity'],
      intent: 'Capacity for the small internal team.',
      ownerMembershipId: area.people.internalLead.membershipId,
      reviewCadence: 'weekly',
    });
    expect(engagement.statusCode, engagement.body).toBe(201);

    const week = lastEndedPeriod('weekly', today);
    expect(daysBetween(week.start, week.end)).toBe(7);
    const list = (await lead.get(`${base()}/reviews`)).json();
    expect(list.cadence).toBe('weekly');
    expect(list.nextPeriod).toMatchObject({ start: week.start, end: week.end, exists: false });

    const created = await lead.post(`${base()}/reviews`, { periodStart: week.start, periodEnd: week.end });
    expect(created.statusCode, created.body).toBe(201);
    const review = created.json().review;
    expect(review).toMatchObject({ cadence: 'weekly', periodLabel: periodLabel(week) });
    const trends = review.pack.sections.find((s: { id: string }) => s.id === 'trends');
    expect(trends.summary).toMatch(/^Against the previous week: /);
    const openWork = trends.charts.find((c: { id: string }) => c.id === 'trend_open_work');
    // This week and the five before it, each labelled as its week.
    expect(openWork.points.map((p: { x: string }) => p.x)).toEqual(
      [35, 28, 21, 14, 7, 0].map((back) =>
        periodLabel({ start: addDays(week.start, -back), end: addDays(week.end, -back) }),
      ),
    );
  });

  it('after a quarter ends, the period close makes the quarterly review as a draft', async () => {
    await owner(
      `update engagement_versions set terms = jsonb_set(terms, '{reviewCadence}', '"quarterly"') where workspace_id = $1`,
      [area.ws.id],
    );
    const quarter = lastEndedPeriod('quarterly', today);
    await closeLastPeriod(area.t.database.db, area.ws.id, { jobs: area.t.jobs });
    const list = (await area.people.providerLead.client.get(`${base()}/reviews`)).json();
    expect(list.cadence).toBe('quarterly');
    expect(list.nextPeriod).toMatchObject({ start: quarter.start, end: quarter.end, exists: true });
    const made = list.items.find((r: { periodStart: string }) => r.periodStart === quarter.start);
    expect(made).toMatchObject({ periodEnd: quarter.end, cadence: 'quarterly', status: 'draft' });
  });
});
