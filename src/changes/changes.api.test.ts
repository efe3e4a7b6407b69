import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Who as Persona } from '../test/cast.ts';
import { TestClient as Client, errorOf, type TestClient } from '../test/client.ts';
import { castForFile, testAppForFile } from '../test/file-setup.ts';

const t = testAppForFile();
const { ws, other, c, ids } = castForFile(t);
let serviceId: string;
let responsiblePartyId: string;
let otherServiceId: string;
let erp: string;
let db: string;
let mail: string;
let otherSystem: string;
let ticketKey: string;

const base = () => `/api/v1/w/${ws.slug}`;
const q = <T>(sql: string, params: unknown[] = []) => t.database.unsafeOwnerQuery<T>(sql, params);
const count = async (table: string, where = 'workspace_id = $1', params: unknown[] = [ws.id]) =>
  (await q<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params))[0]!.n;
const audits = (action: string) =>
  count('audit_events', 'workspace_id = $1 and action = $2', [ws.id, action]);
const notified = (event: string, membershipId: string) =>
  count('notifications', 'workspace_id = $1 and event = $2 and membership_id = $3', [
    ws.id,
    event,
    membershipId,
  ]);

const day = 86_400_000;
const today = new Date();
const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
/** A window days from today at a given UTC hour. */
const windowAt = (days: number, hour = 20, hours = 2) => {
  const start = new Date(midnight + days * day + hour * 3600_000);
  return {
    plannedStart: start.toISOString(),
    plannedEnd: new Date(start.getTime() + hours * 3600_000).toISOString(),
  };
};
const ready = (days: number, extra: Record<string, unknown> = {}) => ({
  type: 'normal',
  title: 'Upgrade ERP database',
  serviceIds: [serviceId],
  systemIds: [erp],
  likelihood: 2,
  impact: 4,
  implementationPlan: 'Run the upgrade script',
  testPlan: 'Log in and post an invoice',
  backoutPlan: 'Restore the snapshot',
  timezone: 'Europe/London',
  ...windowAt(days),
  ...extra,
});
type ChangeBody = {
  change: {
    key: string;
    number: number;
    status: string;
    version: number;
    riskLevel: string;
    implementingParty: { id: string } | null;
    decision: { number: number; status: string } | null;
    conflicts: Array<{ change: { key: string }; reason: string }>;
    abilities: Record<string, boolean>;
    review: { required: boolean };
    reviewActions: Array<{ key: string }>;
    events: Array<{ kind: string }>;
    freeze: { title: string; overridden: boolean } | null;
    rejectionReason: string | null;
  };
};
const changeOf = (r: { json(): unknown }) => (r.json() as ChangeBody).change;
const create = async (client: TestClient, body: Record<string, unknown>) => {
  const r = await client.post(`${base()}/changes`, body);
  expect(r.statusCode, r.body).toBe(201);
  return changeOf(r);
};
const get = async (key: string, client = c.lead) => changeOf(await client.get(`${base()}/changes/${key}`));
const submit = (client: TestClient, ch: { key: string; version: number }) =>
  client.post(`${base()}/changes/${ch.key}/submit`, { version: ch.version });
const decide = (
  client: TestClient,
  decision: number,
  outcome: 'approve' | 'reject',
  rationale = 'Fine by the business',
) => client.post(`${base()}/decisions/${decision}/${outcome}`, { rationale });
/** Creates, submits and approves a normal change; returns it scheduled. */
const scheduled = async (days: number, extra: Record<string, unknown> = {}) => {
  const draft = await create(c.lead, ready(days, extra));
  const submitted = changeOf(await submit(c.lead, draft));
  expect((await decide(c.lead, submitted.decision!.number, 'approve')).statusCode).toBe(200);
  return get(draft.key);
};

