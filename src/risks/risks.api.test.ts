import { beforeAll, describe, expect, it } from 'vitest';
import { rowCounts } from '../test/cast.ts';
import { TestClient as Client, errorOf, type TestClient } from '../test/client.ts';
import { castForFile, queuedAppForFile } from '../test/file-setup.ts';
import { waitFor } from '../test/wait-for.ts';
import { handleAcceptanceExpiry } from './acceptance-expiry.job.ts';
import { sweepRiskReviews } from './review-sweep.ts';

const queued = queuedAppForFile({ pollingIntervalSeconds: 0.5 });
const { ws, other, c, ids } = castForFile(queued);
let serviceId: string;

const base = () => `/api/v1/w/${ws.slug}`;
const { count, audits, notified } = rowCounts(() => ({ database: queued.database, ws }));
const riskBody = (over: Record<string, unknown> = {}) => ({
  title: 'Backups not tested',
  description: 'Nobody has restored the finance database this year.',
  csfCategory: 'PR.DS',
  inherentLikelihood: 4,
  inherentImpact: 5,
  residualLikelihood: 2,
  residualImpact: 4,
  ownerMembershipId: ids.agent,
  ...over,
});
const raise = (client: TestClient, over: Record<string, unknown> = {}) =>
  client.post(`${base()}/risks`, riskBody(over));

beforeAll(async () => {
  serviceId = (await c.lead.get(`${base()}/responsibility/map`)).json().services[0].id;
});

describe('raising a risk', () => {
  it('creates a risk with levels, links and an audit event in its transaction', async () => {
    const created = await raise(c.engineer, {
      serviceIds: [serviceId],
      treatmentPartyId: ws.providerPartyId,
    });
    expect(created.statusCode, created.body).toBe(201);
    const risk = created.json().risk;
    expect(risk.key).toMatch(/^RISK-\d+$/);
    expect(risk.inherent).toEqual({ likelihood: 4, impact: 5, score: 20, level: 'critical' });
    expect(risk.residual).toMatchObject({ score: 8, level: 'medium' });
    expect(risk.category.csf).toEqual({ id: 'PR.DS', name: 'Data Security' });
    expect(risk.services).toEqual([{ id: serviceId, name: expect.any(String) }]);
    expect(risk.treatmentParty.id).toBe(ws.providerPartyId);
    expect(risk.owner.membershipId).toBe(ids.agent);
    expect(await audits('risk.created')).toBeGreaterThanOrEqual(1);
  });

  it('refuses bad input naming the field and writes nothing', async () => {
    const before = await count('risks');
    const auditsBefore = await count('audit_events');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ownerMembershipId: ids.engineer }, 'ownerMembershipId'],
      [{ ownerMembershipId: ids.providerLead }, 'ownerMembershipId'],
      [{ ownerMembershipId: other.lead.membershipId }, 'ownerMembershipId'],
      [{ title: '' }, 'title'],
      [{ inherentLikelihood: 6 }, 'inherentLikelihood'],
      [{ residualLikelihood: 5, residualImpact: 5 }, 'residualLikelihood'],
      [{ csfCategory: 'XX.YY' }, 'csfCategory'],
      [{ csfCategory: null, ceControl: 'nope' }, 'ceControl'],
      [{ csfCategory: null }, 'customCategory'],
      [{ systemIds: ['00000000-0000-4000-8000-000000000000'] }, 'systemIds.0'],
      [{ source: { kind: 'problem', key: 'PRB-999' } }, 'source.key'],
      [{ treatmentPartyId: other.providerPartyId }, 'treatmentPartyId'],
    ];
    for (const [over, field] of cases) {
      const response = await raise(c.lead, over);
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      const error = errorOf(response);
      expect((error.details as { path: string }[])[0]!.path).toContain(field);
    }
    const provider = errorOf(await raise(c.lead, { ownerMembershipId: ids.engineer }));
    expect(provider.message + JSON.stringify(provider.details)).toMatch(/internal party/);
    expect(await count('risks')).toBe(before);
    expect(await count('audit_events')).toBe(auditsBefore);
  });

  it('keeps the link to the problem or incident it was raised from', async () => {
    const problem = await c.lead.post(`${base()}/problems`, { title: 'Backup job fails on Sundays' });
    expect(problem.statusCode, problem.body).toBe(201);
    const key = problem.json().problem.key;
    const created = await raise(c.agent, { source: { kind: 'problem', key } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().risk.source).toEqual({
      kind: 'problem',
      key,
      title: 'Backup job fails on Sundays',
      path: `/w/${ws.slug}/problems/${key}`,
    });
    const ticket = await c.lead.post(`${base()}/tickets`, { serviceId, subject: 'Mail bounces' });
    expect(ticket.statusCode, ticket.body).toBe(201);
    const incident = await c.lead.post(`${base()}/incidents`, {
      title: 'Email is down',
      impact: 'Nobody can send mail',
      ticketKeys: [ticket.json().ticket.key],
    });
    expect(incident.statusCode, incident.body).toBe(201);
    const incidentKey = incident.json().incident.key;
    const fromIncident = await raise(c.agent, { source: { kind: 'incident', key: incidentKey } });
    expect(fromIncident.statusCode, fromIncident.body).toBe(201);
    expect(fromIncident.json().risk.source).toEqual({
      kind: 'incident',
      key: incidentKey,
      title: 'Email is down',
      path: `/w/${ws.slug}/incidents/${incidentKey}`,
    });
  });
});

