import { describe, expect, it } from 'vitest';
import { TestClient as Client, errorOf, signedIn } from '../test/client.ts';
import { makeWorkspace } from '../test/factories.ts';
import { expectAbilityHonoured, PERSONAS, personaWorkspace } from '../test/personas.ts';

const area = personaWorkspace();
const base = () => `/api/v1/w/${area.ws.slug}`;
const owner = <T>(sql: string, params: unknown[] = []) => area.t.database.unsafeOwnerQuery<T>(sql, params);
const count = async (table: string) =>
  (
    await owner<{ n: number }>(`select count(*)::int as n from ${table} where workspace_id = $1`, [
      area.ws.id,
    ])
  )[0]!.n;
type Check = {
  key: string;
  status: string;
  summary: string;
  nextAction: string | null;
  evidence: { label: string; link: string | null }[];
};
const checks = async () =>
  (await area.people.internalLead.client.get(`${base()}/readiness`)).json().checks as Check[];
const checkOf = async (key: string) => (await checks()).find((c) => c.key === key)!;

describe('GET /readiness', () => {
  it('answers every staff persona and refuses the requester (403 naming who may), as the abilities say', async () => {
    for (const persona of PERSONAS) {
      const { client } = area.people[persona];
      const ability = persona !== 'requester';
      const response = await client.get(`${base()}/readiness`);
      expectAbilityHonoured(`${persona} readiness`, ability, response, 'READINESS_ROLE_REQUIRED');
      if (persona === 'requester') expect(errorOf(response).message).toMatch(/Only staff of a party/);
      else expect(response.statusCode).toBe(200);
    }
  });

  it('gives ten checks, each with a status, evidence links inside the workspace and a next action unless met', async () => {
    const response = await area.people.internalViewer.client.get(`${base()}/readiness`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.checks.map((c: Check) => c.key)).toEqual([
      'purpose',
      'internal_owner',
      'responsibility_map',
      'user_experience',
      'escalation',
      'security',
      'knowledge',
      'metrics',
      'roadmap',
      'exit_plan',
    ]);
    expect(body.summary.met + body.summary.partly + body.summary.notMet).toBe(10);
    for (const c of body.checks as Check[]) {
      expect(['met', 'partly', 'not_met']).toContain(c.status);
      expect(c.evidence.length).toBeGreaterThan(0);
      for (const e of c.evidence) expect(e.link?.startsWith(`/w/${area.ws.slug}/`)).toBe(true);
      if (c.status !== 'met') expect(c.nextAction).toBeTruthy();
    }
  });

  it("links evidence only to pages the asker may open: the exit plan is the internal party's", async () => {
    const exitEvidence = async (persona: 'internalLead' | 'providerLead') =>
      ((await area.people[persona].client.get(`${base()}/readiness`)).json().checks as Check[]).find(
        (c) => c.key === 'exit_plan',
      )!.evidence[0]!;
    expect((await exitEvidence('internalLead')).link).toBe(`/w/${area.ws.slug}/exit`);
    const seenByProvider = await exitEvidence('providerLead');
    expect(seenByProvider.link).toBeNull();
    expect(seenByProvider).toMatchObject({ label: 'Last verified exit package' });
  });

  it('says plainly what is not recorded yet: no engagement, no service review, no verified exit package', async () => {
    expect(await checkOf('purpose')).toMatchObject({
      status: 'not_met',
      summary: 'No engagement with a provider is recorded yet.',
    });
    expect(await checkOf('metrics')).toMatchObject({
      status: 'not_met',
      summary: 'No service reviews are recorded yet.',
      nextAction: 'Hold the first service review.',
    });
    expect((await checkOf('exit_plan')).status).toBe('not_met');
  });

  it('names the review in draft as the one to hold, and links to it', async () => {
    await owner(
      `insert into service_reviews (workspace_id, number, period_start, period_end, cadence) values ($1, 1, '2026-10-01', '2026-11-01', 'monthly')`,
      [area.ws.id],
    );
    const metrics = await checkOf('metrics');
    expect(metrics).toMatchObject({
      status: 'not_met',
      summary: 'No service review has been held yet; REV-1 is in draft.',
      nextAction: 'Hold REV-1 and mark it held.',
    });
    expect(metrics.evidence[0]).toMatchObject({
      label: 'Review in draft',
      link: `/w/${area.ws.slug}/reviews/REV-1`,
    });
    // A later period held leaves REV-1 behind: it is no longer the one to hold.
    await owner(
      `insert into service_reviews (workspace_id, number, period_start, period_end, cadence, status, held_on, held_at) values ($1, 2, '2026-11-01', '2026-12-01', 'monthly', 'held', now()::date, now())`,
      [area.ws.id],
    );
    const held = await checkOf('metrics');
    expect(held.status).toBe('met');
    expect(held.evidence.map((e) => e.label)).not.toContain('Review in draft');
    await owner(`delete from service_reviews where workspace_id = $1`, [area.ws.id]);
  });

  it('follows the records: a verified exit package, then backlog items with and without target quarters', async () => {
    await owner(
      `insert into exit_runs (workspace_id, kind, status, finished_at) values ($1, 'verify', 'passed', now() - interval '5 days')`,
      [area.ws.id],
    );
    expect((await checkOf('exit_plan')).status).toBe('met');
    await owner(`update exit_runs set finished_at = now() - interval '120 days' where workspace_id = $1`, [
      area.ws.id,
    ]);
    expect((await checkOf('exit_plan')).status).toBe('partly');

    const lead = area.people.internalLead.client;
    const add = (over: Record<string, unknown>) =>
      lead.post(`${base()}/backlog`, {
        title: 'Clean up stale admin accounts',
        ownerPartyId: area.ws.internalPartyId,
        ...over,
      });
    expect((await add({ targetQuarter: '2027-Q1' })).statusCode).toBe(201);
    expect((await checkOf('roadmap')).status).toBe('met');
    expect((await add({})).statusCode).toBe(201);
    const roadmap = await checkOf('roadmap');
    expect(roadmap.status).toBe('partly');
    expect(roadmap.summary).toBe('Open backlog items with an owner and a target quarter: 1 of 2.');
  });

  it('reads escalation cover: a covering party with a rota gap in the next 14 days is only partly met', async () => {
    const handOver = new Date(Date.now() + 10 * 86_400_000);
    await owner(`insert into after_hours_cover_rules (workspace_id, party_id) values ($1, $2)`, [
      area.ws.id,
      area.ws.providerPartyId,
    ]);
    await owner(
      `insert into on_call_shifts (workspace_id, party_id, membership_id, starts_at, ends_at)
       values ($1, $2, $3, now() - interval '1 day', $4)`,
      [area.ws.id, area.ws.providerPartyId, area.people.providerAgent.membershipId, handOver],
    );
    const escalation = await checkOf('escalation');
    expect(escalation.nextAction).toMatch(
      /^Set response and resolution targets|^Add escalation rules|^Name the incident/,
    );
    const cover = (await area.people.internalLead.client.get(`${base()}/readiness`))
      .json()
      .checks.find((c: Check) => c.key === 'escalation')
      .evidence.find((e: { label: string }) => e.label.startsWith('After-hours cover'));
    expect(cover.figure).toMatch(/^\d+ h uncovered$/);
    await owner(
      `insert into on_call_shifts (workspace_id, party_id, membership_id, starts_at, ends_at)
       values ($1, $2, $3, $4, now() + interval '20 days')`,
      [area.ws.id, area.ws.providerPartyId, area.people.providerAgent.membershipId, handOver],
    );
    const covered = (await area.people.internalLead.client.get(`${base()}/readiness`))
      .json()
      .checks.find((c: Check) => c.key === 'escalation')
      .evidence.find((e: { label: string }) => e.label.startsWith('After-hours cover'));
    expect(covered.figure).toBe('no gap');
  });

  it('writes nothing (no audit event, no row) when read', async () => {
    const audits = await count('audit_events');
    await area.people.providerLead.client.get(`${base()}/readiness`);
    await area.people.providerLead.client.get(`${base()}/home`);
    expect(await count('audit_events')).toBe(audits);
  });

  it('refuses a caller who is signed out (401) and a lead of another workspace (404)', async () => {
    expect((await new Client(area.t.app).get(`${base()}/readiness`)).statusCode).toBe(401);
    expect((await new Client(area.t.app).get(`${base()}/home`)).statusCode).toBe(401);
    const other = await makeWorkspace(area.t.database.db, 'Other');
    const outsider = await signedIn(area.t.app, other.lead.email);
    expect((await outsider.get(`${base()}/readiness`)).statusCode).toBe(404);
    expect((await outsider.get(`${base()}/home`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/w/${other.slug}/readiness`)).statusCode).toBe(200);
  });
});

describe('GET /home (the leads’ home summary)', () => {
  it('refuses the requester (403) and answers staff with the checklist in brief', async () => {
    const refused = await area.people.requester.client.get(`${base()}/home`);
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).code).toBe('READINESS_ROLE_REQUIRED');
    const home = (await area.people.providerLead.client.get(`${base()}/home`)).json();
    expect(home.readiness.checks).toHaveLength(10);
    expect(Object.keys(home.readiness.checks[0]).sort()).toEqual(['key', 'nextAction', 'status', 'title']);
  });

  it('lists SLA at risk only from tickets the reader may see', async () => {
    const lead = area.people.internalLead.client;
    const created = await lead.post(`${base()}/tickets`, {
      serviceId: (await lead.get(`${base()}/responsibility/map`)).json().services[0].id,
      subject: 'Payroll export stuck',
    });
    expect(created.statusCode, created.body).toBe(201);
    const ticket = created.json().ticket;
    await owner(
      `update tickets set sla_due_at = now() + interval '20 minutes', lane_party_id = $2 where id = $1`,
      [ticket.id, area.ws.internalPartyId],
    );
    const seen = (await lead.get(`${base()}/home`)).json().slaAtRisk;
    expect(seen.capped).toBe(false);
    expect(seen.total).toBeGreaterThanOrEqual(1);
    expect(seen.items).toContainEqual(
      expect.objectContaining({
        key: ticket.key,
        breached: false,
        link: `/w/${area.ws.slug}/tickets/${ticket.key}`,
      }),
    );
    // Security: an internal-lane ticket the provider does not watch stays out of the provider's list.
    const provider = (await area.people.providerAgent.client.get(`${base()}/home`)).json().slaAtRisk;
    expect(provider.items.map((i: { key: string }) => i.key)).not.toContain(ticket.key);
    await owner(`update tickets set sla_due_at = now() - interval '5 minutes' where id = $1`, [ticket.id]);
    const late = (await lead.get(`${base()}/home`))
      .json()
      .slaAtRisk.items.find((i: { key: string }) => i.key === ticket.key);
    expect(late.breached).toBe(true);
  });

  it('lists risks whose acceptance lapsed and obligations overdue', async () => {
    const lead = area.people.internalLead.client;
    const risk = await lead.post(`${base()}/risks`, {
      title: 'Backups not tested',
      csfCategory: 'PR.DS',
      inherentLikelihood: 4,
      inherentImpact: 5,
      residualLikelihood: 2,
      residualImpact: 4,
      ownerMembershipId: area.people.internalAgent.membershipId,
    });
    expect(risk.statusCode, risk.body).toBe(201);
    const key = risk.json().risk.key;
    await owner(
      `update risks set acceptance = 'expired', accepted_until = now() - interval '1 day' where workspace_id = $1`,
      [area.ws.id],
    );
    const home = (await lead.get(`${base()}/home`)).json();
    expect(home.risks.items).toContainEqual(
      expect.objectContaining({ key, reason: 'acceptance_expired', link: `/w/${area.ws.slug}/risks/${key}` }),
    );
    const [occurrence] = await owner<{ id: string }>(
      `select id from obligation_occurrences where workspace_id = $1 and status = 'open' order by due_at limit 1`,
      [area.ws.id],
    );
    // The workspace's default obligations have open occurrences: one of them is made overdue.
    expect(occurrence).toBeDefined();
    await owner(`update obligation_occurrences set due_at = now() - interval '2 days' where id = $1`, [
      occurrence!.id,
    ]);
    const after = (await lead.get(`${base()}/home`)).json().obligations;
    expect(after.overdue).toBeGreaterThanOrEqual(1);
    expect(after.items[0]).toMatchObject({
      overdue: true,
      link: `/w/${area.ws.slug}/obligations/occurrences/${occurrence!.id}`,
    });
    expect((await checkOf('security')).status).not.toBe('met');
  });

  it('lists acceptances ending within 30 days and risks due for review within the week, and not later ones', async () => {
    const lead = area.people.internalLead.client;
    const raise = async (title: string) => {
      const r = await lead.post(`${base()}/risks`, {
        title,
        csfCategory: 'PR.DS',
        inherentLikelihood: 3,
        inherentImpact: 3,
        residualLikelihood: 2,
        residualImpact: 2,
        ownerMembershipId: area.people.internalAgent.membershipId,
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().risk.key as string;
    };
    const soon = await raise('Firewall exception accepted until spring');
    const later = await raise('Legacy VPN accepted for the year');
    const review = await raise('Printer firmware unpatched');
    const quiet = await raise('Old wiki pages');
    const byKey = (key: string, set: string) =>
      owner(`update risks set ${set} where workspace_id = $1 and number = $2`, [
        area.ws.id,
        Number(key.split('-').pop()),
      ]);
    await byKey(
      soon,
      `acceptance = 'accepted', accepted_until = now() + interval '10 days', review_on = null`,
    );
    await byKey(
      later,
      `acceptance = 'accepted', accepted_until = now() + interval '60 days', review_on = null`,
    );
    await byKey(review, `acceptance = 'none', review_on = (now() + interval '3 days')::date`);
    await byKey(quiet, `acceptance = 'none', review_on = (now() + interval '40 days')::date`);
    const home = (await lead.get(`${base()}/home`)).json().risks as {
      items: Array<{ key: string; reason: string; on: string }>;
    };
    const reasonOf = (key: string) => home.items.find((i) => i.key === key)?.reason;
    expect(reasonOf(soon)).toBe('acceptance_expiring');
    expect(reasonOf(review)).toBe('review_due');
    expect(reasonOf(later)).toBeUndefined();
    expect(reasonOf(quiet)).toBeUndefined();
    expect(home.items.find((i) => i.key === soon)!.on.slice(0, 10)).toBe(
      new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
    );
  });
});