beforeAll(async () => {
  const map = (await c.lead.get(`${base()}/responsibility/map`)).json() as {
    services: Array<{ id: string }>;
    assignments: Array<{ serviceId: string; partyId: string; role: string }>;
  };
  const single = map.services.find(
    (s) =>
      new Set(map.assignments.filter((a) => a.serviceId === s.id && a.role === 'R').map((a) => a.partyId))
        .size === 1,
  )!;
  serviceId = single.id;
  responsiblePartyId = map.assignments.find((a) => a.serviceId === serviceId && a.role === 'R')!.partyId;
  otherServiceId = (
    (await c.otherLead.get(`/api/v1/w/${other.slug}/responsibility/map`)).json() as typeof map
  ).services[0]!.id;
  const system = async (client: TestClient, slug: string, name: string) => {
    const r = await client.post(`/api/v1/w/${slug}/systems`, {
      name,
      kind: 'application',
      criticality: 'critical',
    });
    expect(r.statusCode, r.body).toBe(201);
    return (r.json() as { system: { id: string } }).system.id;
  };
  erp = await system(c.lead, ws.slug, 'ERP');
  db = await system(c.lead, ws.slug, 'ERP database');
  mail = await system(c.lead, ws.slug, 'Mail');
  otherSystem = await system(c.otherLead, other.slug, 'Their ERP');
  expect(
    (await c.lead.post(`${base()}/systems/${erp}/dependencies`, { dependsOnSystemId: db })).statusCode,
  ).toBe(201);
  const ticket = await c.lead.post(`${base()}/tickets`, { serviceId, subject: 'ERP slow at month end' });
  ticketKey = (ticket.json() as { ticket: { key: string } }).ticket.key;
});

describe('raising a change', () => {
  it('refuses without a session, and requesters', async () => {
    expect((await new Client(t.app).get(`${base()}/changes`)).statusCode).toBe(401);
    const r = await c.requester.post(`${base()}/changes`, ready(1));
    expect(r.statusCode).toBe(403);
    expect(errorOf(r).code).toBe('CHANGE_ROLE_REQUIRED');
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const before = await count('changes');
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { plannedEnd: windowAt(0, 10).plannedStart, plannedStart: windowAt(0, 12).plannedStart },
        'body.plannedEnd',
      ],
      [{ plannedEnd: null }, 'body.plannedEnd'],
      [{ timezone: 'Mars/Olympus' }, 'body.timezone'],
      [{ likelihood: 6 }, 'body.likelihood'],
      [{ serviceIds: [otherServiceId] }, 'body.serviceIds.0'],
      [{ systemIds: [erp, otherSystem] }, 'body.systemIds.1'],
      [{ ticketKeys: ['NOPE-1'] }, 'body.ticketKeys.0'],
      [{ problemKeys: ['PRB-999'] }, 'body.problemKeys.0'],
      [{ incidentKeys: ['MI-999'] }, 'body.incidentKeys.0'],
      [{ type: 'standard' }, 'body.templateId'],
      [{ title: '' }, 'body.title'],
      [{ surprise: 1 }, 'body'],
    ];
    for (const [body, field] of cases) {
      const r = await c.lead.post(`${base()}/changes`, ready(1, body));
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      const error = errorOf(r);
      const paths = (error.details as Array<{ path: string }> | undefined)?.map((d) => d.path) ?? [];
      expect(
        paths.some((p) => p.startsWith(field)),
        `${JSON.stringify(body)} → ${error.message}`,
      ).toBe(true);
    }
    expect(await count('changes')).toBe(before);
  });

  it('takes the implementing party from the map, shows the risk level, and keys it CHG-n', async () => {
    const problem = await c.lead.post(`${base()}/problems`, { title: 'ERP slow every month end' });
    expect(problem.statusCode, problem.body).toBe(201);
    const problemKey = (problem.json() as { problem: { key: string } }).problem.key;
    const incident = await c.lead.post(`${base()}/incidents`, {
      title: 'ERP down',
      impact: 'Nobody can post invoices',
      ticketKeys: [ticketKey],
    });
    expect(incident.statusCode, incident.body).toBe(201);
    const incidentKey = (incident.json() as { incident: { key: string } }).incident.key;
    const ch = await create(c.lead, {
      ...ready(1),
      ticketKeys: [ticketKey],
      problemKeys: [problemKey],
      incidentKeys: [incidentKey],
      userImpact: 'Invoices cannot be posted during the window',
      downtimeMinutes: 45,
    });
    // The record keeps what it touches and what users will notice.
    const detail = (await c.lead.get(`${base()}/changes/${ch.key}`)).json() as {
      change: {
        userImpact: string;
        downtimeMinutes: number;
        timezone: string;
        links: Record<
          'services' | 'systems' | 'tickets' | 'problems' | 'incidents',
          Array<{ id: string; key: string | null }>
        >;
      };
    };
    expect(detail.change.userImpact).toBe('Invoices cannot be posted during the window');
    expect(detail.change.downtimeMinutes).toBe(45);
    expect(detail.change.timezone).toBe('Europe/London');
    const links = detail.change.links;
    expect(links.services.map((x) => x.id)).toEqual([serviceId]);
    expect(links.systems.map((x) => x.id)).toEqual([erp]);
    expect(links.tickets.map((x) => x.key)).toEqual([ticketKey]);
    expect(links.problems.map((x) => x.key)).toEqual([problemKey]);
    expect(links.incidents.map((x) => x.key)).toEqual([incidentKey]);
    expect(ch.key).toMatch(/^CHG-\d+$/);
    expect(ch.status).toBe('draft');
    expect(ch.riskLevel).toBe('high');
    expect(ch.implementingParty?.id).toBe(responsiblePartyId);
    expect(await audits('change.created')).toBeGreaterThan(0);
    // Only the internal lead overrides the implementing party.
    const refused = await c.agent.patch(`${base()}/changes/${ch.key}`, {
      version: ch.version,
      implementingPartyId: ws.providerPartyId,
    });
    expect(refused.statusCode).toBe(403);
    const moved = await c.lead.patch(`${base()}/changes/${ch.key}`, {
      version: ch.version,
      implementingPartyId: ws.providerPartyId,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(changeOf(moved).implementingParty?.id).toBe(ws.providerPartyId);
  });

  it("answers 404 for another workspace's change", async () => {
    const ch = await create(c.lead, ready(2));
    expect((await c.otherLead.get(`/api/v1/w/${other.slug}/changes/${ch.key}`)).statusCode).toBe(404);
    expect((await c.otherLead.get(`${base()}/changes/${ch.key}`)).statusCode).toBe(404);
  });
});

