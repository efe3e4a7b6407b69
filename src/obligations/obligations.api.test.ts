import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../domain/obligations.ts';
import { rowCounts } from '../test/cast.ts';
import { TestClient as Client, errorOf, type TestClient } from '../test/client.ts';
import { castForFile, queuedAppForFile } from '../test/file-setup.ts';
import { generateAhead } from './jobs.ts';
import { sweepObligations } from './sweep.ts';

const queued = queuedAppForFile({ poll: false });
const { ws, c, ids } = castForFile(queued);
let backupServiceId: string;

const PDF = Buffer.from('%PDF-1.4\n% backup report\n%%EOF\n');
const base = () => `/api/v1/w/${ws.slug}`;
const today = () => new Date().toISOString().slice(0, 10);
const { count, notified } = rowCounts(() => ({ database: queued.database, ws }));
const definition = (over: Record<string, unknown> = {}) => ({
  title: 'Backup test evidence',
  controls: ['backup-success-review', 'PR.DS'],
  serviceId: backupServiceId,
  accountableMembershipId: ws.lead.membershipId,
  rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
  timeZone: 'Europe/London',
  startsOn: addDays(today(), -75),
  dueTime: '17:00',
  graceHours: 24,
  checklist: ['Every backup job checked', 'Failures have a ticket'],
  requiredFiles: ['Backup report'],
  figure: { name: 'Successful jobs', unit: '%' },
  attestation: 'The backup report is complete.',
  ...over,
});
const upload = (
  client: TestClient,
  id: string,
  body: Buffer,
  type = 'application/pdf',
  requirement = 'Backup report',
) =>
  client.request(
    'POST',
    `${base()}/obligations/occurrences/${id}/files?requirement=${encodeURIComponent(requirement)}&filename=report.pdf`,
    body,
    { 'content-type': type },
  );

beforeAll(async () => {
  // The provider is Responsible for backups in the current map (as the default map suggests).
  const [service] = await queued.database.unsafeOwnerQuery<{ id: string }>(
    `select id from services where workspace_id = $1 and key = 'backup-recovery'`,
    [ws.id],
  );
  backupServiceId = service!.id;
  await queued.database.unsafeOwnerQuery(`delete from map_assignments where service_id = $1 and role = 'R'`, [
    backupServiceId,
  ]);
  await queued.database.unsafeOwnerQuery(
    `insert into map_assignments (workspace_id, version_id, service_id, party_id, role)
     select $1, v.id, $2, $3, 'R' from map_versions v where v.workspace_id = $1 order by v.number desc limit 1`,
    [ws.id, backupServiceId, ws.providerPartyId],
  );
});

