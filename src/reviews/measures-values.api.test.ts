import { describe, expect, it } from 'vitest';
import { withScopedTx } from '../db/tenant.ts';
import { addDays, isoDay, type MeasureKey, type MeasureValue } from '../domain/measures.ts';
import { personaWorkspace } from '../test/personas.ts';
import { computeCurrentMeasures, computeHistoricMeasures } from './measures.ts';

// The measures the first value test (measures.api.test.ts) leaves out, each on a small desk whose
// answer is known: records inside the measure's window on the day, records just outside it (before
// the window, after the day) and records the rule excludes, so a change of the rule changes a figure.
const area = personaWorkspace();
const owner = <T>(text: string, params: unknown[] = []) => area.t.database.unsafeOwnerQuery<T>(text, params);
const day = addDays(isoDay(new Date()), -10);
const clockOn =
  (base: string) =>
  (offset: number, hour: number, minute = 0) =>
    new Date(
      `${addDays(base, offset)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`,
    );
const at = clockOn(day);
const ws = () => area.ws.id;
const member = (p: keyof typeof area.people) => area.people[p].membershipId;

const historic = (measures: MeasureKey[], on = day) =>
  withScopedTx(area.t.database.db, { workspaceId: ws(), accountId: null }, (tx) =>
    computeHistoricMeasures(tx, ws(), [on], measures),
  );
const current = () =>
  withScopedTx(area.t.database.db, { workspaceId: ws(), accountId: null }, (tx) =>
    computeCurrentMeasures(tx, ws(), isoDay(new Date())),
  );
const figure = (values: MeasureValue[], measure: MeasureKey, dimension = '') =>
  values.find((v) => v.measure === measure && v.dimension === dimension)?.value;
/** Every dimension of a measure with its value ('' the workspace total). */
const dimensions = (values: MeasureValue[], measure: MeasureKey) =>
  Object.fromEntries(values.filter((v) => v.measure === measure).map((v) => [v.dimension, v.value]));

let counter = 1000;
const next = () => {
  counter += 1;
  return counter;
};

async function service(name: string, status: 'active' | 'retired' = 'active') {
  const [row] = await owner<{ id: string }>(
    `insert into services (workspace_id, key, name, status) values ($1, $2, $3, $4) returning id`,
    [ws(), `svc-${next()}`, name, status],
  );
  return row!.id;
}

async function ticket(over: {
  serviceId?: string;
  priority?: string;
  created: Date;
  resolved?: Date;
  assignee?: string;
}) {
  const serviceId =
    over.serviceId ??
    (
      await owner<{ id: string }>('select id from services where workspace_id = $1 order by key limit 1', [
        ws(),
      ])
    )[0]!.id;
  const [row] = await owner<{ id: string }>(
    `insert into tickets (workspace_id, number, requester_membership_id, service_id, subject, impact, urgency,
       priority, status, lane_party_id, routing_reason, created_at, updated_at, resolved_at, assignee_membership_id)
     values ($1, $2, $3, $4, 'Scanner offline', 'medium', 'medium', $5, $6, $7, 'test', $8, $8, $9, $10)
     returning id`,
    [
      ws(),
      next(),
      member('requester'),
      serviceId,
      over.priority ?? 'P3',
      over.resolved ? 'resolved' : 'in_progress',
      area.ws.internalPartyId,
      over.created,
      over.resolved ?? null,
      over.assignee ?? null,
    ],
  );
  return row!.id;
}

async function article(over: {
  created: Date;
  by: string;
  versions?: Date[];
  status?: string;
  reviewDueOn?: string | null;
  serviceId?: string;
}) {
  const [row] = await owner<{ id: string }>(
    `insert into articles (workspace_id, number, type, title, status, owner_party_id, review_due_on,
       created_by_membership_id, updated_by_membership_id, created_at, updated_at)
     values ($1, $2, 'how_to', 'Reset the scanner', $3, $4, $5, $6, $6, $7, $7) returning id`,
    [
      ws(),
      next(),
      over.status ?? 'published',
      area.ws.internalPartyId,
      over.reviewDueOn ?? null,
      over.by,
      over.created,
    ],
  );
  const versions = over.versions ?? [over.created];
  for (const [i, created] of versions.entries())
    await owner(
      `insert into article_versions (workspace_id, article_id, version, type, title, summary, body, status,
         visibility, edited_by_membership_id, created_at)
       values ($1, $2, $3, 'how_to', 'Reset the scanner', '', '', 'published', 'staff', $4, $5)`,
      [ws(), row!.id, i + 1, over.by, created],
    );
  if (over.serviceId)
    await owner(
      `insert into article_links (workspace_id, article_id, kind, target_id, created_by_membership_id, created_at)
       values ($1, $2, 'service', $3, $4, $5)`,
      [ws(), row!.id, over.serviceId, over.by, over.created],
    );
  return row!.id;
}

