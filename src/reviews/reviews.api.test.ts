import { describe, expect, it } from 'vitest';
import { addDays, isoDay, lastEndedPeriod, PACK_SECTIONS, SECTION_TITLES } from '../domain/measures.ts';
import { errorOf, signedIn } from '../test/client.ts';
import { makeWorkspace } from '../test/factories.ts';
import { expectAbilityHonoured, PERSONAS, personaWorkspace } from '../test/personas.ts';
import { pdfText } from './export/pdf-text.ts';
import { closeLastPeriod } from './service/period-close.ts';
import { snapshotWorkspace } from './snapshots.ts';

const area = personaWorkspace();
const base = () => `/api/v1/w/${area.ws.slug}`;
const today = isoDay(new Date());
const last = lastEndedPeriod('monthly', today);
const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
const owner = <T>(text: string, params: unknown[] = []) => area.t.database.unsafeOwnerQuery<T>(text, params);
const count = async (table: string, where = 'workspace_id = $1', params: unknown[] = [area.ws.id]) =>
  (await owner<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params))[0]!.n;

let ticketNumber = 9000;
/** A ticket with chosen timestamps, written behind the API (history, as the demo and bench write it). */
async function insertTicket(over: {
  created: Date;
  resolved?: Date | null;
  firstResponse?: Date | null;
  lane?: string | null;
  rating?: number | null;
  comment?: string | null;
}) {
  const [service] = await owner<{ id: string }>('select id from services where workspace_id = $1 limit 1', [
    area.ws.id,
  ]);
  const resolved = over.resolved ?? null;
  ticketNumber += 1;
  await owner(
    `insert into tickets (workspace_id, number, requester_membership_id, service_id, subject, impact, urgency,
       priority, status, lane_party_id, routing_reason, created_at, updated_at, first_response_at, resolved_at,
       rating, rating_comment)
     values ($1, $2, $3, $4, $5, 'medium', 'medium', 'P3', $6, $7, 'test', $8, $8, $9, $10, $11, $12)`,
    [
      area.ws.id,
      ticketNumber,
      area.people.requester.membershipId,
      service!.id,
      `Printer ${ticketNumber} jams`,
      resolved ? 'resolved' : 'in_progress',
      over.lane === undefined ? area.ws.internalPartyId : over.lane,
      over.created,
      over.firstResponse ?? null,
      resolved,
      over.rating ?? null,
      over.comment ?? null,
    ],
  );
}

const reviewBody = { periodStart: last.start, periodEnd: last.end };
let key = '';