describe('the refusal matrix', () => {
  it('lets each person do exactly what their role allows', async () => {
    const risk = (await raise(c.lead)).json().risk;
    const matrix: Array<[keyof typeof c, 'view' | 'create' | 'edit' | 'action', number]> = [
      ['lead', 'view', 200],
      ['viewer', 'view', 200],
      ['engineer', 'view', 200],
      ['requester', 'view', 403],
      ['otherLead', 'view', 404],
      ['agent', 'create', 201],
      ['engineer', 'create', 201],
      ['viewer', 'create', 403],
      ['requester', 'create', 403],
      ['agent', 'edit', 200],
      ['engineer', 'edit', 403],
      ['providerLead', 'edit', 403],
      ['viewer', 'edit', 403],
      ['engineer', 'action', 201],
      ['viewer', 'action', 403],
    ];
    for (const [who, action, status] of matrix) {
      const current = (await c.lead.get(`${base()}/risks/${risk.key}`)).json().risk;
      const url = `${base()}/risks/${risk.key}`;
      const response =
        action === 'view'
          ? await c[who].get(url)
          : action === 'create'
            ? await raise(c[who])
            : action === 'edit'
              ? await c[who].patch(url, { version: current.version, reviewOn: '2030-01-01' })
              : await c[who].post(`${url}/actions`, {
                  title: 'Restore test',
                  ownerPartyId: ws.providerPartyId,
                });
      expect(response.statusCode, `${who} ${action}: ${response.body}`).toBe(status);
    }
    const detail = (await c.lead.get(`${base()}/risks/${risk.key}`)).json().risk;
    expect(detail.actions).toHaveLength(1);
    expect(detail.actions[0]).toMatchObject({ title: 'Restore test', key: expect.stringMatching(/^IMP-/) });
    expect((await c.agent.get(`${base()}/risks/${risk.key}`)).json().risk.abilities).toMatchObject({
      edit: true,
      accept: false,
    });
    expect((await c.lead.get(`${base()}/risks/${risk.key}`)).json().risk.abilities.accept).toBe(true);
  });

  it('refuses to accept without the decision right (403 naming the holder), and with a stale version', async () => {
    const risk = (await raise(c.lead)).json().risk;
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    for (const who of ['agent', 'providerLead', 'engineer', 'viewer'] as const) {
      const refused = await c[who].post(`${base()}/risks/${risk.key}/accept`, {
        version: risk.version,
        expiresAt,
        rationale: 'ok',
      });
      expect(refused.statusCode, who).toBe(403);
      expect(errorOf(refused)).toMatchObject({ code: 'DECISION_RIGHT_REQUIRED' });
      expect(errorOf(refused).message).toContain('internal IT lead');
    }
    const stale = await c.lead.post(`${base()}/risks/${risk.key}/accept`, {
      version: 99,
      expiresAt,
      rationale: 'ok',
    });
    expect(stale.statusCode).toBe(409);
    const past = await c.lead.post(`${base()}/risks/${risk.key}/accept`, {
      version: risk.version,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      rationale: 'ok',
    });
    expect(past.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(past).details)).toContain('expiresAt');
    const treatment = await c.lead.patch(`${base()}/risks/${risk.key}`, {
      version: risk.version,
      treatment: 'accept',
    });
    expect(treatment.statusCode).toBe(400);
  });
});