describe('defining obligations', () => {
  it('seeds the default obligations of a new engagement, with occurrences ahead', async () => {
    const list = (await c.viewer.get(`${base()}/obligations`)).json();
    const titles = list.items.map((o: { title: string }) => o.title);
    for (const t of [
      'Monthly privileged-account review',
      'Monthly backup-test evidence',
      'Quarterly restore test of the critical systems',
      'Monthly patch-compliance figure',
      'Quarterly access review',
      'Monthly security-alert review',
      'Yearly incident-response exercise',
    ])
      expect(titles).toContain(t);
    expect(list.abilities.manage).toBe(false);
    const backup = list.items.find((o: { title: string }) => o.title === 'Monthly backup-test evidence');
    expect(backup.responsibleParties).toEqual([{ id: ws.providerPartyId, name: 'Provider Ltd' }]);
    expect(backup.scheduleText).toMatch(/every month/);
    expect(await count('obligation_occurrences')).toBeGreaterThan(0);
  });

  it('refuses bad input naming the field (an invalid RRULE named), writing nothing', async () => {
    const before = [await count('obligations'), await count('audit_events')];
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ rrule: 'FREQ=SOMETIMES' }, 'rrule', /FREQ/],
      [{ rrule: 'FREQ=MONTHLY;BYHOUR=3' }, 'rrule', /BYHOUR/],
      [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=40' }, 'rrule', /BYMONTHDAY/],
      [{ rrule: 'BYMONTHDAY=1' }, 'rrule', /FREQ/],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone', /timezone/],
      [{ dueTime: '25:00' }, 'dueTime', /HH:MM/],
      [{ accountableMembershipId: ids.engineer }, 'accountableMembershipId', /internal/],
      [{ controls: ['no-such-control'] }, 'controls.0', /not a known control/],
      [{ serviceId: '00000000-0000-4000-8000-000000000000' }, 'serviceId', /service/],
      [{ attestation: '' }, 'attestation', /attest/],
      [{ checklist: ['a', 'a'] }, 'checklist', /repeat/],
    ];
    for (const [over, field, message] of cases) {
      const response = await c.lead.post(`${base()}/obligations`, definition(over));
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      const details = errorOf(response).details as { path: string; message: string }[];
      const hit = details.find((d) => d.path.includes(field));
      expect(hit, `${field}: ${response.body}`).toBeDefined();
      expect(`${hit!.message} ${errorOf(response).message}`).toMatch(message);
    }
    expect([await count('obligations'), await count('audit_events')]).toEqual(before);
  });

  it('the seeded defaults are editable by the internal lead only; a bad RRULE on edit is named, nothing written', async () => {
    const list = (await c.lead.get(`${base()}/obligations`)).json();
    const summary = list.items.find(
      (o: { title: string }) => o.title === 'Yearly incident-response exercise',
    );
    const path = `${base()}/obligations/${summary.key}`;
    const before = (await c.lead.get(path)).json().obligation;
    const edit = {
      version: before.version,
      rrule: 'FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=15',
      graceHours: 48,
      checklist: ['The scenario was run', 'Lessons are on the backlog'],
    };
    for (const who of ['providerLead', 'engineer', 'agent'] as const)
      expect((await c[who].patch(path, edit)).statusCode, who).toBe(403);
    const audited = await count('audit_events', "workspace_id = $1 and action = 'obligation.updated'", [
      ws.id,
    ]);
    const bad = await c.lead.patch(path, { ...edit, rrule: 'FREQ=MONTHLY;BYDAY=XX' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).message).toMatch(/BYDAY/);
    expect((errorOf(bad).details as { path: string }[])[0]!.path).toBe('body.rrule');
    expect((await c.lead.get(path)).json().obligation.version).toBe(before.version);
    const saved = await c.lead.patch(path, edit);
    expect(saved.statusCode, saved.body).toBe(200);
    const after = (await c.lead.get(path)).json().obligation;
    expect(after).toMatchObject({ rrule: edit.rrule, graceHours: 48 });
    expect(after.evidence.checklist).toEqual(edit.checklist);
    expect(after.scheduleText).toMatch(/October/);
    // Next due even when that date is beyond the occurrences written so far (a yearly one).
    expect(after.nextDueOn).toMatch(/^\d{4}-10-15$/);
    const listed = (await c.lead.get(`${base()}/obligations`)).json().items;
    expect(listed.find((o: { key: string }) => o.key === summary.key).nextDueOn).toBe(after.nextDueOn);
    expect(await count('audit_events', "workspace_id = $1 and action = 'obligation.updated'", [ws.id])).toBe(
      audited + 1,
    );
  });

  it('only the internal lead defines obligations (refusal matrix)', async () => {
    const matrix: Array<[keyof typeof c, number]> = [
      ['agent', 403],
      ['viewer', 403],
      ['engineer', 403],
      ['providerLead', 403],
      ['requester', 403],
      ['otherLead', 404],
      ['lead', 201],
    ];
    for (const [who, status] of matrix) {
      const response = await c[who].post(`${base()}/obligations`, definition({ title: `By ${who}` }));
      expect(response.statusCode, `${who}: ${response.body}`).toBe(status);
    }
    expect((await c.requester.get(`${base()}/obligations`)).statusCode).toBe(403);
    expect((await new Client(queued.app).get(`${base()}/obligations`)).statusCode).toBe(401);
  });
});

