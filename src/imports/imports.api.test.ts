import { beforeAll, describe, expect, it } from 'vitest';
import { rowCounts } from '../test/cast.ts';
import { castForFile, queuedAppForFile } from '../test/file-setup.ts';

const queued = queuedAppForFile({ pollingIntervalSeconds: 0.5 });
const { ws, c, emails } = castForFile(queued);
let serviceName: string;

const url = () => `/api/v1/w/${ws.slug}/imports`;
const { count } = rowCounts(() => ({ database: queued.database, ws }));
const snapshot = async () => ({
  tickets: await count('tickets'),
  comments: await count('ticket_comments'),
  systems: await count('systems'),
  keys: await count('import_keys'),
});

const ticketsCsv = () =>
  [
    'Ref,Title,Body,Service,Requester,Prio,Note',
    `OLD-1,Printer jams on floor 2,It eats paper,${serviceName},${emails.requester},P2,First reply from the old desk`,
    `OLD-1,Printer jams on floor 2,,${serviceName},,,"Second reply, with a comma"`,
    `OLD-2,VPN drops at night,,${serviceName},,,`,
  ].join('\n');
const mapping = {
  externalId: 'Ref',
  subject: 'Title',
  description: 'Body',
  service: 'Service',
  requester: 'Requester',
  priority: 'Prio',
  comment: 'Note',
};

beforeAll(async () => {
  serviceName = (await c.lead.get(`/api/v1/w/${ws.slug}/responsibility/map`)).json().services[0].name;
});