describe('approval is a decision', () => {
  it('raises an approve-normal-change request, shows conflicts, and only the holder approves', async () => {
    const first = await scheduled(10);
    expect(first.status).toBe('scheduled');
    // The second change touches the database ERP depends on, in an overlapping window.
    const second = await create(c.engineer, ready(10, { systemIds: [db], ...windowAt(10, 21) }));
    expect(second.conflicts.map((x) => [x.change.key, x.reason])).toEqual([[first.key, 'dependency_of']]);
    const r = await submit(c.engineer, second);
    expect(r.statusCode, r.body).toBe(200);
    const submitted = changeOf(r);
    expect(submitted.status).toBe('submitted');
    expect(submitted.conflicts).toHaveLength(1);
    const decision = (await c.lead.get(`${base()}/decisions/${submitted.decision!.number}`)).json() as {
      decision: { type: { key: string }; context: string };
    };
    expect(decision.decision.type.key).toBe('approve-normal-change');
    expect(decision.decision.context).toContain(first.key);
    expect(await notified('change.submitted', ids.lead)).toBeGreaterThan(0);

    // A provider cannot approve: 403 naming the holder, nothing changes.
    for (const who of ['providerLead', 'engineer', 'agent'] as const) {
      const refused = await decide(c[who], submitted.decision!.number, 'approve');
      expect(refused.statusCode).toBe(403);
      expect(errorOf(refused).code).toBe('DECISION_RIGHT_REQUIRED');
      expect(errorOf(refused).message).toContain('the internal IT lead');
    }
    expect((await get(second.key)).status).toBe('submitted');

    const approved = await decide(c.lead, submitted.decision!.number, 'approve');
    expect(approved.statusCode, approved.body).toBe(200);
    const after = await get(second.key);
    expect(after.status).toBe('scheduled');
    expect(after.events.map((e) => e.kind)).toEqual(['created', 'submitted', 'approved', 'scheduled']);
    expect(await notified('change.approved', ids.engineer)).toBeGreaterThan(0);
    expect(await audits('change.approved')).toBeGreaterThan(0);
  });

  it('returns a rejected change to its submitter with the reason; it can be submitted again', async () => {
    const draft = await create(c.engineer, ready(20, { systemIds: [mail] }));
    const submitted = changeOf(await submit(c.engineer, draft));
    expect(
      (await decide(c.lead, submitted.decision!.number, 'reject', 'Not during the audit')).statusCode,
    ).toBe(200);
    const rejected = await get(draft.key, c.engineer);
    expect(rejected.status).toBe('rejected');
    expect(rejected.rejectionReason).toBe('Not during the audit');
    expect(rejected.abilities.edit).toBe(true);
    expect(await notified('change.rejected', ids.engineer)).toBe(1);
    const again = changeOf(await submit(c.engineer, rejected));
    expect(again.status).toBe('submitted');
    expect(again.decision!.number).not.toBe(submitted.decision!.number);
  });

  it('refuses to submit without a window or plans, naming what is missing', async () => {
    const draft = await create(c.lead, { type: 'normal', title: 'Vague idea' });
    const r = await submit(c.lead, draft);
    expect(r.statusCode).toBe(400);
    expect(errorOf(r).message).toContain('a planned window');
    expect((await get(draft.key)).status).toBe('draft');
  });
});