async function criticalSystem(name: string, recoveryArticleId: string | null = null) {
  const [row] = await owner<{ id: string }>(
    `insert into systems (workspace_id, name, kind, criticality, owner_party_id, recovery_article_id)
     values ($1, $2, 'application', 'critical', $3, $4) returning id`,
    [ws(), name, area.ws.internalPartyId, recoveryArticleId],
  );
  return row!.id;
}

const partyNames = async () => {
  const [names] = await owner<{ internal: string; provider: string }>(
    'select (select name from parties where id = $1) as internal, (select name from parties where id = $2) as provider',
    [area.ws.internalPartyId, area.ws.providerPartyId],
  );
  return names!;
};

describe('the daily measures without a value test until now', () => {
  it('SLA attainment by priority: clocks that ended in the 30 days, met unless breached, at the breach when there was one', async () => {
    const [calendar] = await owner<{ id: string }>(
      `insert into sla_calendars (workspace_id, party_id, name, time_zone, is24x7)
       values ($1, $2, 'Round the clock', 'UTC', true) returning id`,
      [ws(), area.ws.internalPartyId],
    );
    const [policy] = await owner<{ id: string; calendar_id: string }>(
      `insert into sla_policies (workspace_id, name, priority, calendar_id, first_response_minutes, resolution_minutes)
       values ($1, 'Standard', 'P3', $2, 60, 240) returning id, calendar_id`,
      [ws(), calendar!.id],
    );
    const clock = (
      ticketId: string,
      kind: 'first_response' | 'resolution',
      c: { started: Date; stopped?: Date; breached?: Date },
    ) =>
      owner(
        `insert into sla_clocks (workspace_id, ticket_id, kind, policy_id, calendar_id, target_minutes, state,
           started_at, due_at, stopped_at, breached_at)
         values ($1, $2, $3, $4, $5, 240, $6, $7, $7, $8, $9)`,
        [
          ws(),
          ticketId,
          kind,
          policy!.id,
          policy!.calendar_id,
          c.stopped ? 'stopped' : 'running',
          c.started,
          c.stopped ?? null,
          c.breached ?? null,
        ],
      );
    // P1: its first response breached (then given late), its resolution met: 50 %.
    const p1 = await ticket({ priority: 'P1', created: at(-3, 8) });
    await clock(p1, 'first_response', { started: at(-3, 8), breached: at(-3, 9), stopped: at(-2, 9) });
    await clock(p1, 'resolution', { started: at(-3, 8), stopped: at(-2, 10) });
    // P3: one met; one still running on the day (not counted); one breached 45 days before (outside the
    // window) and one breached the day after (not yet ended on the day): 100 %.
    const p3 = await ticket({ priority: 'P3', created: at(-2, 8) });
    await clock(p3, 'resolution', { started: at(-2, 8), stopped: at(-1, 9) });
    await clock(p3, 'first_response', { started: at(-2, 8) });
    const old = await ticket({ priority: 'P3', created: at(-46, 8) });
    await clock(old, 'resolution', { started: at(-46, 8), breached: at(-45, 9) });
    await clock(old, 'first_response', { started: at(0, 20), breached: at(1, 9) });
    // Breached 31 days before and stopped inside the window: it ended (missed) at the breach, outside.
    const late = await ticket({ priority: 'P3', created: at(-32, 8) });
    await clock(late, 'resolution', { started: at(-32, 8), breached: at(-31, 9), stopped: at(-20, 9) });

    const values = await historic(['sla_attainment']);
    expect(dimensions(values, 'sla_attainment')).toEqual({ '': 66.7, P1: 50, P3: 100 });
  });

  it('decision latency by the deciding party: hours from request to decision, decided in the 30 days', async () => {
    const [type] = await owner<{ id: string }>(
      'select id from decision_types where workspace_id = $1 limit 1',
      [ws()],
    );
    expect(type).toBeDefined();
    const decision = (created: Date, decided: Date | null, by: string | null) =>
      owner(
        `insert into decisions (workspace_id, number, type_id, title, status, proposed_by_membership_id,
           decided_by_membership_id, decided_at, created_at)
         values ($1, $2, $3, 'Replace the scanner', $4, $5, $6, $7, $8)`,
        [
          ws(),
          next(),
          type!.id,
          decided ? 'approved' : 'proposed',
          member('providerAgent'),
          by,
          decided,
          created,
        ],
      );
    // The internal lead: 6 h and 24 h; the provider lead: 2 h.
    await decision(at(-5, 9), at(-5, 15), member('internalLead'));
    await decision(at(-4, 9), at(-3, 9), member('internalLead'));
    await decision(at(-2, 9), at(-2, 11), member('providerLead'));
    // Decided 40 days before (outside the window), the day after, or not yet: none counts.
    await decision(at(-41, 9), at(-40, 9), member('providerLead'));
    await decision(at(0, 9), at(1, 9), member('internalLead'));
    await decision(at(-3, 9), null, null);

    const values = await historic(['decision_latency_hours']);
    const names = await partyNames();
    expect(dimensions(values, 'decision_latency_hours')).toEqual({
      '': 10.7,
      [names.internal]: 15,
      [names.provider]: 2,
    });
  });

  it('single-person dependencies: active services and critical systems whose work in the 90 days was done by exactly one person', async () => {
    const a = member('internalAgent');
    const b = member('providerAgent');
    const c = member('internalLead');
    // One person resolved its tickets (another resolves one only after the day): single.
    const payroll = await service('Payroll (measures)');
    await ticket({ serviceId: payroll, created: at(-6, 9), resolved: at(-5, 9), assignee: a });
    await ticket({ serviceId: payroll, created: at(0, 9), resolved: at(1, 9), assignee: b });
    // Two people: not single.
    const printing = await service('Printing (measures)');
    await ticket({ serviceId: printing, created: at(-6, 9), resolved: at(-5, 9), assignee: a });
    await ticket({ serviceId: printing, created: at(-4, 9), resolved: at(-3, 9), assignee: b });
    // Nobody resolved a ticket; one person wrote its article: single.
    const wiki = await service('Wiki (measures)');
    await article({ created: at(-3, 9), by: c, serviceId: wiki });
    // A second person's work 100 days before the day is outside the window: single.
    const vpn = await service('VPN (measures)');
    await ticket({ serviceId: vpn, created: at(-101, 9), resolved: at(-100, 9), assignee: b });
    await ticket({ serviceId: vpn, created: at(-6, 9), resolved: at(-5, 9), assignee: a });
    // Retired services are not dependencies, whether worked through tickets or an article.
    const fax = await service('Fax (measures)', 'retired');
    await ticket({ serviceId: fax, created: at(-6, 9), resolved: at(-5, 9), assignee: a });
    const intranet = await service('Intranet (measures)', 'retired');
    await article({ created: at(-3, 9), by: c, serviceId: intranet });
    // A critical system whose tickets (on the two-person service) one person resolved: single.
    const erp = await criticalSystem('ERP');
    const onErp = await ticket({ serviceId: printing, created: at(-8, 9), resolved: at(-7, 9), assignee: a });
    // A critical system whose tickets one person resolved and whose recovery steps another wrote: not
    // single (as the knowledge-health page counts it).
    const runbook = await article({ created: at(-2, 9), by: c });
    const backup = await criticalSystem('Backup', runbook);
    const onBackup = await ticket({
      serviceId: printing,
      created: at(-8, 9),
      resolved: at(-7, 9),
      assignee: b,
    });
    for (const [ticketId, systemId] of [
      [onErp, erp],
      [onBackup, backup],
    ] as const)
      await owner(
        'insert into ticket_assets (workspace_id, ticket_id, system_id, linked_by_membership_id) values ($1, $2, $3, $4)',
        [ws(), ticketId, systemId, c],
      );

    const values = await historic(['single_person_dependencies']);
    // Payroll, Wiki, VPN and ERP.
    expect(dimensions(values, 'single_person_dependencies')).toEqual({ '': 4 });
  });

  it('articles created or updated: distinct articles with a version in the 30 days; stale: live articles past their review date on the day', async () => {
    // Half a year before the other tests' day, so their articles (single-person dependencies) stay out.
    const early = addDays(day, -200);
    const at = clockOn(early);
    const by = member('internalAgent');
    // Created and edited in the window: one article. Created before it, edited in it: counts.
    await article({
      created: at(-5, 9),
      by,
      versions: [at(-5, 9), at(-2, 9)],
      reviewDueOn: addDays(early, -1),
    });
    await article({ created: at(-40, 9), by, versions: [at(-40, 9), at(-1, 9)], reviewDueOn: early });
    // Only a version 40 days before, or only after the day: not counted.
    await article({ created: at(-40, 9), by, status: 'retired', reviewDueOn: addDays(early, -30) });
    await article({ created: at(1, 9), by, reviewDueOn: addDays(early, -5) });
    await article({ created: at(-50, 9), by, reviewDueOn: null });

    const values = await historic(['articles_created_updated', 'stale_articles'], early);
    expect(figure(values, 'articles_created_updated')).toBe(2);
    // Past its review date the day before: stale. Due on the day itself, retired, written after the day
    // or with no review date: not.
    expect(figure(values, 'stale_articles')).toBe(1);
  });

  it('handover attendance: distinct people who attended a session in the 90 days', async () => {
    const session = async (held: Date, attendees: [string, boolean][]) => {
      const [row] = await owner<{ id: string }>(
        `insert into handover_sessions (workspace_id, topic, held_at, presenter_party_id, created_by_membership_id)
         values ($1, 'How the backup runs', $2, $3, $4) returning id`,
        [ws(), held, area.ws.providerPartyId, member('providerLead')],
      );
      for (const [membershipId, attended] of attendees)
        await owner(
          'insert into handover_attendees (workspace_id, session_id, membership_id, attended) values ($1, $2, $3, $4)',
          [ws(), row!.id, membershipId, attended],
        );
    };
    // The agent twice, the lead once; the viewer invited but absent; the requester only at sessions
    // 100 days before and after the day.
    await session(at(-60, 14), [
      [member('internalAgent'), true],
      [member('internalViewer'), false],
    ]);
    await session(at(-3, 14), [
      [member('internalAgent'), true],
      [member('internalLead'), true],
    ]);
    await session(at(-100, 14), [[member('requester'), true]]);
    await session(at(2, 14), [[member('requester'), true]]);

    const values = await historic(['handover_attendance']);
    expect(figure(values, 'handover_attendance')).toBe(2);
  });

  it('obligations on time: occurrences due in the 90 days whose evidence was first submitted by the due time', async () => {
    const printing = (
      await owner<{ id: string }>('select id from services where workspace_id = $1 limit 1', [ws()])
    )[0]!.id;
    const [obligation] = await owner<{ id: string }>(
      `insert into obligations (workspace_id, number, title, service_id, accountable_membership_id, rrule,
         time_zone, starts_on, attestation)
       values ($1, $2, 'Backup restore test', $3, $4, 'FREQ=WEEKLY', 'UTC', $5, 'I restored a file') returning id`,
      [ws(), next(), printing, member('internalLead'), addDays(day, -120)],
    );
    const occurrence = (due: Date, firstSubmitted: Date | null) =>
      owner(
        `insert into obligation_occurrences (workspace_id, obligation_id, due_on, due_at, grace_until,
           status, submitted_at, first_submitted_at)
         values ($1, $2, $3, $4, $5, $6, $7, $7)`,
        [
          ws(),
          obligation!.id,
          isoDay(due),
          due,
          new Date(due.getTime() + 72 * 3_600_000),
          firstSubmitted ? 'submitted' : 'open',
          firstSubmitted,
        ],
      );
    // Early, at the due minute itself, late (within grace), never: 2 of 4 on time.
    await occurrence(at(-20, 17), at(-21, 10));
    await occurrence(at(-3, 17), at(-3, 17));
    await occurrence(at(-10, 17), at(-10, 17, 1));
    await occurrence(at(-5, 17), null);
    // Due 100 days before (outside the window) or after the day: not counted.
    await occurrence(at(-100, 17), at(-99, 9));
    await occurrence(at(5, 17), null);

    const values = await historic(['obligations_on_time']);
    expect(figure(values, 'obligations_on_time')).toBe(50);
  });

  it('change success rate: of the changes completed in the 90 days, the share implemented', async () => {
    const change = (outcome: string | null, completed: Date | null) =>
      owner(
        `insert into changes (workspace_id, number, type, status, title, created_by_membership_id, outcome,
           completed_at, created_at)
         values ($1, $2, 'normal', $3, 'Replace the firewall', $4, $5, $6, $7)`,
        [
          ws(),
          next(),
          outcome ? 'completed' : 'in_progress',
          member('providerLead'),
          outcome,
          completed,
          at(-120, 9),
        ],
      );
    // Implemented twice, failed once, backed out once: 50 %.
    await change('implemented', at(-5, 9));
    await change('implemented', at(-60, 9));
    await change('failed', at(-4, 9));
    await change('backed_out', at(-3, 9));
    // Completed 100 days before, the day after, or still in progress: not counted.
    await change('failed', at(-100, 9));
    await change('failed', at(1, 9));
    await change(null, null);

    const values = await historic(['change_success_rate']);
    expect(figure(values, 'change_success_rate')).toBe(50);
  });

  it("risks by level: today's open risks by their residual level", async () => {
    expect(dimensions(await current(), 'risks_by_level')).toEqual({ '': 0 });

    const risk = (likelihood: number, impact: number, status = 'open') =>
      owner(
        `insert into risks (workspace_id, number, title, inherent_likelihood, inherent_impact, residual_likelihood,
           residual_impact, owner_membership_id, status)
         values ($1, $2, 'Backups untested', 5, 5, $3, $4, $5, $6)`,
        [ws(), next(), likelihood, impact, member('internalLead'), status],
      );
    // Residual scores 20 and 16 (critical), 12 (high), 6 (medium), 2 (low); a closed one is not counted.
    await risk(5, 4);
    await risk(4, 4);
    await risk(3, 4);
    await risk(2, 3);
    await risk(1, 2);
    await risk(5, 5, 'closed');

    expect(dimensions(await current(), 'risks_by_level')).toEqual({
      '': 5,
      critical: 2,
      high: 1,
      medium: 1,
      low: 1,
    });
  });

  it("access findings: today's active privileged accounts with at least one finding", async () => {
    expect(figure(await current(), 'access_findings')).toBe(0);
    const system = await criticalSystem('Payroll server');
    const account = (over: {
      name: string;
      tier: string;
      mfa: string;
      person: string | null;
      expires?: Date;
      breakGlassUsed?: Date;
      status?: string;
    }) =>
      owner(
        `insert into privileged_accounts (workspace_id, system_id, account_name, membership_id, tier, mfa,
           expires_at, break_glass_last_used_at, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          ws(),
          system,
          over.name,
          over.person,
          over.tier,
          over.mfa,
          over.expires ?? null,
          over.breakGlassUsed ?? null,
          over.status ?? 'active',
        ],
      );
    const agent = member('internalAgent');
    const later = new Date(Date.now() + 86_400_000);
    // Clean: a named person's standard account with MFA; a time-bound admin with MFA; an unused break-glass.
    await account({ name: 'jo.bloggs', tier: 'standard', mfa: 'yes', person: agent });
    await account({ name: 'jo.admin', tier: 'admin', mfa: 'yes', person: agent, expires: later });
    await account({ name: 'bg.one', tier: 'break_glass', mfa: 'yes', person: agent });
    // Findings: an admin without MFA (and standing: two findings, one account); a shared account; a
    // break-glass account used; a revoked account with findings is not counted.
    await account({ name: 'jo.root', tier: 'admin', mfa: 'no', person: agent });
    await account({ name: 'admin', tier: 'standard', mfa: 'yes', person: agent });
    await account({
      name: 'bg.two',
      tier: 'break_glass',
      mfa: 'yes',
      person: agent,
      breakGlassUsed: at(-1, 9),
    });
    await account({ name: 'old.root', tier: 'admin', mfa: 'no', person: null, status: 'revoked' });

    expect(figure(await current(), 'access_findings')).toBe(3);
  });
});