describe('CSV import from another desk', () => {
  it('is the internal lead’s: others are refused naming who, another workspace’s lead learns nothing', async () => {
    const body = { kind: 'tickets', csv: ticketsCsv(), mapping, dryRun: true };
    for (const client of [c.agent, c.providerLead]) {
      const refused = await client.post(url(), body);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toMatch(/internal IT lead/);
    }
    expect((await c.otherLead.post(url(), body)).statusCode).toBe(404);
  });

  it('dry run: says what would happen and writes nothing', async () => {
    const before = await snapshot();
    const answer = await c.lead.post(url(), { kind: 'tickets', csv: ticketsCsv(), mapping });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({
      kind: 'tickets',
      dryRun: true,
      rows: 3,
      created: 2,
      comments: 2,
      alreadyImported: 0,
      errors: [],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('lists every row’s errors in a dry run, and refuses to commit such a file, writing nothing', async () => {
    const csv = [
      'externalId,subject,service,requester,priority',
      'B-1,,Nope,stranger@example.test,P9',
      `B-2,Fine row,${serviceName},,`,
      'B-3,Unknown service,Nope,,',
    ].join('\n');
    const before = await snapshot();
    const dry = await c.lead.post(url(), { kind: 'tickets', csv, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json().errors).toEqual([
      { row: 1, field: 'subject', message: 'must not be empty' },
      { row: 1, field: 'priority', message: 'must be P1, P2, P3 or P4' },
      { row: 3, field: 'service', message: 'names no active service "Nope" here' },
    ]);
    const commit = await c.lead.post(url(), { kind: 'tickets', csv, dryRun: false });
    expect(commit.statusCode).toBe(400);
    expect(commit.json().error.code).toBe('IMPORT_ROWS_INVALID');
    expect(commit.json().error.details).toHaveLength(3);
    expect(await snapshot()).toEqual(before);
    // A requester who is not a member, a missing column, a mapping to nothing: reasons, no rows.
    const stranger = await c.lead.post(url(), {
      kind: 'tickets',
      csv: `externalId,subject,service,requester\nC-1,Hello,${serviceName},stranger@example.test`,
    });
    expect(stranger.json().errors[0]).toMatchObject({ row: 1, field: 'requester' });
    const noColumn = await c.lead.post(url(), { kind: 'systems', csv: 'externalId,name\nS,ERP' });
    expect(noColumn.json().errors.map((e: { field: string }) => e.field)).toEqual(['kind', 'criticality']);
    const badKind = await c.lead.post(url(), { kind: 'invoices', csv: 'a\n1' });
    expect(badKind.statusCode).toBe(400);
  });

  it('commits tickets with their comments in one go, and a re-run creates nothing twice', async () => {
    const before = await snapshot();
    const committed = await c.lead.post(url(), {
      kind: 'tickets',
      csv: ticketsCsv(),
      mapping,
      dryRun: false,
    });
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json()).toMatchObject({ dryRun: false, created: 2, comments: 2, alreadyImported: 0 });
    const after = await snapshot();
    expect(after.tickets).toBe(before.tickets + 2);
    expect(after.comments).toBe(before.comments + 2);
    expect(after.keys).toBe(before.keys + 2);
    const [ticket] = await queued.database.unsafeOwnerQuery<{
      subject: string;
      priority: string;
      requester: string;
    }>(
      `select t.subject, t.priority, a.email as requester from tickets t
         join memberships m on m.id = t.requester_membership_id join accounts a on a.id = m.account_id
        where t.workspace_id = $1 and t.subject = 'Printer jams on floor 2'`,
      [ws.id],
    );
    expect(ticket).toEqual({
      subject: 'Printer jams on floor 2',
      priority: 'P2',
      requester: emails.requester,
    });
    expect(
      await count('audit_events', 'workspace_id = $1 and action = $2', [ws.id, 'import.committed']),
    ).toBe(1);

    const again = await c.lead.post(url(), { kind: 'tickets', csv: ticketsCsv(), mapping, dryRun: false });
    expect(again.json()).toMatchObject({ created: 0, comments: 0, alreadyImported: 2, errors: [] });
    expect(await snapshot()).toEqual(after);

    // The import page's events: each commit (not the dry runs), newest first, for the internal lead only.
    const history = await c.lead.get(url());
    expect(history.statusCode, history.body).toBe(200);
    const common = { kind: 'tickets', rows: 3, by: 'Acme Lead', at: expect.any(String) };
    expect(history.json().items).toEqual([
      { ...common, created: 0, comments: 0, alreadyImported: 2 },
      { ...common, created: 2, comments: 2, alreadyImported: 0 },
    ]);
    expect((await c.agent.get(url())).statusCode).toBe(403);
    expect((await c.otherLead.get(url())).statusCode).toBe(404);
  });

  it('keeps each ticket’s history: status, opened and resolved dates, comments’ dates; bad values listed per row', async () => {
    const header = 'externalId,subject,service,status,createdAt,resolvedAt,comment,commentedAt';
    const bad = [
      header,
      `H-1,Bad status,${serviceName},archived,,,,`,
      `H-2,Bad date,${serviceName},new,2026-02-30,,,`,
      `H-3,Resolved but open,${serviceName},in_progress,2026-01-05,2026-01-06,,`,
      `H-4,Resolved before opened,${serviceName},resolved,2026-01-05,2026-01-04,,`,
      `H-5,From the future,${serviceName},new,2999-01-01,,,`,
      `H-6,Comment before opening,${serviceName},new,2026-01-05T10:00Z,,Early,2026-01-04T10:00Z`,
      `H-7,A date without a comment,${serviceName},new,,,,2026-01-04`,
    ].join('\n');
    const before = await snapshot();
    const dry = await c.lead.post(url(), { kind: 'tickets', csv: bad });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [1, 'status'],
      [2, 'createdAt'],
      [3, 'resolvedAt'],
      [4, 'resolvedAt'],
      [5, 'createdAt'],
      [6, 'commentedAt'],
      [7, 'commentedAt'],
    ]);
    expect(dry.json().errors[0].message).toMatch(/must be one of new, triaged/);
    expect(dry.json().errors[4].message).toBe('must not be in the future');
    expect((await c.lead.post(url(), { kind: 'tickets', csv: bad, dryRun: false })).statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);

    const good = [
      header,
      `K-1,Closed long ago,${serviceName},closed,2026-01-05T09:00:00Z,2026-01-07 17:30,Looked at it,2026-01-05T11:00+01:00`,
      `K-1,Closed long ago,${serviceName},,,,Fixed the cable,2026-01-07T17:00Z`,
      `K-2,Still being worked on,${serviceName},in_progress,2026-02-01,,,`,
      `K-3,Resolved without a date,${serviceName},resolved,2026-03-01T08:00Z,,Done,2026-03-02T08:00Z`,
    ].join('\n');
    const committed = await c.lead.post(url(), { kind: 'tickets', csv: good, dryRun: false });
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json()).toMatchObject({ created: 3, comments: 3, errors: [] });
    const rows = await queued.database.unsafeOwnerQuery<Record<string, string | null>>(
      `select t.subject, t.status, t.created_at::text as created, t.resolved_at::text as resolved,
              t.closed_at::text as closed, t.first_response_at::text as first_response,
              t.updated_at::text as updated
         from tickets t join import_keys k on k.entity_id = t.id and k.workspace_id = t.workspace_id
        where t.workspace_id = $1 and k.external_id like 'K-%' order by k.external_id`,
      [ws.id],
    );
    const iso = (text: string | null | undefined) => (text == null ? null : new Date(text).toISOString());
    expect(
      rows.map((r) => [r.status, iso(r.created), iso(r.resolved), iso(r.closed), iso(r.first_response)]),
    ).toEqual([
      [
        'closed',
        '2026-01-05T09:00:00.000Z',
        '2026-01-07T17:30:00.000Z',
        '2026-01-07T17:30:00.000Z',
        '2026-01-05T10:00:00.000Z',
      ],
      ['in_progress', '2026-02-01T00:00:00.000Z', null, null, null],
      ['resolved', '2026-03-01T08:00:00.000Z', '2026-03-02T08:00:00.000Z', null, '2026-03-02T08:00:00.000Z'],
    ]);
    expect(iso(rows[0]!.updated)).toBe('2026-01-07T17:30:00.000Z');
    const comments = await queued.database.unsafeOwnerQuery<{ body: string; created: string }>(
      `select c.body, c.created_at::text as created from ticket_comments c
         join import_keys k on k.entity_id = c.ticket_id and k.workspace_id = c.workspace_id
        where c.workspace_id = $1 and k.external_id = 'K-1' order by c.created_at`,
      [ws.id],
    );
    expect(comments.map((cm) => [cm.body, iso(cm.created)])).toEqual([
      ['Looked at it', '2026-01-05T10:00:00.000Z'],
      ['Fixed the cable', '2026-01-07T17:00:00.000Z'],
    ]);
  });

  it('imports systems, refusing a name the workspace has and an id twice in the file', async () => {
    const csv = [
      'externalId,name,kind,criticality,service,description',
      `S-1,ERP,application,high,${serviceName},The finance system`,
      'S-2,Core switch,network,critical,,',
    ].join('\n');
    const committed = await c.lead.post(url(), { kind: 'systems', csv, dryRun: false });
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json()).toMatchObject({ created: 2 });
    const before = await snapshot();
    const clash = await c.lead.post(url(), {
      kind: 'systems',
      csv: 'externalId,name,kind,criticality\nS-9,erp,application,low\nS-10,Mail,saas,low\nS-10,Mail 2,saas,low',
      dryRun: false,
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().error.details).toEqual([
      { row: 1, field: 'name', message: 'a system named "erp" exists already' },
      { row: 3, field: 'externalId', message: 'S-10 appears twice in the file' },
    ]);
    expect(await snapshot()).toEqual(before);
    const rerun = await c.lead.post(url(), { kind: 'systems', csv, dryRun: false });
    expect(rerun.json()).toMatchObject({ created: 0, alreadyImported: 2 });
  });
});