describe('freezes', () => {
  let freezeId: string;
  beforeAll(async () => {
    const body = {
      title: 'Month-end close',
      ...{ startsAt: windowAt(30, 0).plannedStart, endsAt: windowAt(33, 0).plannedStart },
      reason: 'Finance closes the books',
    };
    for (const who of ['agent', 'providerLead'] as const) {
      const refused = await c[who].post(`${base()}/change-freezes`, body);
      expect(refused.statusCode).toBe(403);
    }
    const bad = await c.lead.post(`${base()}/change-freezes`, { ...body, endsAt: body.startsAt });
    expect(bad.statusCode).toBe(400);
    const r = await c.lead.post(`${base()}/change-freezes`, body);
    expect(r.statusCode, r.body).toBe(201);
    freezeId = (r.json() as { freeze: { id: string } }).freeze.id;
  });

  it('refuses to schedule a change inside a freeze (409 naming it), writing nothing', async () => {
    const draft = await create(c.engineer, ready(31, { systemIds: [mail] }));
    const decisionsBefore = await count('decisions');
    const r = await submit(c.engineer, draft);
    expect(r.statusCode).toBe(409);
    expect(errorOf(r).code).toBe('CHANGE_FREEZE');
    expect(errorOf(r).message).toContain('Month-end close');
    expect(await count('decisions')).toBe(decisionsBefore);
    const after = await get(draft.key);
    expect(after.status).toBe('draft');
    expect(after.freeze).toEqual({ id: freezeId, title: 'Month-end close', overridden: false });
  });

  it('lets an emergency with a recorded reason through', async () => {
    const draft = await create(
      c.engineer,
      ready(31, { type: 'emergency', systemIds: [mail], emergencyReason: 'Actively exploited flaw' }),
    );
    const r = await submit(c.engineer, draft);
    expect(r.statusCode, r.body).toBe(200);
    expect(changeOf(r).freeze?.overridden).toBe(true);
    const decision = (await c.lead.get(`${base()}/decisions/${changeOf(r).decision!.number}`)).json() as {
      decision: { type: { key: string } };
    };
    expect(decision.decision.type.key).toBe('emergency-change');
  });

  it('refuses the approval when a freeze was declared after submission; the decision stays open', async () => {
    const draft = await create(c.lead, ready(40, { systemIds: [mail] }));
    const submitted = changeOf(await submit(c.lead, draft));
    const late = await c.lead.post(`${base()}/change-freezes`, {
      title: 'Stocktake',
      startsAt: windowAt(40, 0).plannedStart,
      endsAt: windowAt(41, 0).plannedStart,
    });
    const r = await decide(c.lead, submitted.decision!.number, 'approve');
    expect(r.statusCode).toBe(409);
    expect(errorOf(r).code).toBe('CHANGE_FREEZE');
    expect((await get(draft.key)).decision?.status).toBe('proposed');
    const lateId = (late.json() as { freeze: { id: string } }).freeze.id;
    expect((await c.lead.delete(`${base()}/change-freezes/${lateId}`)).statusCode).toBe(200);
    expect((await decide(c.lead, submitted.decision!.number, 'approve')).statusCode).toBe(200);
  });
});