describe('the schedule’s time zone', () => {
  it('is the workspace’s (its internal calendar’s) when the definition names none', async () => {
    const calendars = await queued.database.unsafeOwnerQuery(
      `insert into sla_calendars (workspace_id, party_id, name, time_zone, is24x7)
       select $1, id, 'Office hours', 'America/New_York', false from parties where workspace_id = $1 and kind = 'internal'
       returning id`,
      [ws.id],
    );
    expect(calendars).toHaveLength(1);
    const { timeZone: _, ...withoutZone } = definition({ title: 'In the workspace’s zone' });
    const created = await c.lead.post(`${base()}/obligations`, withoutZone);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().obligation.timeZone).toBe('America/New_York');
    const named = await c.lead.post(`${base()}/obligations`, definition({ title: 'In its own zone' }));
    expect(named.json().obligation.timeZone).toBe('Europe/London');
  });
});

describe('an occurrence from due to accepted', () => {
  let key: string;
  let occurrence: { id: string; version: number; dueOn: string };
  const get = async (client = c.lead) =>
    (await client.get(`${base()}/obligations/occurrences/${occurrence.id}`)).json().occurrence;

  beforeAll(async () => {
    const created = await c.lead.post(`${base()}/obligations`, definition());
    expect(created.statusCode, created.body).toBe(201);
    key = created.json().obligation.key;
    const past = created.json().obligation.occurrences.filter((o: { view: string }) => o.view === 'overdue');
    expect(past.length).toBeGreaterThanOrEqual(2);
    // The oldest: its grace is over, so the evidence is late.
    occurrence = past.at(-1);
  });

  it('creates each date once, even with two generators at once', async () => {
    const before = await count('obligation_occurrences');
    await Promise.all([
      generateAhead(queued.database, { workspaceId: ws.id, obligationId: null }),
      generateAhead(queued.database, { workspaceId: ws.id, obligationId: null }),
    ]);
    expect(await count('obligation_occurrences')).toBe(before);
    const dupes = await queued.database.unsafeOwnerQuery<{ n: number }>(
      `select count(*)::int as n from (select obligation_id, due_on from obligation_occurrences group by 1, 2 having count(*) > 1) d`,
    );
    expect(dupes[0]!.n).toBe(0);
    const year = await generateAhead(
      queued.database,
      { workspaceId: ws.id, obligationId: null },
      { aheadDays: 365 },
    );
    expect(year.created).toBeGreaterThan(0);
  });

  it('refuses completion without evidence, listing everything missing, and changes nothing', async () => {
    const response = await c.engineer.post(`${base()}/obligations/occurrences/${occurrence.id}/submit`, {
      version: occurrence.version,
      attest: false,
    });
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('EVIDENCE_INCOMPLETE');
    for (const part of [
      'Every backup job checked',
      'Failures have a ticket',
      'Backup report',
      'Successful jobs',
      'attestation',
    ])
      expect(error.message).toContain(part);
    expect((await get()).version).toBe(occurrence.version);
  });

  it('refuses evidence files over the limits or of the wrong kind, writing nothing', async () => {
    const before = await count('obligation_evidence_files');
    const tooBig = await upload(c.engineer, occurrence.id, Buffer.alloc(10 * 1024 * 1024 + 1, 0x25));
    expect(tooBig.statusCode).toBe(413);
    // The refusal names the limit, not only that the body is too large.
    expect(errorOf(tooBig).message).toContain('larger than the 10 MB');
    expect(
      (await upload(c.engineer, occurrence.id, Buffer.from('MZ....'), 'application/x-msdownload')).statusCode,
    ).toBe(415);
    expect((await upload(c.engineer, occurrence.id, Buffer.from('not a pdf'))).statusCode).toBe(400);
    expect((await upload(c.engineer, occurrence.id, Buffer.alloc(0), 'text/plain')).statusCode).toBe(400);
    const wrongRequirement = await upload(
      c.engineer,
      occurrence.id,
      PDF,
      'application/pdf',
      'Something else',
    );
    expect(wrongRequirement.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(wrongRequirement).details)).toContain('requirement');
    expect((await upload(c.agent, occurrence.id, PDF)).statusCode).toBe(403);
    expect((await upload(c.otherLead, occurrence.id, PDF)).statusCode).toBe(404);
    expect(await count('obligation_evidence_files')).toBe(before);
  });

  it('only the responsible party records evidence (refusal matrix), another workspace gets 404', async () => {
    const matrix: Array<[keyof typeof c, number]> = [
      ['lead', 403],
      ['agent', 403],
      ['viewer', 403],
      ['requester', 403],
      ['otherLead', 404],
      ['providerLead', 200],
    ];
    for (const [who, status] of matrix) {
      const response = await c[who].patch(`${base()}/obligations/occurrences/${occurrence.id}/evidence`, {
        version: (await get()).version,
        checkedItems: [],
      });
      expect(response.statusCode, `${who}: ${response.body}`).toBe(status);
    }
    expect((await c.requester.get(`${base()}/obligations/occurrences/${occurrence.id}`)).statusCode).toBe(
      403,
    );
    expect((await c.otherLead.get(`${base()}/obligations/occurrences/${occurrence.id}`)).statusCode).toBe(
      404,
    );
    expect(
      (await c.engineer.get(`${base()}/obligations/occurrences/${occurrence.id}`)).json().occurrence
        .abilities,
    ).toEqual({
      submit: true,
      review: false,
    });
  });

  it('the provider attaches, ticks and attests; the internal lead rejects, then accepts', async () => {
    const badItem = await c.engineer.patch(`${base()}/obligations/occurrences/${occurrence.id}/evidence`, {
      version: (await get()).version,
      checkedItems: ['Something else'],
    });
    expect(badItem.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(badItem).details)).toContain('checkedItems.0');
    expect((await upload(c.engineer, occurrence.id, PDF)).statusCode).toBe(201);
    const ticked = await c.engineer.patch(`${base()}/obligations/occurrences/${occurrence.id}/evidence`, {
      version: (await get()).version,
      checkedItems: ['Every backup job checked', 'Failures have a ticket'],
      figureValue: 98.5,
    });
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(ticked.json().occurrence.missing).toEqual([]);
    const noAttest = await c.engineer.post(`${base()}/obligations/occurrences/${occurrence.id}/submit`, {
      version: ticked.json().occurrence.version,
      attest: false,
    });
    expect(errorOf(noAttest).message).toMatch(/attestation/);
    expect(errorOf(noAttest).message).not.toMatch(/Backup report/);
    const submitted = await c.engineer.post(`${base()}/obligations/occurrences/${occurrence.id}/submit`, {
      version: ticked.json().occurrence.version,
      attest: true,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().occurrence).toMatchObject({
      status: 'submitted',
      view: 'submitted',
      onTime: false,
    });
    expect(submitted.json().occurrence.attestedBy.membershipId).toBe(ids.engineer);
    for (const who of ['engineer', 'providerLead', 'agent'] as const) {
      const refused = await c[who].post(`${base()}/obligations/occurrences/${occurrence.id}/accept`, {
        version: (await get()).version,
      });
      expect(refused.statusCode, who).toBe(403);
    }
    const rejected = await c.lead.post(`${base()}/obligations/occurrences/${occurrence.id}/reject`, {
      version: (await get()).version,
      reason: 'The report covers the wrong month.',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().occurrence).toMatchObject({
      status: 'open',
      rejectionReason: 'The report covers the wrong month.',
    });
    expect(await notified('obligation.rejected', ids.engineer)).toBe(1);
    const again = await c.engineer.post(`${base()}/obligations/occurrences/${occurrence.id}/submit`, {
      version: rejected.json().occurrence.version,
      attest: true,
    });
    expect(again.statusCode, again.body).toBe(200);
    const accepted = await c.lead.post(`${base()}/obligations/occurrences/${occurrence.id}/accept`, {
      version: again.json().occurrence.version,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().occurrence).toMatchObject({
      status: 'accepted',
      view: 'accepted',
      rejectionReason: null,
    });
    const twice = await c.lead.post(`${base()}/obligations/occurrences/${occurrence.id}/accept`, {
      version: accepted.json().occurrence.version,
    });
    expect(twice.statusCode).toBe(409);
  });

  it('the evidence library shows the accepted occurrence with its file and the figure series', async () => {
    const library = (await c.viewer.get(`${base()}/obligations/evidence`)).json().controls;
    const control = library.find((x: { ref: string }) => x.ref === 'backup-success-review');
    expect(control.accepted).toBe(1);
    expect(control.obligations.map((o: { key: string }) => o.key)).toContain(key);
    expect(control.onTimeRate).toBeLessThan(1);
    const detail = (await c.engineer.get(`${base()}/obligations/evidence/backup-success-review`)).json();
    expect(detail.occurrences).toHaveLength(1);
    expect(detail.occurrences[0].files[0]).toMatchObject({
      requirement: 'Backup report',
      filename: 'report.pdf',
    });
    expect(detail.figureSeries).toEqual([
      { obligationKey: key, name: 'Successful jobs', unit: '%', dueOn: occurrence.dueOn, value: 98.5 },
    ]);
    const file = await c.viewer.get(
      `${base()}/obligations/occurrences/${occurrence.id}/files/${detail.occurrences[0].files[0].id}`,
    );
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment/);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect((await c.otherLead.get(`${base()}/obligations/evidence`)).statusCode).toBe(404);
  });
});

