import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type TestClient } from '../test/client.ts';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { auditCount, dataSnapshot } from '../test/tenancy-helpers.ts';
import { ticketPrefixFor } from '../workspace-setup/create-workspace.ts';

// Issue #10 defect 2: a ticket key is read whole. `OTHER-1` used in this workspace names no
// ticket here (404, nothing written) instead of reaching this workspace's ticket 1.

const t = testAppForFile();
const ws = workspaceForFile(t, 'Keys Co');
const other = workspaceForFile(t, 'Other Co');
let lead: TestClient;
let mine: string; // this workspace's prefix
let theirs: string; // the other workspace's prefix
let systemId: string;
let articleKey: string;
let problemNumber: number;

const base = () => `/api/v1/w/${ws.slug}`;
/** Snapshot of every table but sessions (reads touch a session's last-seen time). */
const snapshot = async () => {
  const { sessions: _sessions, ...rest } = await dataSnapshot(t);
  return rest;
};

beforeAll(async () => {
  mine = ticketPrefixFor(ws.slug);
  theirs = ticketPrefixFor(other.slug);
  expect(theirs).not.toBe(mine);
  lead = await signedIn(t.app, ws.lead.email);
  const serviceId = (await lead.get(`${base()}/responsibility/map`)).json().services[0].id;
  for (const subject of ['First', 'Second']) {
    const created = await lead.post(`${base()}/tickets`, { serviceId, subject });
    expect(created.statusCode, created.body).toBe(201);
  }
  const system = await lead.post(`${base()}/systems`, {
    name: 'ERP',
    kind: 'application',
    criticality: 'high',
  });
  expect(system.statusCode, system.body).toBe(201);
  systemId = system.json().system?.id ?? system.json().id;
  const article = await lead.post(`${base()}/articles`, { type: 'how_to', title: 'Reset the printer' });
  expect(article.statusCode, article.body).toBe(201);
  articleKey = article.json().article.key;
  const problem = await lead.post(`${base()}/problems`, { title: 'Printers jam' });
  expect(problem.statusCode, problem.body).toBe(201);
  problemNumber = problem.json().problem?.number ?? problem.json().number;
});

describe('a key with this workspace prefix, or none, still works', () => {
  it.each([() => `${mine}-1`, () => '1', () => `${mine.toLowerCase()}-1`])('%s', async (key) => {
    const response = await lead.get(`${base()}/tickets/${key()}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().ticket.subject).toBe('First');
  });
});

describe("another workspace's key names no ticket here", () => {
  const foreign = () => `${theirs}-1`;
  const cases: Array<[string, () => Promise<LightMyRequestResponse>, number]> = [
    ['read a ticket', () => lead.get(`${base()}/tickets/${foreign()}`), 404],
    [
      'edit a ticket',
      () => lead.patch(`${base()}/tickets/${foreign()}`, { version: 1, category: 'Hardware' }),
      404,
    ],
    ['comment', () => lead.post(`${base()}/tickets/${foreign()}/comments`, { body: 'Hello' }), 404],
    ['time entries', () => lead.get(`${base()}/tickets/${foreign()}/time`), 404],
    ['attachments', () => lead.get(`${base()}/tickets/${foreign()}/attachments`), 404],
    [
      'link from a foreign key',
      () => lead.post(`${base()}/tickets/${foreign()}/links`, { ticket: `${mine}-2` }),
      404,
    ],
    [
      'link to a foreign key',
      () => lead.post(`${base()}/tickets/${mine}-2/links`, { ticket: foreign() }),
      404,
    ],
    [
      'bulk change',
      () => lead.post(`${base()}/tickets/bulk`, { keys: [`${mine}-2`, foreign()], status: 'triaged' }),
      404,
    ],
    [
      'problem with tickets',
      () => lead.post(`${base()}/problems`, { title: 'X', tickets: [foreign()] }),
      404,
    ],
    [
      'problem link',
      () => lead.post(`${base()}/problems/${problemNumber}/tickets`, { ticket: foreign() }),
      404,
    ],
    ['article from a ticket', () => lead.post(`${base()}/articles/from-ticket`, { ticket: foreign() }), 404],
    [
      'article link',
      () => lead.post(`${base()}/articles/${articleKey}/links`, { kind: 'ticket', ticket: foreign() }),
      404,
    ],
    ['article suggestions', () => lead.get(`${base()}/articles/suggestions?ticket=${foreign()}`), 404],
    ['ticket SLA', () => lead.get(`${base()}/tickets/${foreign()}/sla`), 404],
    ['ticket assets', () => lead.get(`${base()}/tickets/${foreign()}/assets`), 404],
    ['link an asset', () => lead.post(`${base()}/tickets/${foreign()}/assets`, { systemId }), 404],
    // Incidents refuse a ticket they cannot use by field (400), as for a number that does not exist.
    [
      'declare an incident',
      () => lead.post(`${base()}/incidents`, { title: 'Outage', ticketKeys: [foreign()] }),
      400,
    ],
  ];

  let before: Record<string, string>;
  beforeAll(async () => {
    before = await snapshot();
  });

  it.each(cases)('%s', async (_name, send, status) => {
    const audits = await auditCount(t);
    const response = await send();
    expect(response.statusCode, response.body).toBe(status);
    expect(response.body).toContain(foreign());
    expect(await auditCount(t)).toBe(audits);
  });

  it('wrote nothing at all', async () => {
    expect(await snapshot()).toEqual(before);
  });

  it('search does not treat it as the key of a ticket here', async () => {
    const hits = (await lead.get(`${base()}/tickets/search?q=${foreign()}`)).json();
    const keys = (hits.items ?? hits).map(
      (h: { key?: string; ticket?: { key: string } }) => h.key ?? h.ticket?.key,
    );
    expect(keys).not.toContain(`${mine}-1`);
    const own = (await lead.get(`${base()}/tickets/search?q=${mine}-1`)).json();
    expect(
      (own.items ?? own).map((h: { key?: string; ticket?: { key: string } }) => h.key ?? h.ticket?.key),
    ).toContain(`${mine}-1`);
  });
});