describe('carrying out and reviewing', () => {
  it('the implementing party starts and completes it; a failed change closes only after its review', async () => {
    const ch = await scheduled(50, { systemIds: [mail] });
    const moved = changeOf(await c.lead.post(`${base()}/changes/${ch.key}/start`, { version: ch.version }));
    expect(moved.status).toBe('in_progress');
    const failed = await c.lead.post(`${base()}/changes/${ch.key}/complete`, {
      version: moved.version,
      outcome: 'failed',
      note: 'Script timed out',
    });
    expect(failed.statusCode, failed.body).toBe(200);
    const done = changeOf(failed);
    expect(done.review.required).toBe(true);
    expect(await notified('change.started', ids.lead)).toBe(0); // the actor does not notify themself
    const early = await c.lead.post(`${base()}/changes/${ch.key}/close`, { version: done.version });
    expect(early.statusCode).toBe(409);
    expect(errorOf(early).code).toBe('CHANGE_REVIEW_REQUIRED');
    const reviewed = await c.engineer.request('PUT', `${base()}/changes/${ch.key}/review`, {
      version: done.version,
      summary: 'The script hit the lock timeout',
      lessons: 'Test with production-sized data',
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    const action = await c.engineer.post(`${base()}/changes/${ch.key}/review/actions`, {
      title: 'Build a production-sized test copy',
      ownerPartyId: ws.providerPartyId,
    });
    expect(action.statusCode, action.body).toBe(201);
    expect(changeOf(action).reviewActions).toHaveLength(1);
    expect(await count('backlog_items', "workspace_id = $1 and source = 'post_change_review'")).toBe(1);
    // The provider does not close; the internal party does.
    const byProvider = await c.engineer.post(`${base()}/changes/${ch.key}/close`, {
      version: changeOf(action).version,
    });
    expect(byProvider.statusCode).toBe(403);
    const closed = await c.agent.post(`${base()}/changes/${ch.key}/close`, {
      version: changeOf(action).version,
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(changeOf(closed).status).toBe('reviewed');
  });

  it('only the implementing party (or the internal lead) records progress, and steps follow the lifecycle', async () => {
    const ch = await scheduled(55, { systemIds: [mail], implementingPartyId: ws.providerPartyId });
    const agent = await c.agent.post(`${base()}/changes/${ch.key}/start`, { version: ch.version });
    expect(agent.statusCode).toBe(403);
    const early = await c.engineer.post(`${base()}/changes/${ch.key}/complete`, {
      version: ch.version,
      outcome: 'implemented',
    });
    expect(early.statusCode).toBe(409);
    expect(errorOf(early).code).toBe('CHANGE_STATE');
    const started = await c.engineer.post(`${base()}/changes/${ch.key}/start`, { version: ch.version });
    expect(started.statusCode, started.body).toBe(200);
    expect(await notified('change.started', ids.lead)).toBeGreaterThan(0);
    const stale = await c.engineer.post(`${base()}/changes/${ch.key}/complete`, {
      version: ch.version,
      outcome: 'implemented',
    });
    expect(stale.statusCode).toBe(409);
    const done = await c.engineer.post(`${base()}/changes/${ch.key}/complete`, {
      version: changeOf(started).version,
      outcome: 'implemented',
    });
    expect(changeOf(done).status).toBe('implemented');
    expect(await notified('change.completed', ids.lead)).toBeGreaterThan(0);
    // A successful normal change closes without a review.
    const closed = await c.lead.post(`${base()}/changes/${ch.key}/close`, {
      version: changeOf(done).version,
    });
    expect(changeOf(closed).status).toBe('reviewed');
  });

  it('the parties the map ties to its services hear of its start, besides the implementer', async () => {
    // The service's map names Acme IT; Northwind carries the change out: Acme IT's agent hears.
    const before = await notified('change.started', ids.agent);
    const ch = await scheduled(70, { systemIds: [mail], implementingPartyId: ws.providerPartyId });
    const started = await c.lead.post(`${base()}/changes/${ch.key}/start`, { version: ch.version });
    expect(started.statusCode, started.body).toBe(200);
    expect(await notified('change.started', ids.agent)).toBe(before + 1);
    // Without a service only the implementer, the watchers and the submitter hear.
    const bare = await scheduled(72, {
      serviceIds: [],
      systemIds: [mail],
      implementingPartyId: ws.providerPartyId,
    });
    const alone = await c.lead.post(`${base()}/changes/${bare.key}/start`, { version: bare.version });
    expect(alone.statusCode, alone.body).toBe(200);
    expect(await notified('change.started', ids.agent)).toBe(before + 1);
    expect(await notified('change.started', ids.engineer)).toBeGreaterThan(0);
  });

  it('a watcher hears of approval, start and completion; after unwatching, of nothing', async () => {
    const events = ['change.approved', 'change.started', 'change.completed'];
    const heard = async () => {
      const n: number[] = [];
      for (const e of events) n.push(await notified(e, ids.viewer));
      return n;
    };
    const carryOut = async (key: string) => {
      let ch = await get(key);
      ch = changeOf(await submit(c.lead, ch));
      expect((await decide(c.lead, ch.decision!.number, 'approve')).statusCode).toBe(200);
      ch = await get(key);
      ch = changeOf(await c.lead.post(`${base()}/changes/${key}/start`, { version: ch.version }));
      const done = await c.lead.post(`${base()}/changes/${key}/complete`, {
        version: ch.version,
        outcome: 'implemented',
      });
      expect(done.statusCode, done.body).toBe(200);
    };
    // The internal viewer is no lead or agent of an affected party: only watching tells them.
    const watched = await create(c.lead, ready(57, { systemIds: [mail] }));
    const w = await c.viewer.post(`${base()}/changes/${watched.key}/watchers`, {});
    expect(w.statusCode, w.body).toBe(200);
    expect(
      ((await c.viewer.get(`${base()}/changes/${watched.key}`)).json() as { change: { watching: boolean } })
        .change.watching,
    ).toBe(true);
    const before = await heard();
    await carryOut(watched.key);
    expect(await heard()).toEqual(before.map((n) => n + 1));

    const unwatched = await create(c.lead, ready(58, { systemIds: [mail] }));
    expect((await c.viewer.post(`${base()}/changes/${unwatched.key}/watchers`, {})).statusCode).toBe(200);
    const off = await c.viewer.delete(`${base()}/changes/${unwatched.key}/watchers/${ids.viewer}`);
    expect(off.statusCode, off.body).toBe(200);
    const after = await heard();
    await carryOut(unwatched.key);
    expect(await heard()).toEqual(after);
  });

  it('an emergency change is authorised by the delegated right and needs its review', async () => {
    const types = (await c.lead.get(`${base()}/decision-types`)).json() as {
      items: Array<{ id: string; key: string; version: number }>;
    };
    const emergency = types.items.find((x) => x.key === 'emergency-change')!;
    const delegated = await c.lead.patch(`${base()}/decision-types/${emergency.id}`, {
      version: emergency.version,
      decider: 'internal_delegate',
      delegateMembershipId: ids.agent,
      reason: 'Out-of-hours cover',
    });
    expect(delegated.statusCode, delegated.body).toBe(200);
    const draft = await create(
      c.engineer,
      ready(60, {
        type: 'emergency',
        systemIds: [mail],
        emergencyReason: 'Mail relay down',
        ...windowAt(60, 2),
      }),
    );
    const submitted = changeOf(await submit(c.engineer, draft));
    const provider = await decide(c.providerLead, submitted.decision!.number, 'approve');
    expect(provider.statusCode).toBe(403);
    expect(errorOf(provider).message).toContain('or the internal IT lead');
    expect(await notified('change.submitted', ids.agent)).toBeGreaterThan(0);
    expect((await decide(c.agent, submitted.decision!.number, 'approve', 'Go ahead')).statusCode).toBe(200);
    let ch = await get(draft.key);
    expect(ch.status).toBe('scheduled');
    ch = changeOf(await c.lead.post(`${base()}/changes/${ch.key}/start`, { version: ch.version }));
    ch = changeOf(
      await c.lead.post(`${base()}/changes/${ch.key}/complete`, {
        version: ch.version,
        outcome: 'implemented',
      }),
    );
    expect(ch.review.required).toBe(true);
    const refused = await c.lead.post(`${base()}/changes/${ch.key}/close`, { version: ch.version });
    expect(errorOf(refused).code).toBe('CHANGE_REVIEW_REQUIRED');
  });
});

describe('standard changes', () => {
  it('come from a template approved once, then skip approval', async () => {
    const r = await c.engineer.post(`${base()}/change-templates`, {
      title: 'Monthly patching of file servers',
      implementationPlan: 'Apply the approved patches',
      backoutPlan: 'Uninstall the patch',
      likelihood: 1,
      impact: 2,
    });
    expect(r.statusCode, r.body).toBe(201);
    const template = (r.json() as { template: { id: string; status: string; decision: { number: number } } })
      .template;
    expect(template.status).toBe('proposed');
    const early = await c.engineer.post(`${base()}/changes`, {
      ...ready(70),
      type: 'standard',
      templateId: template.id,
    });
    expect(early.statusCode).toBe(400);
    expect((await decide(c.providerLead, template.decision.number, 'approve')).statusCode).toBe(403);
    expect((await decide(c.lead, template.decision.number, 'approve')).statusCode).toBe(200);
    const draft = await create(c.engineer, {
      type: 'standard',
      templateId: template.id,
      title: 'Patch FS01',
      systemIds: [mail],
      ...windowAt(70),
    });
    const submitted = changeOf(await submit(c.engineer, draft));
    expect(submitted.status).toBe('scheduled');
    expect(submitted.decision).toBeNull();
  });
});

describe('calendar, feed and success rate', () => {
  it('returns the month with its freezes, filtered by party, service and system', async () => {
    const from = windowAt(0, 0).plannedStart;
    const to = windowAt(90, 0).plannedStart;
    const all = (await c.engineer.get(`${base()}/changes/calendar?from=${from}&to=${to}`)).json() as {
      changes: Array<{
        key: string;
        systemIds: string[];
        implementingParty: { id: string } | null;
        status: string;
      }>;
      freezes: Array<{ title: string }>;
    };
    expect(all.changes.length).toBeGreaterThan(3);
    expect(all.changes.every((x) => x.status !== 'draft' && x.status !== 'rejected')).toBe(true);
    expect(all.freezes.map((f) => f.title)).toEqual(['Month-end close']);
    const bySystem = (
      await c.lead.get(`${base()}/changes/calendar?from=${from}&to=${to}&systemId=${db}`)
    ).json() as typeof all;
    expect(bySystem.changes.length).toBeGreaterThan(0);
    expect(bySystem.changes.every((x) => x.systemIds.includes(db))).toBe(true);
    const byParty = (
      await c.lead.get(`${base()}/changes/calendar?from=${from}&to=${to}&partyId=${ws.providerPartyId}`)
    ).json() as typeof all;
    expect(byParty.changes.every((x) => x.implementingParty?.id === ws.providerPartyId)).toBe(true);
    const byService = (
      await c.lead.get(`${base()}/changes/calendar?from=${from}&to=${to}&serviceId=${serviceId}`)
    ).json() as typeof all;
    expect(byService.changes.length).toBeLessThan(all.changes.length);
    const tooLong = await c.lead.get(
      `${base()}/changes/calendar?from=${from}&to=${windowAt(500).plannedStart}`,
    );
    expect(tooLong.statusCode).toBe(400);
    expect((await c.requester.get(`${base()}/changes/calendar?from=${from}&to=${to}`)).statusCode).toBe(403);
  });

  it('serves an iCalendar feed at a secret URL that a revoked token no longer opens', async () => {
    expect((await c.providerLead.post(`${base()}/change-feeds`, { scope: 'workspace' })).statusCode).toBe(
      403,
    );
    const r = await c.lead.post(`${base()}/change-feeds`, { scope: 'workspace', label: 'Team calendar' });
    expect(r.statusCode, r.body).toBe(201);
    const feed = (r.json() as { feed: { id: string; url: string } }).feed;
    const path = new URL(feed.url).pathname;
    const anonymous = new Client(t.app);
    const ics = await anonymous.get(path);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    const events = new ICAL.Component(ICAL.parse(ics.body) as unknown[])
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v));
    expect(events.length).toBeGreaterThan(3);
    expect(events.every((e) => /^CHG-\d+ /.test(e.summary))).toBe(true);
    expect(events.some((e) => e.summary.includes('Upgrade ERP database'))).toBe(true);
    // The stored value is a digest, not the secret.
    const token = path.split('/').pop()!.replace('.ics', '');
    expect(await count('change_feed_tokens', 'token_hash = $1', [token])).toBe(0);

    const mine = await c.engineer.post(`${base()}/change-feeds`, { scope: 'personal' });
    const minePath = new URL((mine.json() as { feed: { url: string } }).feed.url).pathname;
    const mineEvents = new ICAL.Component(
      ICAL.parse((await anonymous.get(minePath)).body) as unknown[],
    ).getAllSubcomponents('vevent');
    expect(mineEvents.length).toBeGreaterThan(0);
    expect(mineEvents.length).toBeLessThan(events.length);
    // Someone else's feed cannot be revoked by another member.
    const mineId = (mine.json() as { feed: { id: string } }).feed.id;
    expect((await c.agent.delete(`${base()}/change-feeds/${mineId}`)).statusCode).toBe(404);

    expect((await c.lead.delete(`${base()}/change-feeds/${feed.id}`)).statusCode).toBe(200);
    const revoked = await anonymous.get(path);
    expect(revoked.statusCode).toBe(404);
    expect(
      (await anonymous.get('/api/v1/change-feeds/not-a-real-token-at-all-xxxxxxxx.ics')).statusCode,
    ).toBe(404);
    expect(await audits('change_feed.revoked')).toBe(1);
  });

  it('computes the success rate per period', async () => {
    const now = new Date();
    const from = new Date(now.getTime() - 40 * day).toISOString();
    const to = new Date(now.getTime() + day).toISOString();
    const r = await c.lead.get(`${base()}/changes/success-rate?from=${from}&to=${to}`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as { overall: { completed: number; implemented: number; rate: number } };
    expect(body.overall.completed).toBe(5);
    expect(body.overall.implemented).toBe(4);
    expect(body.overall.rate).toBeCloseTo(4 / 5);
  });
});

describe('refusal matrix (persona × action)', () => {
  it('allows and refuses as the policy says', async () => {
    const draft = await create(c.lead, ready(80, { systemIds: [mail] }));
    const freeze = { title: 'X', startsAt: windowAt(85).plannedStart, endsAt: windowAt(86).plannedStart };
    const actions: Record<string, (who: TestClient) => Promise<{ statusCode: number }>> = {
      view: (who) => who.get(`${base()}/changes/${draft.key}`),
      create: (who) => who.post(`${base()}/changes`, { type: 'normal', title: 'Matrix' }),
      freeze: (who) => who.post(`${base()}/change-freezes`, freeze),
      workspaceFeed: (who) => who.post(`${base()}/change-feeds`, { scope: 'workspace' }),
      personalFeed: (who) => who.post(`${base()}/change-feeds`, { scope: 'personal' }),
      template: (who) => who.post(`${base()}/change-templates`, { title: 'Matrix template' }),
    };
    const expected: Record<Persona, Record<string, number>> = {
      lead: { view: 200, create: 201, freeze: 201, workspaceFeed: 201, personalFeed: 201, template: 201 },
      agent: { view: 200, create: 201, freeze: 403, workspaceFeed: 403, personalFeed: 201, template: 201 },
      viewer: { view: 200, create: 403, freeze: 403, workspaceFeed: 403, personalFeed: 201, template: 403 },
      providerLead: {
        view: 200,
        create: 201,
        freeze: 403,
        workspaceFeed: 403,
        personalFeed: 201,
        template: 201,
      },
      engineer: { view: 200, create: 201, freeze: 403, workspaceFeed: 403, personalFeed: 201, template: 201 },
      requester: {
        view: 403,
        create: 403,
        freeze: 403,
        workspaceFeed: 403,
        personalFeed: 403,
        template: 403,
      },
      otherLead: {
        view: 404,
        create: 404,
        freeze: 404,
        workspaceFeed: 404,
        personalFeed: 404,
        template: 404,
      },
    };
    const actual: Record<string, Record<string, number>> = {};
    for (const persona of Object.keys(expected) as Persona[]) {
      actual[persona] = {};
      for (const [name, run] of Object.entries(actions))
        actual[persona][name] = (await run(c[persona])).statusCode;
    }
    expect(actual).toEqual(expected);
  });
});
