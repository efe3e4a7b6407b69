import { beforeAll, describe, expect, it } from 'vitest';
import { rowCounts } from '../test/cast.ts';
import { TestClient as Client, errorOf, type TestClient } from '../test/client.ts';
import { castForFile, queuedAppForFile } from '../test/file-setup.ts';
import { handleUpdateDue, startIncidentWorkers } from './update-due.job.ts';

// The reminder is a pg-boss job, so this app runs with the job queue.
const queued = queuedAppForFile({ poll: false });
const { ws, other, c, ids } = castForFile(queued);
let tickets: string[];

const base = () => `/api/v1/w/${ws.slug}`;
const { count, audits, notified } = rowCounts(() => ({ database: queued.database, ws }));
const reminders = (incidentId: string) =>
  queued.database.unsafeOwnerQuery<{ data: { dueAt: string }; start_after: Date }>(
    `select data, start_after from pgboss.job where name = 'incident.update-due' and data->>'incidentId' = $1 order by created_on`,
    [incidentId],
  );
const declare = (client: TestClient, body: Record<string, unknown> = {}) =>
  client.post(`${base()}/incidents`, {
    title: 'Email is down',
    impact: 'Nobody can send mail',
    ticketKeys: [tickets[0]],
    ...body,
  });

beforeAll(async () => {
  const map = (await c.lead.get(`${base()}/responsibility/map`)).json();
  tickets = [];
  for (const subject of ['Mail bounces', 'Outlook offline', 'Cannot reach SharePoint']) {
    const created = await c.lead.post(`${base()}/tickets`, { serviceId: map.services[0].id, subject });
    expect(created.statusCode, created.body).toBe(201);
    tickets.push(created.json().ticket.key);
  }
});