describe('preparing a review', () => {
  it('answers 401 without a session and 403 to a requester, writing nothing', async () => {
    const anonymous = await area.t.app.inject({ method: 'GET', url: `${base()}/reviews` });
    expect(anonymous.statusCode).toBe(401);
    const asked = await area.people.requester.client.get(`${base()}/reviews`);
    expect(asked.statusCode).toBe(403);
    expect(errorOf(asked).code).toBe('REVIEW_ROLE_REQUIRED');
    const created = await area.people.requester.client.post(`${base()}/reviews`, reviewBody);
    expect(created.statusCode).toBe(403);
    expect(await count('service_reviews')).toBe(0);
  });

  it.each([
    [{ periodStart: last.start, periodEnd: last.start }, 'periodEnd', 'no length'],
    [{ periodStart: addDays(today, 3), periodEnd: addDays(today, 10) }, 'periodStart', 'future'],
    [{ periodStart: last.start, periodEnd: addDays(today, 20) }, 'periodEnd', 'future'],
    [{ periodStart: 'last month', periodEnd: last.end }, 'periodStart', 'date'],
    [{ ...reviewBody, extra: 1 }, '', ''],
  ])('refuses %o naming %s (400, nothing written)', async (body, field, words) => {
    const refused = await area.people.internalLead.client.post(`${base()}/reviews`, body);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.body).toContain(field);
    expect(refused.body).toContain(words);
    expect(await count('service_reviews')).toBe(0);
  });

  it('lets only the leads prepare one (abilities honoured)', async () => {
    for (const persona of PERSONAS.filter(
      (p) => p !== 'requester' && p !== 'internalLead' && p !== 'providerLead',
    )) {
      const { client } = area.people[persona];
      const list = (await client.get(`${base()}/reviews`)).json();
      const refused = await client.post(`${base()}/reviews`, reviewBody);
      expectAbilityHonoured(`${persona} create`, list.abilities.create, refused, 'REVIEW_ROLE_REQUIRED');
    }
    expect(await count('service_reviews')).toBe(0);
  });

  it("creates last month's review with every section of the pack, audited, and queues the snapshot", async () => {
    await insertTicket({
      created: at(last.start),
      firstResponse: at(last.start, 12),
      resolved: at(addDays(last.start, 1)),
      rating: 5,
      comment: 'Quick and kind',
    });
    await insertTicket({
      created: at(addDays(last.start, 2)),
      resolved: at(addDays(last.start, 3)),
      rating: 2,
    });
    await insertTicket({ created: at(addDays(last.start, 4)), lane: area.ws.providerPartyId });
    const list = (await area.people.internalLead.client.get(`${base()}/reviews`)).json();
    expect(list.cadence).toBe('monthly');
    expect(list.nextPeriod).toMatchObject({ start: last.start, end: last.end, exists: false });
    const created = await area.people.internalLead.client.post(`${base()}/reviews`, reviewBody);
    expect(created.statusCode, created.body).toBe(201);
    const review = created.json().review;
    key = review.key;
    expect(review.status).toBe('draft');
    expect(review.pack.sections.map((s: { id: string }) => s.id)).toEqual([...PACK_SECTIONS]);
    // The readiness section is the leaders' ten checks (src/readiness, wired by the composition root).
    const readiness = review.pack.sections.find((s: { id: string }) => s.id === 'readiness');
    expect(readiness.items).toHaveLength(10);
    expect(readiness.summary).toMatch(/^\d+ of 10 checks met/);
    const feedback = review.pack.sections.find((s: { id: string }) => s.id === 'feedback');
    expect(feedback.figures[0]).toMatchObject({ label: 'Average rating (of 5)', value: 3.5 });
    expect(feedback.items[0].detail).toBe('Quick and kind');
    const stuck = review.pack.sections.find((s: { id: string }) => s.id === 'stuck_work');
    expect(stuck.figures.find((f: { label: string }) => f.label === 'Tickets opened').value).toBe(3);
    const trends = review.pack.sections.find((s: { id: string }) => s.id === 'trends');
    const openWork = trends.charts.find((c: { id: string }) => c.id === 'trend_open_work');
    expect(openWork.points).toHaveLength(6);
    // Computed from the records for the period's last day: one ticket still open.
    expect(openWork.points[5].values.total).toBe(1);
    expect(await count('audit_events', "workspace_id = $1 and action = 'service_review.created'")).toBe(1);
    expect(await count('pgboss.job', "name = 'reviews.snapshot' and data->>'workspaceId' = $1")).toBe(1);
  });

  it('refuses a second review of the same period (409) and another workspace sees none of it (404)', async () => {
    const again = await area.people.providerLead.client.post(`${base()}/reviews`, reviewBody);
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('REVIEW_EXISTS');
    const other = await makeWorkspace(area.t.database.db, 'Elsewhere');
    const stranger = await signedIn(area.t.app, other.lead.email);
    for (const path of [`/reviews/${key}`, `/reviews/${key}/pack.pdf`]) {
      const r = await stranger.get(`${base()}${path}`);
      expect(r.statusCode).toBe(404);
    }
    const theirs = await stranger.get(`/api/v1/w/${other.slug}/reviews/${key}`);
    expect(theirs.statusCode).toBe(404);
  });
});