describe('accepting a residual risk', () => {
  it('records a decision, schedules one durable timer, and lapses once at expiry notifying the owner', async () => {
    const risk = (await raise(c.lead)).json().risk;
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const decisionsBefore = await count('decisions');
    const accepted = await c.lead.post(`${base()}/risks/${risk.key}/accept`, {
      version: risk.version,
      expiresAt,
      rationale: 'Compensating control: nightly replication.',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const body = accepted.json().risk;
    expect(body).toMatchObject({ acceptance: 'accepted', treatment: 'accept', acceptedUntil: expiresAt });
    expect(body.acceptanceDecision.key).toMatch(/^DEC-/);
    expect(await count('decisions')).toBe(decisionsBefore + 1);
    const timers = await queued.database.unsafeOwnerQuery<{ start_after: Date; singleton_key: string }>(
      `select start_after, singleton_key from pgboss.job where name = 'risks.acceptance-expiry' and data->>'riskId' = $1`,
      [body.id],
    );
    expect(timers).toHaveLength(1);
    expect(new Date(timers[0]!.start_after).toISOString()).toBe(expiresAt);
    const payload = { workspaceId: ws.id, riskId: body.id, expiresAt };
    expect(
      await handleAcceptanceExpiry(queued.database.db, payload, { now: new Date(), jobs: queued.jobs }),
    ).toBe('not-due');
    const later = new Date(Date.parse(expiresAt) + 1000);
    expect(await handleAcceptanceExpiry(queued.database.db, payload, { now: later, jobs: queued.jobs })).toBe(
      'lapsed',
    );
    expect(await handleAcceptanceExpiry(queued.database.db, payload, { now: later, jobs: queued.jobs })).toBe(
      'stale',
    );
    expect(await notified('risk.acceptance_expired', ids.agent)).toBe(1);
    expect((await c.agent.get(`${base()}/risks/${risk.key}`)).json().risk.acceptance).toBe('expired');
    expect(await audits('risk.acceptance_expired')).toBeGreaterThanOrEqual(1);
  });

  it('the timer fires through the real queue', async () => {
    const { startRiskWorkers } = await import('./workers.ts');
    await startRiskWorkers(queued.jobs, queued.database);
    const risk = (await raise(c.lead)).json().risk;
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    await c.lead.post(`${base()}/risks/${risk.key}/accept`, {
      version: risk.version,
      expiresAt,
      rationale: 'short',
    });
    const stored = async () =>
      (
        await queued.database.unsafeOwnerQuery<{ acceptance: string }>(
          `select acceptance from risks where id = $1`,
          [risk.id],
        )
      )[0]!.acceptance;
    await waitFor(async () => (await stored()) === 'expired', 40_000).catch(() => undefined);
    expect(await stored()).toBe('expired');
    expect(await notified('risk.acceptance_expired', ids.agent)).toBe(2);
  }, 60_000);

  it('a delegated holder may accept', async () => {
    const list = (await c.lead.get(`${base()}/decision-types`)).json().items as {
      id: string;
      key: string;
      version: number;
    }[];
    const type = list.find((t) => t.key === 'accept-residual-risk')!;
    const delegated = await c.lead.patch(`${base()}/decision-types/${type.id}`, {
      version: type.version,
      decider: 'internal_delegate',
      delegateMembershipId: ids.agent,
      reason: 'The IT manager owns the risk register.',
    });
    expect(delegated.statusCode, delegated.body).toBe(200);
    const risk = (await raise(c.lead)).json().risk;
    const accepted = await c.agent.post(`${base()}/risks/${risk.key}/accept`, {
      version: risk.version,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      rationale: 'Delegated.',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
  });
});

describe('the register', () => {
  it('lists with a 5 x 5 heat map counting open risks per cell, and filters by level', async () => {
    const list = (await c.viewer.get(`${base()}/risks`)).json();
    expect(list.heatMap.residual).toHaveLength(5);
    expect(list.heatMap.residual[0]).toHaveLength(5);
    expect(list.heatMap.residual[0][0]).toMatchObject({ impact: 5, likelihood: 1 });
    const open = list.items.filter((r: { status: string }) => r.status === 'open').length;
    const total = list.heatMap.inherent
      .flat()
      .reduce((n: number, cell: { count: number }) => n + cell.count, 0);
    expect(total).toBe(open);
    expect(list.abilities.create).toBe(false);
    const critical = (await c.lead.get(`${base()}/risks?level=critical`)).json().items;
    expect(critical).toHaveLength(0);
    const bad = await c.lead.get(`${base()}/risks?level=dire`);
    expect(bad.statusCode).toBe(400);
  });

  it('reminds the owner once when the review date comes', async () => {
    const risk = (await raise(c.lead, { reviewOn: '2026-01-10' })).json().risk;
    const now = new Date('2026-01-11T09:00:00Z');
    const first = await sweepRiskReviews(queued.database, { now, jobs: queued.jobs });
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    expect((await sweepRiskReviews(queued.database, { now, jobs: queued.jobs })).reminded).toBe(0);
    expect(await notified('risk.review_due', ids.agent)).toBeGreaterThanOrEqual(1);
    expect(risk.reviewOn).toBe('2026-01-10');
  });

  it('refuses without a session', async () => {
    expect((await new Client(queued.app).get(`${base()}/risks`)).statusCode).toBe(401);
  });
});