describe('declaring a major incident', () => {
  it('refuses without a session (401)', async () => {
    expect((await new Client(queued.app).post(`${base()}/incidents`, {})).statusCode).toBe(401);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const before = await count('incidents');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '' }, 'title'],
      [{ ticketKeys: [] }, 'ticketKeys'],
      [{ ticketKeys: ['NOPE-1'] }, 'ticketKeys.0'],
      [{ ticketKeys: [`${tickets[0]}`, 'ACME-99999'] }, 'ticketKeys.1'],
      [{ updateCadenceMinutes: 1 }, 'updateCadenceMinutes'],
      [{ commanderMembershipId: ids.viewer }, 'commanderMembershipId'],
      [{ communicationsLeadMembershipId: ids.requester }, 'communicationsLeadMembershipId'],
      [{ commanderMembershipId: ids.otherLead }, 'commanderMembershipId'],
      [{ surprise: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await declare(c.lead, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      if (field) expect(JSON.stringify(errorOf(res)), JSON.stringify(body)).toContain(field);
    }
    expect(await count('incidents')).toBe(before);
  });

  it('refuses a provider engineer (403 DECISION_RIGHT_REQUIRED naming who holds it), and every role but the holder', async () => {
    const before = await count('incidents');
    for (const who of ['engineer', 'providerLead', 'agent', 'viewer', 'requester'] as const) {
      const res = await declare(c[who]);
      expect(res.statusCode, who).toBe(403);
      expect(errorOf(res).code, who).toBe('DECISION_RIGHT_REQUIRED');
      expect(errorOf(res).message, who).toContain('held by the internal IT lead');
    }
    expect(await count('incidents')).toBe(before);
    expect(await count('decisions')).toBe(0);
  });

  it('answers 404 for another workspace and writes nothing there', async () => {
    const res = await declare(c.otherLead);
    expect(res.statusCode).toBe(404);
    expect(await count('incidents', 'workspace_id = $1', [other.id])).toBe(0);
  });

  it('lets a provider lead declare once the internal lead delegates the right to that party', async () => {
    const types = (await c.lead.get(`${base()}/decision-types`)).json().items as Array<{
      id: string;
      key: string;
      version: number;
    }>;
    const type = types.find((x) => x.key === 'declare-major-incident')!;
    const moved = await c.lead.patch(`${base()}/decision-types/${type.id}`, {
      version: type.version,
      decider: 'provider_lead',
      delegatePartyId: ws.providerPartyId,
      reason: 'Out-of-hours cover',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    try {
      const refused = await declare(c.engineer);
      expect(refused.statusCode).toBe(403);
      expect(errorOf(refused).message).toContain('the lead of Provider Ltd');
      const declared = await declare(c.providerLead, { title: 'Provider-declared outage' });
      expect(declared.statusCode, declared.body).toBe(201);
      expect(declared.json().incident.abilities.resolve).toBe(true);
    } finally {
      const back = await c.lead.patch(`${base()}/decision-types/${type.id}`, {
        version: type.version + 1,
        decider: 'internal_lead',
        reason: 'Cover ended',
      });
      expect(back.statusCode, back.body).toBe(200);
    }
  });

  it('declares from tickets: decision log entry, roles, subscribers, timeline, audit and a reminder job', async () => {
    const res = await declare(c.lead, {
      ticketKeys: [tickets[0], tickets[1]],
      communicationsLeadMembershipId: ids.engineer,
      updateCadenceMinutes: 30,
      rationale: 'Company-wide outage',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { incident } = res.json();
    expect(incident.key).toMatch(/^MI-\d+$/);
    expect(incident.status).toBe('open');
    expect(incident.commander.name).toContain('Lead');
    expect(incident.communicationsLead.membershipId).toBe(ids.engineer);
    expect(incident.tickets.map((t: { key: string }) => t.key)).toEqual([tickets[0], tickets[1]]);
    // The linked tickets name their incident on the ticket page; an unlinked one names none.
    const linked = (await c.lead.get(`${base()}/tickets/${tickets[1]}`)).json();
    expect(linked.incidents).toEqual([{ key: incident.key, title: 'Email is down', status: 'open' }]);
    expect((await c.lead.get(`${base()}/tickets/${tickets[2]}`)).json().incidents).toEqual([]);
    expect(incident.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'declared',
      'ticket_linked',
      'ticket_linked',
    ]);
    expect(incident.subscribers).toHaveLength(2);
    expect(new Date(incident.nextUpdateDueAt).getTime() - new Date(incident.declaredAt).getTime()).toBe(
      30 * 60_000,
    );
    const decisions = (await c.lead.get(`${base()}/decisions?typeKey=declare-major-incident`)).json().items;
    expect(decisions[0].status).toBe('approved');
    expect(decisions[0].title).toContain(incident.key);
    expect(await audits('incident.declared')).toBe(2);
    // Both parties' leads and the communications lead are notified; the declarer is not (the internal
    // lead's one notification is of the provider lead's declaration above).
    expect(await notified('incident.declared', ids.providerLead)).toBe(1);
    expect(await notified('incident.declared', ids.engineer)).toBe(1);
    expect(await notified('incident.declared', ws.lead.membershipId)).toBe(1);
    const jobsFor = await reminders(incident.id);
    expect(jobsFor).toHaveLength(1);
    expect(jobsFor[0]!.data.dueAt).toBe(new Date(incident.nextUpdateDueAt).toISOString());
    expect(new Date(jobsFor[0]!.start_after).toISOString()).toBe(jobsFor[0]!.data.dueAt);
  });
});

describe('running an open incident', () => {
  let key: string;
  let id: string;
  let version: number;
  beforeAll(async () => {
    const res = await declare(c.lead, { title: 'VPN down', communicationsLeadMembershipId: ids.engineer });
    ({ key, id, version } = res.json().incident);
  });
  const url = (path = '') => `${base()}/incidents/${key}${path}`;

  it('lists incidents and shows one to staff only (viewers read, requesters 403, other workspace 404)', async () => {
    const list = await c.viewer.get(`${base()}/incidents?status=open`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.some((i: { key: string }) => i.key === key)).toBe(true);
    expect(list.json().abilities.declare).toBe(false);
    expect((await c.lead.get(`${base()}/incidents`)).json().abilities.declare).toBe(true);
    expect((await c.engineer.get(url())).statusCode).toBe(200);
    expect((await c.requester.get(url())).statusCode).toBe(403);
    expect((await c.requester.get(`${base()}/incidents`)).statusCode).toBe(403);
    expect((await c.otherLead.get(`/api/v1/w/${ws.slug}/incidents/${key}`)).statusCode).toBe(404);
    expect((await c.lead.get(`${base()}/incidents/MI-9999`)).statusCode).toBe(404);
    expect((await c.lead.get(`${base()}/incidents/banana`)).statusCode).toBe(400);
    expect((await c.lead.get(`${base()}/incidents?status=closed`)).statusCode).toBe(400);
    expect((await new Client(queued.app).get(`${base()}/incidents`)).statusCode).toBe(401);
  });

  it('posts stakeholder updates: refusals, then a public update resets the due time and re-arms the reminder', async () => {
    expect((await new Client(queued.app).post(url('/updates'), { body: 'x' })).statusCode).toBe(401);
    const empty = await c.engineer.post(url('/updates'), { body: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(empty))).toContain('body');
    expect((await c.engineer.post(url('/updates'), { body: 'x', visibility: 'secret' })).statusCode).toBe(
      400,
    );
    for (const who of ['agent', 'viewer', 'providerLead', 'requester'] as const) {
      const res = await c[who].post(url('/updates'), { body: 'x' });
      expect(res.statusCode, who).toBe(403);
    }
    expect((await c.otherLead.post(url('/updates'), { body: 'x' })).statusCode).toBe(404);
    expect(await count('incident_updates', 'incident_id = $1', [id])).toBe(0);
    // The communications lead (a provider engineer) posts.
    const posted = await c.engineer.post(url('/updates'), { body: 'Engineers are restoring the VPN.' });
    expect(posted.statusCode, posted.body).toBe(201);
    const staffOnly = await c.lead.post(url('/updates'), {
      body: 'Root cause looks like a cert.',
      visibility: 'staff',
    });
    expect(staffOnly.statusCode).toBe(201);
    const detail = staffOnly.json().incident;
    expect(detail.updates).toHaveLength(2);
    expect(detail.timeline.filter((e: { kind: string }) => e.kind === 'update_posted')).toHaveLength(2);
    expect(await audits('incident.update_posted')).toBe(2);
    // The declarer subscribed and hears of the communications lead's update, not of their own.
    expect(await notified('incident.updated', ws.lead.membershipId)).toBe(1);
    expect(await reminders(id)).toHaveLength(3);
    version = detail.version;
  });

  it('shows requesters a banner with the latest public update only', async () => {
    const banner = await c.requester.get(`${base()}/incidents/banner`);
    expect(banner.statusCode).toBe(200);
    const item = banner.json().items.find((i: { key: string }) => i.key === key);
    expect(item.latestUpdate.body).toBe('Engineers are restoring the VPN.');
    expect(JSON.stringify(banner.json())).not.toContain('cert');
    expect((await c.otherLead.get(`${base()}/incidents/banner`)).statusCode).toBe(404);
    expect((await new Client(queued.app).get(`${base()}/incidents/banner`)).statusCode).toBe(401);
  });

  it('subscribes anyone themselves; subscribing others needs an incident role', async () => {
    expect((await c.requester.post(url('/subscribers'), {})).statusCode).toBe(200);
    expect((await c.requester.get(`${base()}/incidents/banner`)).json().items[0].subscribed).toBe(true);
    const refused = await c.agent.post(url('/subscribers'), { membershipId: ids.viewer });
    expect(refused.statusCode).toBe(403);
    expect((await c.lead.post(url('/subscribers'), { membershipId: 'nope' })).statusCode).toBe(400);
    const foreign = await c.lead.post(url('/subscribers'), { membershipId: ids.otherLead });
    expect(foreign.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(foreign))).toContain('membershipId');
    expect((await c.lead.post(url('/subscribers'), { membershipId: ids.viewer })).statusCode).toBe(200);
    expect((await c.otherLead.post(url('/subscribers'), {})).statusCode).toBe(404);
    expect((await c.agent.delete(url(`/subscribers/${ids.viewer}`))).statusCode).toBe(403);
    expect((await c.requester.delete(url(`/subscribers/${ids.requester}`))).statusCode).toBe(200);
    expect((await new Client(queued.app).delete(url(`/subscribers/${ids.requester}`))).statusCode).toBe(401);
    expect((await c.lead.delete(url('/subscribers/not-a-uuid'))).statusCode).toBe(400);
    expect(
      await count('incident_subscribers', 'incident_id = $1 and membership_id = $2', [id, ids.requester]),
    ).toBe(0);
    expect(await audits('incident.subscribed')).toBeGreaterThanOrEqual(2);
  });

  it('links more tickets (refusing unknown keys and non-members of the incident roles)', async () => {
    const bad = await c.lead.post(url('/tickets'), { ticketKeys: ['ACME-0'] });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(bad))).toContain('ticketKeys.0');
    expect((await c.agent.post(url('/tickets'), { ticketKeys: [tickets[2]] })).statusCode).toBe(403);
    expect((await c.otherLead.post(url('/tickets'), { ticketKeys: [tickets[2]] })).statusCode).toBe(404);
    expect(
      (await new Client(queued.app).post(url('/tickets'), { ticketKeys: [tickets[2]] })).statusCode,
    ).toBe(401);
    const linked = await c.lead.post(url('/tickets'), { ticketKeys: [tickets[2], tickets[0]] });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().added).toBe(1);
    expect(linked.json().incident.tickets).toHaveLength(2);
    expect(await audits('incident.tickets_linked')).toBe(1);
    version = linked.json().incident.version;
  });

  it('changes roles and cadence (commander or holder only), recorded on the timeline', async () => {
    expect((await new Client(queued.app).patch(url(), { version })).statusCode).toBe(401);
    expect((await c.lead.patch(url(), { version })).statusCode).toBe(400);
    expect((await c.lead.patch(url(), { version, updateCadenceMinutes: 0 })).statusCode).toBe(400);
    const viewerCmd = await c.lead.patch(url(), { version, commanderMembershipId: ids.viewer });
    expect(viewerCmd.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(viewerCmd))).toContain('commanderMembershipId');
    // The communications lead may post but not change roles.
    expect((await c.engineer.patch(url(), { version, commanderMembershipId: ids.engineer })).statusCode).toBe(
      403,
    );
    expect((await c.otherLead.patch(url(), { version, title: 'x' })).statusCode).toBe(404);
    expect((await c.lead.patch(url(), { version: version + 5, title: 'x' })).statusCode).toBe(409);
    const changed = await c.lead.patch(url(), {
      version,
      commanderMembershipId: ids.agent,
      updateCadenceMinutes: 15,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const detail = changed.json().incident;
    expect(detail.commander.membershipId).toBe(ids.agent);
    expect(detail.updateCadenceMinutes).toBe(15);
    expect(detail.timeline.at(-1).kind).toBe('role_changed');
    expect(await audits('incident.roles_changed')).toBe(1);
    version = detail.version;
  });

  it('records a due update once when the reminder fires, and ignores stale reminders', async () => {
    const [incident] = await queued.database.unsafeOwnerQuery<{ next_update_due_at: Date }>(
      'select next_update_due_at from incidents where id = $1',
      [id],
    );
    const dueAt = new Date(incident!.next_update_due_at).toISOString();
    const payload = { workspaceId: ws.id, incidentId: id, dueAt };
    expect(
      await handleUpdateDue(queued.database.db, payload, {
        now: new Date(Date.parse(dueAt) - 1000),
        jobs: queued.jobs,
      }),
    ).toBe('stale');
    const later = new Date(Date.parse(dueAt) + 1000);
    expect(await handleUpdateDue(queued.database.db, payload, { now: later, jobs: queued.jobs })).toBe(
      'reminded',
    );
    expect(await handleUpdateDue(queued.database.db, payload, { now: later, jobs: queued.jobs })).toBe(
      'already',
    );
    expect(
      await handleUpdateDue(
        queued.database.db,
        { ...payload, dueAt: '2020-01-01T00:00:00.000Z' },
        { now: later, jobs: queued.jobs },
      ),
    ).toBe('stale');
    expect(await count('incident_events', "incident_id = $1 and kind = 'update_due'", [id])).toBe(1);
    // The commander (now the internal agent) and the communications lead are told, once.
    expect(await notified('incident.update_due', ids.agent)).toBe(1);
    expect(await notified('incident.update_due', ids.engineer)).toBe(1);
    expect(await audits('incident.update_due')).toBe(1);
  });

  it('resolves (commander or holder), after which updates and role changes are refused with 409', async () => {
    expect(
      (await new Client(queued.app).post(url('/resolve'), { version, resolution: 'x' })).statusCode,
    ).toBe(401);
    const empty = await c.agent.post(url('/resolve'), { version, resolution: '' });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(empty))).toContain('resolution');
    expect((await c.engineer.post(url('/resolve'), { version, resolution: 'x' })).statusCode).toBe(403);
    expect((await c.otherLead.post(url('/resolve'), { version, resolution: 'x' })).statusCode).toBe(404);
    // The new commander (an internal agent) resolves.
    const resolved = await c.agent.post(url('/resolve'), { version, resolution: 'Certificate renewed.' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const detail = resolved.json().incident;
    expect(detail.status).toBe('resolved');
    expect(detail.nextUpdateDueAt).toBeNull();
    expect(detail.timeline.at(-1).kind).toBe('resolved');
    expect(await audits('incident.resolved')).toBe(1);
    expect(await notified('incident.resolved', ids.viewer)).toBe(1);
    const after = await c.engineer.post(url('/updates'), { body: 'late' });
    expect(after.statusCode).toBe(409);
    expect(errorOf(after).code).toBe('INCIDENT_RESOLVED');
    expect(
      (await c.lead.post(url('/resolve'), { version: detail.version, resolution: 'again' })).statusCode,
    ).toBe(409);
    expect(
      (await c.requester.get(`${base()}/incidents/banner`))
        .json()
        .items.some((i: { key: string }) => i.key === key),
    ).toBe(false);
    // A stale reminder after resolution does nothing.
    expect(
      await handleUpdateDue(
        queued.database.db,
        {
          workspaceId: ws.id,
          incidentId: id,
          dueAt: new Date().toISOString(),
        },
        { jobs: queued.jobs },
      ),
    ).toBe('stale');
  });

  it('writes the review jointly, turns each action into a backlog item, and completes it', async () => {
    const review = {
      whatHappened: 'An expired certificate stopped the VPN.',
      impact: 'Remote staff could not work for two hours.',
      timeline: '09:00 alerts; 11:00 renewed',
      causes: 'No expiry monitoring.',
      wentWell: 'Quick diagnosis.',
    };
    expect((await new Client(queued.app).request('PUT', url('/review'), review)).statusCode).toBe(401);
    expect((await c.viewer.request('PUT', url('/review'), review)).statusCode).toBe(403);
    expect((await c.requester.request('PUT', url('/review'), review)).statusCode).toBe(403);
    expect((await c.otherLead.request('PUT', url('/review'), review)).statusCode).toBe(404);
    expect((await c.lead.request('PUT', url('/review'), { ...review, extra: 1 })).statusCode).toBe(400);
    // The provider engineer drafts it; the internal lead edits with the version.
    const drafted = await c.engineer.request('PUT', url('/review'), { ...review, causes: '' });
    expect(drafted.statusCode, drafted.body).toBe(200);
    expect(drafted.json().review.status).toBe('draft');
    expect((await c.lead.request('PUT', url('/review'), { ...review, version: 9 })).statusCode).toBe(409);
    const tooEarly = await c.lead.post(url('/review/complete'), { version: 1 });
    expect(tooEarly.statusCode).toBe(409);
    expect(errorOf(tooEarly).code).toBe('REVIEW_INCOMPLETE');
    const edited = await c.lead.request('PUT', url('/review'), { ...review, version: 1 });
    expect(edited.statusCode, edited.body).toBe(200);

    const action = {
      title: 'Monitor certificate expiry',
      why: 'The VPN certificate expired unnoticed.',
      ownerPartyId: ws.providerPartyId,
      priority: 'high',
      targetQuarter: '2027-Q1',
    };
    expect((await new Client(queued.app).post(url('/review/actions'), action)).statusCode).toBe(401);
    const badQuarter = await c.lead.post(url('/review/actions'), { ...action, targetQuarter: '2027-Q5' });
    expect(badQuarter.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(badQuarter))).toContain('targetQuarter');
    const badParty = await c.lead.post(url('/review/actions'), {
      ...action,
      ownerPartyId: other.providerPartyId,
    });
    expect(badParty.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(badParty))).toContain('ownerPartyId');
    expect((await c.viewer.post(url('/review/actions'), action)).statusCode).toBe(403);
    expect((await c.otherLead.post(url('/review/actions'), action)).statusCode).toBe(404);
    expect(await count('backlog_items')).toBe(0);
    const added = await c.engineer.post(url('/review/actions'), action);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().item.source).toMatchObject({
      kind: 'post_incident_review',
      id,
      link: `/incidents/${key}`,
    });
    await c.lead.post(url('/review/actions'), {
      ...action,
      title: 'Runbook for VPN certificates',
      priority: 'medium',
    });

    expect((await new Client(queued.app).post(url('/review/complete'), { version: 2 })).statusCode).toBe(401);
    expect((await c.engineer.post(url('/review/complete'), { version: 2 })).statusCode).toBe(403);
    expect((await c.otherLead.post(url('/review/complete'), { version: 2 })).statusCode).toBe(404);
    expect((await c.lead.post(url('/review/complete'), {})).statusCode).toBe(400);
    const completed = await c.lead.post(url('/review/complete'), { version: 2 });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json().incident.review.status).toBe('completed');
    expect(completed.json().actions.map((a: { title: string }) => a.title)).toEqual([
      'Monitor certificate expiry',
      'Runbook for VPN certificates',
    ]);
    expect(completed.json().incident.timeline.at(-1).kind).toBe('review_completed');
    expect((await c.lead.request('PUT', url('/review'), { ...review, version: 3 })).statusCode).toBe(409);
    const board = (await c.viewer.get(`${base()}/backlog?status=proposed`)).json().items;
    expect(
      board.filter((i: { source: { kind: string } }) => i.source.kind === 'post_incident_review'),
    ).toHaveLength(2);
    expect(await audits('incident.review_completed')).toBe(1);
    expect(await audits('backlog_item.created')).toBe(2);
  });

  it('refuses a review while the incident is open (409)', async () => {
    const open = (await declare(c.lead, { title: 'Printer fire' })).json().incident;
    const res = await c.lead.request('PUT', `${base()}/incidents/${open.key}/review`, { whatHappened: 'x' });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('INCIDENT_OPEN');
  });
});