describe('the meeting: commentary, actions, hold', () => {
  it('takes commentary per section from each lead, and refuses others and bad sections', async () => {
    const url = `${base()}/reviews/${key}/commentary/trends`;
    const internal = await area.people.internalLead.client.request('PUT', url, {
      body: 'Fewer open tickets.',
    });
    expect(internal.statusCode, internal.body).toBe(200);
    const provider = await area.people.providerLead.client.request('PUT', url, {
      body: 'Agreed; P1s were fast.',
    });
    expect(provider.statusCode).toBe(200);
    const commentary = provider.json().review.commentary;
    expect(commentary.map((c: { party: { kind: string } }) => c.party.kind).sort()).toEqual([
      'internal',
      'provider',
    ]);
    const rewritten = await area.people.internalLead.client.request('PUT', url, {
      body: 'Fewer open tickets than in October.',
    });
    expect(rewritten.json().review.commentary).toHaveLength(2);
    for (const persona of ['internalAgent', 'internalViewer', 'providerAgent', 'requester'] as const) {
      const refused = await area.people[persona].client.request('PUT', url, { body: 'Me too' });
      expect(refused.statusCode).toBe(403);
    }
    const badSection = await area.people.internalLead.client.request(
      'PUT',
      `${base()}/reviews/${key}/commentary/gossip`,
      {
        body: 'x',
      },
    );
    expect(badSection.statusCode).toBe(400);
    expect(badSection.body).toContain('section');
    expect(await count('review_commentary')).toBe(2);
  });

  it('turns an agreed action into a backlog item with the service-review source', async () => {
    const agreed = await area.people.internalLead.client.post(`${base()}/reviews/${key}/actions`, {
      title: 'Write the printer runbook',
      ownerPartyId: area.ws.providerPartyId,
      priority: 'high',
      section: 'documentation',
    });
    expect(agreed.statusCode, agreed.body).toBe(201);
    const action = agreed.json().review.actions[0];
    expect(action).toMatchObject({ title: 'Write the printer runbook', section: 'documentation' });
    const board = (await area.people.internalAgent.client.get(`${base()}/backlog`)).json();
    const item = board.items.find((i: { title: string }) => i.title === 'Write the printer runbook');
    expect(item.source.kind).toBe('service_review');
    const badOwner = await area.people.internalLead.client.post(`${base()}/reviews/${key}/actions`, {
      title: 'Nobody owns this',
      ownerPartyId: '00000000-0000-4000-8000-000000000000',
      section: 'backlog',
    });
    expect(badOwner.statusCode).toBe(400);
    const byAgent = await area.people.providerAgent.client.post(`${base()}/reviews/${key}/actions`, {
      title: 'Mine',
      ownerPartyId: area.ws.providerPartyId,
      section: 'backlog',
    });
    expect(byAgent.statusCode).toBe(403);
    expect(await count('backlog_items', "workspace_id = $1 and source = 'service_review'")).toBe(1);
  });

  it('exports the pack as Markdown, HTML and a PDF whose text carries the sections and figures', async () => {
    const review = (await area.people.internalViewer.client.get(`${base()}/reviews/${key}`)).json().review;
    const md = await area.people.internalViewer.client.get(`${base()}/reviews/${key}/pack.md`);
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-type']).toContain('text/markdown');
    const html = await area.people.internalViewer.client.get(`${base()}/reviews/${key}/pack.html`);
    expect(html.headers['content-type']).toContain('text/html');
    const pdf = await area.people.internalViewer.client.get(`${base()}/reviews/${key}/pack.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.rawPayload);
    for (const section of review.pack.sections) {
      expect(md.body).toContain(`## ${section.title}`);
      expect(html.body).toContain(`<h2>${section.title.replace(/&/g, '&amp;')}</h2>`);
      expect(text).toContain(section.title);
    }
    const feedback = review.pack.sections.find((s: { id: string }) => s.id === 'feedback');
    expect(text).toContain(feedback.figures[0].text);
    expect(text).toContain('Fewer open tickets than in October.');
    expect(text).toContain('Write the printer runbook');
    // The charts are vector paths drawn by pdfkit (moveto/lineto and filled rectangles).
    expect(pdf.rawPayload.toString('latin1')).toMatch(/\d+ \d+(\.\d+)? l\n/);
    const asRequester = await area.people.requester.client.get(`${base()}/reviews/${key}/pack.pdf`);
    expect(asRequester.statusCode).toBe(403);
  });

  it('refuses a bad hold (attendees, date, stale version) and writes nothing', async () => {
    const url = `${base()}/reviews/${key}/hold`;
    const review = (await area.people.internalLead.client.get(`${base()}/reviews/${key}`)).json().review;
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ version: review.version, heldOn: today, attendees: [] }, 400, 'attendee'],
      [{ version: review.version, heldOn: addDays(today, 2), attendees: ['Alice'] }, 400, 'future'],
      [{ version: review.version, heldOn: addDays(last.start, -1), attendees: ['Alice'] }, 400, 'heldOn'],
      [{ version: review.version + 5, heldOn: today, attendees: ['Alice'] }, 409, 'STALE_VERSION'],
    ];
    for (const [body, status, words] of cases) {
      const refused = await area.people.internalLead.client.post(url, body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(status);
      expect(refused.body).toContain(words);
    }
    const byViewer = await area.people.internalViewer.client.post(url, {
      version: review.version,
      heldOn: today,
      attendees: ['Alice'],
    });
    expect(byViewer.statusCode).toBe(403);
    expect(await count('service_reviews', "workspace_id = $1 and status = 'held'")).toBe(0);
  });

  it('holds the review and freezes its figures: later records never change them', async () => {
    const review = (await area.people.internalLead.client.get(`${base()}/reviews/${key}`)).json().review;
    const held = await area.people.providerLead.client.post(`${base()}/reviews/${key}/hold`, {
      version: review.version,
      heldOn: today,
      attendees: ['Alice Internal', 'Pat Provider'],
    });
    expect(held.statusCode, held.body).toBe(200);
    const frozen = held.json().review;
    expect(frozen).toMatchObject({ status: 'held', frozen: true, heldOn: today });
    expect(frozen.abilities).toEqual({ comment: false, agreeAction: false, hold: false });
    await insertTicket({
      created: at(addDays(last.start, 5)),
      resolved: at(addDays(last.start, 6)),
      rating: 1,
    });
    const later = (await area.people.internalLead.client.get(`${base()}/reviews/${key}`)).json().review;
    expect(later.pack).toEqual(frozen.pack);
    for (const [path, body] of [
      ['/commentary/risks', { body: 'Too late' }],
      ['/actions', { title: 'Too late', ownerPartyId: area.ws.providerPartyId, section: 'risks' }],
      ['/hold', { version: frozen.version, heldOn: today, attendees: ['Alice'] }],
    ] as const) {
      const refused =
        path === '/commentary/risks'
          ? await area.people.internalLead.client.request('PUT', `${base()}/reviews/${key}${path}`, body)
          : await area.people.internalLead.client.post(`${base()}/reviews/${key}${path}`, body);
      expect(refused.statusCode, path).toBe(409);
      expect(errorOf(refused).code).toBe('REVIEW_HELD');
    }
    expect(await count('review_commentary')).toBe(2);
    expect(await count('backlog_items', "workspace_id = $1 and source = 'service_review'")).toBe(1);
  });
});