describe('overdue occurrences escalate', () => {
  it('tells the responsible party, then the leads, once; three misses in a row raise a linked risk', async () => {
    const created = await c.lead.post(
      `${base()}/obligations`,
      definition({
        title: 'Weekly alert triage',
        rrule: 'FREQ=WEEKLY',
        startsOn: addDays(today(), -30),
        graceHours: 0,
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const obligationId = created.json().obligation.id;
    const key = created.json().obligation.key;
    const first = await sweepObligations(queued.database, { jobs: queued.jobs });
    expect(first.missed).toBeGreaterThanOrEqual(3);
    expect(first.risksRaised).toBeGreaterThanOrEqual(1);
    expect(await notified('obligation.missed', ws.lead.membershipId)).toBeGreaterThanOrEqual(3);
    expect(await notified('obligation.missed', ids.providerLead)).toBeGreaterThanOrEqual(3);
    const again = await sweepObligations(queued.database, { jobs: queued.jobs });
    expect(again).toEqual({ overdue: 0, missed: 0, risksRaised: 0 });
    const risks = await queued.database.unsafeOwnerQuery<{ number: number }>(
      `select number from risks where source_kind = 'obligation' and source_id = $1`,
      [obligationId],
    );
    expect(risks).toHaveLength(1);
    const risk = (await c.lead.get(`${base()}/risks/RISK-${risks[0]!.number}`)).json().risk;
    expect(risk.source).toMatchObject({ kind: 'obligation', key, path: `/w/${ws.slug}/obligations/${key}` });
    expect(risk.owner.membershipId).toBe(ws.lead.membershipId);
  });

  it('an occurrence past its due time but within grace tells the responsible party only', async () => {
    const created = await c.lead.post(
      `${base()}/obligations`,
      definition({
        title: 'Daily check',
        rrule: 'FREQ=DAILY',
        startsOn: today(),
        dueTime: '00:00',
        graceHours: 1000,
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const before = await notified('obligation.overdue', ids.engineer);
    const swept = await sweepObligations(queued.database, {
      jobs: queued.jobs,
      now: new Date(Date.now() + 3600_000),
    });
    expect(swept.overdue).toBeGreaterThanOrEqual(1);
    expect(await notified('obligation.overdue', ids.engineer)).toBeGreaterThan(before);
    const list = (await c.engineer.get(`${base()}/obligations/occurrences`)).json().items;
    expect(list.some((o: { view: string }) => o.view === 'overdue')).toBe(true);
  });
});