describe('the update-due reminder through the job queue', () => {
  it('fires from pg-boss once its time comes and records the due update on the timeline', async () => {
    const { incident } = (await declare(c.lead, { title: 'Timer check' })).json();
    // Bring the due time close, as if the cadence had nearly run out, and arm a timer for it.
    const dueAt = new Date(Date.now() + 1500);
    await queued.database.unsafeOwnerQuery('update incidents set next_update_due_at = $1 where id = $2', [
      dueAt,
      incident.id,
    ]);
    await queued.database.db.transaction((tx) =>
      queued.jobs.enqueue(
        tx,
        'incident.update-due',
        { workspaceId: ws.id, incidentId: incident.id, dueAt: dueAt.toISOString() },
        { startAfter: dueAt },
      ),
    );
    await startIncidentWorkers(queued.jobs, queued.database.db, {});
    const fired = () => count('incident_events', "incident_id = $1 and kind = 'update_due'", [incident.id]);
    // Not before its time: draining now runs nothing.
    await queued.jobs.drain();
    expect(await fired()).toBe(0);
    // Its time comes (the timer's start is moved to now rather than waiting for the clock).
    await queued.database.unsafeOwnerQuery(
      `update pgboss.job set start_after = now() where name = 'incident.update-due' and data->>'incidentId' = $1`,
      [incident.id],
    );
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt.getTime() - Date.now())));
    expect(await queued.jobs.drain()).toBeGreaterThanOrEqual(1);
    expect(await fired()).toBe(1);
    const detail = (await c.lead.get(`${base()}/incidents/${incident.key}`)).json().incident;
    expect(detail.updateOverdue).toBe(true);
    expect(detail.timeline.at(-1).text).toBe('A stakeholder update fell due');
  });
});

describe('a requester’s own request linked to a major incident', () => {
  it('names the open incident on the request, and no longer once it is resolved', async () => {
    const map = (await c.lead.get(`${base()}/responsibility/map`)).json();
    const raised = await c.lead.post(`${base()}/tickets`, {
      serviceId: map.services[0].id,
      subject: 'My mail does not send',
      requesterMembershipId: ids.requester,
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const ticketKey = raised.json().ticket.key as string;
    const declared = await declare(c.lead, { title: 'Mail outage', ticketKeys: [ticketKey] });
    expect(declared.statusCode, declared.body).toBe(201);
    const incident = declared.json().incident as { key: string; version: number };
    const requestOf = async () => {
      const r = await c.requester.get(`${base()}/tickets/${ticketKey}`);
      expect(r.statusCode).toBe(200);
      return r.json().incidents as Array<{ key: string; title: string; status: string }>;
    };
    expect(await requestOf()).toEqual([{ key: incident.key, title: 'Mail outage', status: 'open' }]);
    const resolved = await c.lead.post(`${base()}/incidents/${incident.key}/resolve`, {
      version: incident.version,
      resolution: 'Mail flows again',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(await requestOf()).toEqual([]);
  });
});