describe('measures over time', () => {
  it('snapshots a day exactly once, backfilling the days before at the first snapshot', async () => {
    const day = addDays(last.end, -1);
    const first = await snapshotWorkspace(area.t.database.db, area.ws.id, day, {
      jobs: area.t.jobs,
      backfillDays: 40,
    });
    expect(first).toMatchObject({ claimed: true, days: 40 });
    const again = await snapshotWorkspace(area.t.database.db, area.ws.id, day, { jobs: area.t.jobs });
    expect(again.claimed).toBe(false);
    const next = await snapshotWorkspace(area.t.database.db, area.ws.id, last.end, { jobs: area.t.jobs });
    expect(next).toMatchObject({ claimed: true, days: 1 });
    const open = await owner<{ day: string; value: number }>(
      `select day::text, value from measure_snapshots where workspace_id = $1 and measure = 'open_work' and dimension = '' order by day`,
      [area.ws.id],
    );
    expect(open).toHaveLength(41);
    // Before the first ticket nothing was open; at the month's end the provider-lane ticket still is.
    expect(open[0]!.value).toBe(0);
    expect(open.find((o) => o.day === day)!.value).toBe(1);
    const lanes = await owner<{ dimension: string }>(
      `select dimension from measure_snapshots where workspace_id = $1 and measure = 'open_work' and day = $2 and dimension <> ''`,
      [area.ws.id, day],
    );
    expect(lanes.length).toBe(1);
    // Measures without history (recovery steps, access findings, risk levels) are never backfilled.
    expect(await count('measure_snapshots', "workspace_id = $1 and measure = 'access_findings'")).toBe(2);
  });

  it('serves a measure series and refuses an unknown measure', async () => {
    const series = await area.people.internalViewer.client.get(
      `${base()}/measures?measure=open_work&from=${addDays(last.end, -5)}&to=${last.end}`,
    );
    expect(series.statusCode, series.body).toBe(200);
    expect(series.json()).toMatchObject({ unit: 'count', goodWhenLower: true });
    expect(series.json().points).toHaveLength(6);
    const bad = await area.people.internalViewer.client.get(`${base()}/measures?measure=happiness`);
    expect(bad.statusCode).toBe(400);
    const backwards = await area.people.internalViewer.client.get(
      `${base()}/measures?measure=open_work&from=${today}&to=${addDays(today, -3)}`,
    );
    expect(backwards.statusCode).toBe(400);
    const requester = await area.people.requester.client.get(`${base()}/measures?measure=open_work`);
    expect(requester.statusCode).toBe(403);
  });
});

describe('the pack by e-mail after each period', () => {
  it('lets only the internal lead name recipients, members of this workspace', async () => {
    const url = `${base()}/reviews/settings`;
    const refused = await area.people.providerLead.client.request('PUT', url, {
      version: 0,
      recipientMembershipIds: [area.people.providerLead.membershipId],
    });
    expect(refused.statusCode).toBe(403);
    const requesterNamed = await area.people.internalLead.client.request('PUT', url, {
      version: 0,
      recipientMembershipIds: [area.people.requester.membershipId],
    });
    expect(requesterNamed.statusCode).toBe(400);
    expect(requesterNamed.body).toContain('recipientMembershipIds.0');
    const saved = await area.people.internalLead.client.request('PUT', url, {
      version: 0,
      recipientMembershipIds: [
        area.people.internalViewer.membershipId,
        area.people.providerLead.membershipId,
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().recipients).toHaveLength(2);
    const stale = await area.people.internalLead.client.request('PUT', url, {
      version: 0,
      recipientMembershipIds: [],
    });
    expect(stale.statusCode).toBe(409);
  });

  it('mails the last period’s pack once to the recipients', async () => {
    const first = await closeLastPeriod(area.t.database.db, area.ws.id, { jobs: area.t.jobs });
    expect(first).toEqual({ mailed: true });
    const second = await closeLastPeriod(area.t.database.db, area.ws.id, { jobs: area.t.jobs });
    expect(second).toEqual({ mailed: false });
    const rows = await owner<{ membership_id: string; subject: string; body: string }>(
      `select membership_id, subject, body from notifications where workspace_id = $1 and event = 'review.pack_ready'`,
      [area.ws.id],
    );
    expect(rows.map((r) => r.membership_id).sort()).toEqual(
      [area.people.internalViewer.membershipId, area.people.providerLead.membershipId].sort(),
    );
    expect(rows[0]!.subject).toContain(key);
    expect(rows[0]!.body).toContain(`## ${SECTION_TITLES.knowledge_transfer}`);
  });
});
