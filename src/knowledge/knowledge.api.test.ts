import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withScopedTx } from '../db/tenant.ts';
import { errorOf, signedIn, type TestClient } from '../test/client.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { sweepReviewReminders } from './service/review-reminders.ts';

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');
const other = workspaceForFile(t, 'Other');
let lead: TestClient;
let agent: TestClient;
let engineer: TestClient;
let viewer: TestClient;
let requester: TestClient;
let outsider: TestClient;
let services: Array<{ id: string; key: string; name: string }>;
let otherServiceId: string;

const base = () => `/api/v1/w/${ws.slug}`;
const count = async (table: string, workspaceId = ws.id) =>
  (
    await t.database.unsafeOwnerQuery<{ n: number }>(
      `select count(*)::int as n from ${table} where workspace_id = $1`,
      [workspaceId],
    )
  )[0]!.n;
const service = (key: string) => services.find((s) => s.key === key)!;

async function resolvedTicket(subject: string, description: string, serviceKey = 'identity-access') {
  const created = await lead.post(`${base()}/tickets`, {
    serviceId: service(serviceKey).id,
    subject,
    description,
  });
  expect(created.statusCode).toBe(201);
  const { key } = created.json().ticket;
  await lead.post(`${base()}/tickets/${key}/comments`, {
    body: 'Checked the sign-in logs.',
    visibility: 'staff',
  });
  await lead.post(`${base()}/tickets/${key}/comments`, {
    body: 'Only the lead sees this.',
    visibility: 'party',
  });
  await lead.post(`${base()}/tickets/${key}/comments`, {
    body: 'Reset the MFA method and re-enrolled the phone.',
    visibility: 'public',
  });
  const current = (await lead.get(`${base()}/tickets/${key}`)).json().ticket;
  const resolved = await lead.patch(`${base()}/tickets/${key}`, {
    version: current.version,
    status: 'resolved',
  });
  expect(resolved.statusCode).toBe(200);
  return { key: key as string, id: current.id as string };
}

async function newArticle(client: TestClient, body: Record<string, unknown> = {}) {
  const response = await client.post(`${base()}/articles`, {
    type: 'runbook',
    title: 'Restart the print spooler',
    body: '1. Open services\n2. Restart **Print Spooler**',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().article as { key: string; number: number; version: number; id: string };
}

beforeAll(async () => {
  lead = await signedIn(t.app, ws.lead.email);
  agent = await signInNewMember(t, ws, { party: 'internal', role: 'agent' });
  engineer = await signInNewMember(t, ws, { party: 'provider', role: 'agent' });
  viewer = await signInNewMember(t, ws, { party: 'internal', role: 'viewer' });
  requester = await signInNewMember(t, ws, { party: null, role: 'requester' });
  outsider = await signedIn(t.app, other.lead.email);
  services = (await lead.get(`${base()}/responsibility/map`)).json().services;
  otherServiceId = (await outsider.get(`/api/v1/w/${other.slug}/responsibility/map`)).json().services[0].id;
});

describe('POST /articles', () => {
  it('refuses an anonymous caller on every knowledge route (401)', async () => {
    const id = crypto.randomUUID();
    const routes: Array<[string, string]> = [
      ['GET', '/articles'],
      ['GET', '/articles/search?q=x'],
      ['GET', '/articles/suggestions?ticket=1'],
      ['POST', '/articles'],
      ['POST', '/articles/from-ticket'],
      ['POST', '/articles/preview'],
      ['GET', '/articles/KB-1'],
      ['PATCH', '/articles/KB-1'],
      ['GET', '/articles/KB-1/versions'],
      ['GET', '/articles/KB-1/versions/1'],
      ['GET', '/articles/KB-1/diff?from=1&to=2'],
      ['POST', '/articles/KB-1/links'],
      ['DELETE', `/articles/KB-1/links/service/${id}`],
      ['POST', '/articles/KB-1/attachments?filename=a.txt'],
      ['GET', `/articles/KB-1/attachments/${id}`],
    ];
    for (const [method, path] of routes) {
      const response = await t.app.inject({
        method: method as 'GET',
        url: `${base()}${path}`,
        ...(method !== 'GET' && method !== 'DELETE' && { payload: {} }),
      });
      expect(response.statusCode, `${method} ${path}`).toBe(401);
    }
  });

  it.each([
    [{ type: 'essay', title: 'x' }, 'type'],
    [{ type: 'runbook', title: '   ' }, 'title'],
    [{ type: 'runbook', title: 'x', reviewDueOn: '31/12/2026' }, 'reviewDueOn'],
    [{ type: 'runbook', title: 'x', links: [{ kind: 'planet', targetId: crypto.randomUUID() }] }, 'links'],
    [{ type: 'runbook', title: 'x', colour: 'red' }, 'colour'],
  ])('refuses a bad field (400 naming it): %o', async (body, field) => {
    const before = await count('articles');
    const response = await lead.post(`${base()}/articles`, body);
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(response))).toContain(field);
    expect(await count('articles')).toBe(before);
  });

  it('refuses a body over 200,000 characters (400) and 5 MB of text (413), storing nothing', async () => {
    const before = await count('articles');
    const versionsBefore = await count('article_versions');
    const big = await lead.post(`${base()}/articles`, {
      type: 'how_to',
      title: 'Big',
      body: 'a'.repeat(200_001),
    });
    expect(big.statusCode).toBe(400);
    expect(errorOf(big).message).toMatch(/body/);
    const huge = await lead.post(`${base()}/articles`, {
      type: 'how_to',
      title: 'Huge',
      body: 'word '.repeat(1024 * 1024),
    });
    expect(huge.statusCode).toBe(413);
    expect(await count('articles')).toBe(before);
    expect(await count('article_versions')).toBe(versionsBefore);
  });

  it('refuses requesters and viewers (403, no write)', async () => {
    const before = await count('articles');
    for (const client of [requester, viewer]) {
      const response = await client.post(`${base()}/articles`, { type: 'how_to', title: 'Mine' });
      expect(response.statusCode).toBe(403);
      expect(errorOf(response).code).toBe('ARTICLE_RIGHT_REQUIRED');
    }
    expect(await count('articles')).toBe(before);
  });

  it('answers 404 in another workspace and for a link to another workspace, writing nothing', async () => {
    const before = await count('articles');
    const foreign = await outsider.post(`${base()}/articles`, { type: 'how_to', title: 'Sneaky' });
    expect(foreign.statusCode).toBe(404);
    const foreignLink = await lead.post(`${base()}/articles`, {
      type: 'how_to',
      title: 'Linked elsewhere',
      links: [{ kind: 'service', targetId: otherServiceId }],
    });
    expect(foreignLink.statusCode).toBe(404);
    expect(await count('articles')).toBe(before);
    expect(await count('article_links')).toBe(0);
    expect(await count('articles', other.id)).toBe(0);
  });

  it('creates a draft (version 1) owned by the author party, with links, a version row and an audit event', async () => {
    const article = await newArticle(engineer, {
      type: 'escalation_guide',
      title: 'Escalate a firewall outage',
      links: [{ kind: 'service', targetId: service('network').id }],
      reviewDueOn: '2030-01-31',
    });
    const read = (await engineer.get(`${base()}/articles/${article.key}`)).json().article;
    expect(read).toMatchObject({
      status: 'draft',
      visibility: 'staff',
      version: 1,
      ownerParty: { id: ws.providerPartyId },
      reviewDueOn: '2030-01-31',
      stale: false,
    });
    expect(read.links).toEqual([
      expect.objectContaining({
        kind: 'service',
        targetId: service('network').id,
        label: service('network').name,
      }),
    ]);
    expect(read.html).toContain('<strong>Print Spooler</strong>');
    const audit = await t.database.unsafeOwnerQuery<{ action: string }>(
      `select action from audit_events where workspace_id = $1 and entity_id = $2`,
      [ws.id, article.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['article.created']);
  });
});

describe('GET /articles/:key renders safely', () => {
  it('sends sanitised HTML for a hostile body and keeps the source as written', async () => {
    const source =
      '<script>alert(1)</script>\n\n<img src="x.png" onerror="alert(2)">\n\n[x](javascript:alert(3))';
    const article = await newArticle(agent, { body: source });
    const read = (await agent.get(`${base()}/articles/${article.key}`)).json().article;
    expect(read.body).toBe(source);
    expect(read.html).not.toMatch(/<script|onerror|href="javascript/i);
  });

  it('previews Markdown through the same sanitiser', async () => {
    const response = await agent.post(`${base()}/articles/preview`, {
      body: '<a href="javascript:x">y</a> **b**',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().html).toBe(
      '<p><a rel="noopener noreferrer nofollow" target="_blank">y</a> <strong>b</strong></p>\n',
    );
  });

  it('answers 400 for a bad key and 404 for an unknown one or another workspace', async () => {
    expect((await lead.get(`${base()}/articles/banana`)).statusCode).toBe(400);
    expect((await lead.get(`${base()}/articles/KB-99999`)).statusCode).toBe(404);
    const article = await newArticle(lead);
    expect((await outsider.get(`${base()}/articles/${article.key}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/w/${other.slug}/articles/${article.key}`)).statusCode).toBe(404);
  });
});

describe('PATCH /articles/:key: versions, publication rule, concurrency', () => {
  it.each([
    [{ title: 'x' }, 'version'],
    [{ version: 1, title: '' }, 'title'],
    [{ version: 1, status: 'archived' }, 'status'],
    [{ version: 1, visibility: 'everyone' }, 'visibility'],
    [{ version: 1, reviewDueOn: 'tomorrow' }, 'reviewDueOn'],
    [{ version: 1, body: 'b'.repeat(200_001) }, 'body'],
    [{ version: 1, colour: 'red' }, 'colour'],
  ])('refuses a bad field (400 naming it, no new version): %o', async (body, field) => {
    const article = await newArticle(agent);
    const response = await agent.patch(`${base()}/articles/${article.key}`, body);
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(response))).toContain(field);
    expect((await agent.get(`${base()}/articles/${article.key}`)).json().article.version).toBe(1);
  });

  it('answers 404 to another workspace, changing nothing', async () => {
    const article = await newArticle(agent);
    const response = await outsider.patch(`${base()}/articles/${article.key}`, {
      version: 1,
      title: 'Mine now',
    });
    expect(response.statusCode).toBe(404);
    const own = await outsider.patch(`/api/v1/w/${other.slug}/articles/${article.key}`, {
      version: 1,
      title: 'x',
    });
    expect(own.statusCode).toBe(404);
    expect((await agent.get(`${base()}/articles/${article.key}`)).json().article).toMatchObject({
      version: 1,
      title: 'Restart the print spooler',
    });
  });
  it('makes every edit a version, refuses a stale one (409) and diffs any two versions', async () => {
    const article = await newArticle(agent, { body: 'line one\nline two\n' });
    const v2 = await agent.patch(`${base()}/articles/${article.key}`, {
      version: 1,
      body: 'line one\nline 2\n',
      note: 'Fix a typo',
    });
    expect(v2.statusCode).toBe(200);
    expect(v2.json().article.version).toBe(2);
    const stale = await lead.patch(`${base()}/articles/${article.key}`, { version: 1, title: 'Late' });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('STALE_VERSION');
    await agent.patch(`${base()}/articles/${article.key}`, {
      version: 2,
      title: 'Restart the spooler safely',
    });
    const versions = (await agent.get(`${base()}/articles/${article.key}/versions`)).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(versions[1]).toMatchObject({ note: 'Fix a typo', editedByName: expect.any(String) });
    const diff = (await agent.get(`${base()}/articles/${article.key}/diff?from=1&to=3`)).json();
    expect(diff.body).toEqual([
      { kind: 'same', text: 'line one\n' },
      { kind: 'removed', text: 'line two\n' },
      { kind: 'added', text: 'line 2\n' },
    ]);
    expect(diff.title.filter((s: { kind: string }) => s.kind !== 'same')).toHaveLength(2);
    const old = (await agent.get(`${base()}/articles/${article.key}/versions/1`)).json().version;
    expect(old.body).toBe('line one\nline two\n');
    expect((await agent.get(`${base()}/articles/${article.key}/versions/9`)).statusCode).toBe(404);
    expect((await agent.get(`${base()}/articles/${article.key}/diff?from=1`)).statusCode).toBe(400);
    expect((await requester.get(`${base()}/articles/${article.key}/versions`)).statusCode).toBe(404);
  });

  it('keeps versions append-only for the application role (no update, no delete)', async () => {
    const article = await newArticle(agent);
    const scope = { workspaceId: ws.id, accountId: ws.lead.accountId };
    await expect(
      withScopedTx(t.database.db, scope, (tx) =>
        tx.execute(sql`update article_versions set body = 'rewritten' where article_id = ${article.id}`),
      ),
    ).rejects.toThrow();
    await expect(
      withScopedTx(t.database.db, scope, (tx) =>
        tx.execute(sql`delete from article_versions where article_id = ${article.id}`),
      ),
    ).rejects.toThrow();
    expect(await count('article_versions')).toBeGreaterThan(0);
  });

  it('lets owner-party staff and the internal lead publish; refuses another party and viewers (403, no write)', async () => {
    const byEngineer = await newArticle(engineer);
    const refused = await agent.patch(`${base()}/articles/${byEngineer.key}`, {
      version: 1,
      status: 'published',
    });
    expect(refused.statusCode).toBe(403);
    const viewerTry = await viewer.patch(`${base()}/articles/${byEngineer.key}`, { version: 1, title: 'x' });
    expect(viewerTry.statusCode).toBe(403);
    const requesterTry = await requester.patch(`${base()}/articles/${byEngineer.key}`, {
      version: 1,
      title: 'x',
    });
    expect(requesterTry.statusCode).toBe(404);
    expect((await engineer.get(`${base()}/articles/${byEngineer.key}`)).json().article.version).toBe(1);
    const published = await engineer.patch(`${base()}/articles/${byEngineer.key}`, {
      version: 1,
      status: 'published',
    });
    expect(published.statusCode).toBe(200);
    expect(published.json().article.publishedAt).not.toBeNull();

    const byAgent = await newArticle(agent);
    const byLead = await lead.patch(`${base()}/articles/${byAgent.key}`, { version: 1, status: 'published' });
    expect(byLead.statusCode).toBe(200);
    // Once published, another party may ask for a review but not change the text.
    const edit = await engineer.patch(`${base()}/articles/${byAgent.key}`, { version: 2, body: 'Different' });
    expect(edit.statusCode).toBe(403);
    const review = await engineer.patch(`${base()}/articles/${byAgent.key}`, {
      version: 2,
      status: 'needs_review',
    });
    expect(review.statusCode).toBe(200);
    expect(review.json().article.status).toBe('needs_review');
  });

  it('refuses a move the lifecycle does not allow (409) and publishing an empty body (400)', async () => {
    const article = await newArticle(agent, { body: '' });
    const empty = await agent.patch(`${base()}/articles/${article.key}`, { version: 1, status: 'published' });
    expect(empty.statusCode).toBe(400);
    const retired = await agent.patch(`${base()}/articles/${article.key}`, { version: 1, status: 'retired' });
    expect(retired.statusCode).toBe(200);
    const back = await agent.patch(`${base()}/articles/${article.key}`, { version: 2, status: 'published' });
    expect(back.statusCode).toBe(409);
    expect(errorOf(back).code).toBe('STATUS_NOT_ALLOWED');
  });

  it('refuses an owner party or reviewer from another workspace (400, no write)', async () => {
    const article = await newArticle(lead);
    const party = await lead.patch(`${base()}/articles/${article.key}`, {
      version: 1,
      ownerPartyId: other.internalPartyId,
    });
    expect(party.statusCode).toBe(400);
    const reviewer = await lead.patch(`${base()}/articles/${article.key}`, {
      version: 1,
      reviewerMembershipId: other.lead.membershipId,
    });
    expect(reviewer.statusCode).toBe(400);
    expect((await lead.get(`${base()}/articles/${article.key}`)).json().article.version).toBe(1);
  });
});

describe('links and attachments', () => {
  it('links a ticket by key and a service, refuses foreign records (404, nothing stored), unlinks', async () => {
    const article = await newArticle(agent);
    const { key, id } = await resolvedTicket('Printer offline', 'The office printer is offline.');
    expect(
      (await agent.post(`${base()}/articles/${article.key}/links`, { kind: 'ticket', ticket: key }))
        .statusCode,
    ).toBe(201);
    const before = await count('article_links');
    for (const body of [
      { kind: 'service', targetId: otherServiceId },
      { kind: 'asset', targetId: crypto.randomUUID() },
      { kind: 'problem', targetId: crypto.randomUUID() },
      { kind: 'ticket', ticket: 'OTHER-999' },
    ]) {
      const response = await agent.post(`${base()}/articles/${article.key}/links`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(404);
    }
    expect(await count('article_links')).toBe(before);
    expect(
      (await requester.post(`${base()}/articles/${article.key}/links`, { kind: 'ticket', ticket: key }))
        .statusCode,
    ).toBe(404);
    const links = (await agent.get(`${base()}/articles/${article.key}`)).json().article.links;
    expect(links).toEqual([expect.objectContaining({ kind: 'ticket', targetId: id, ticketKey: key })]);
    expect((await agent.delete(`${base()}/articles/${article.key}/links/ticket/${id}`)).statusCode).toBe(204);
    expect((await agent.delete(`${base()}/articles/${article.key}/links/ticket/${id}`)).statusCode).toBe(404);
  });

  it('stores an attachment checked against its type and serves it as a sandboxed download', async () => {
    const article = await newArticle(agent);
    const url = `${base()}/articles/${article.key}/attachments?filename=steps.txt`;
    const bad = await agent.request('POST', url, Buffer.from([0xff, 0xfe, 0x00]), {
      'content-type': 'text/plain',
    });
    expect(bad.statusCode).toBe(400);
    const refused = await viewer.request('POST', url, 'hello', { 'content-type': 'text/plain' });
    expect(refused.statusCode).toBe(403);
    const up = await agent.request('POST', url, 'step one', { 'content-type': 'text/plain' });
    expect(up.statusCode).toBe(201);
    const file = up.json().attachment;
    const down = await agent.get(`${base()}/articles/${article.key}/attachments/${file.id}`);
    expect(down.body).toBe('step one');
    expect(down.headers['content-disposition']).toContain('attachment');
    expect(down.headers['content-security-policy']).toContain('sandbox');
    expect((await outsider.get(`${base()}/articles/${article.key}/attachments/${file.id}`)).statusCode).toBe(
      404,
    );
    expect((await requester.get(`${base()}/articles/${article.key}/attachments/${file.id}`)).statusCode).toBe(
      404,
    );
  });
});

describe('list, search, filters and who reads what', () => {
  it('shows requesters only published public articles, in the list, search and by key', async () => {
    const pub = await newArticle(lead, {
      title: 'Connect to the guest wifi',
      body: 'Pick the network named Guest and accept the terms.',
      visibility: 'public',
      type: 'how_to',
    });
    await lead.patch(`${base()}/articles/${pub.key}`, { version: 1, status: 'published' });
    const staffOnly = await newArticle(lead, {
      title: 'Guest wifi controller admin',
      body: 'The guest wifi controller.',
    });
    await lead.patch(`${base()}/articles/${staffOnly.key}`, { version: 1, status: 'published' });
    const draft = await newArticle(lead, {
      title: 'Guest wifi draft',
      body: 'guest wifi',
      visibility: 'public',
    });
    const list = (await requester.get(`${base()}/articles?limit=100`))
      .json()
      .items.map((a: { key: string }) => a.key);
    expect(list).toContain(pub.key);
    expect(list).not.toContain(staffOnly.key);
    expect(list).not.toContain(draft.key);
    const found = (await requester.get(`${base()}/articles/search?q=guest%20wifi`)).json().items;
    expect(found.map((a: { key: string }) => a.key)).toEqual([pub.key]);
    expect((await requester.get(`${base()}/articles/${staffOnly.key}`)).statusCode).toBe(404);
    expect((await requester.get(`${base()}/articles/${draft.key}`)).statusCode).toBe(404);
    const staff = (await engineer.get(`${base()}/articles/search?q=guest%20wifi`)).json().items;
    expect(staff.map((a: { key: string }) => a.key).sort()).toEqual(
      [pub.key, staffOnly.key, draft.key].sort(),
    );
  });

  it('ranks, highlights (as segments, no markup) and filters by type, service, owner party and staleness', async () => {
    const vpn = await newArticle(engineer, {
      type: 'recovery_procedure',
      title: 'Recover the VPN concentrator',
      body: 'When the VPN concentrator fails, <b>fail over</b> to the standby unit.',
      links: [{ kind: 'service', targetId: service('network').id }],
      reviewDueOn: '2020-01-01',
    });
    await engineer.patch(`${base()}/articles/${vpn.key}`, { version: 1, status: 'published' });
    await newArticle(agent, { type: 'how_to', title: 'VPN client install', body: 'Install the client.' });
    const hits = (await agent.get(`${base()}/articles/search?q=vpn%20concentrator`)).json().items;
    expect(hits[0].key).toBe(vpn.key);
    expect(
      hits[0].snippet.some(
        (s: { text: string; highlight: boolean }) => s.highlight && /concentrator/i.test(s.text),
      ),
    ).toBe(true);
    expect(hits[0].stale).toBe(true);
    const q = (query: string) => agent.get(`${base()}/articles/search?q=vpn&${query}`);
    expect((await q('type=recovery_procedure')).json().items.map((a: { key: string }) => a.key)).toEqual([
      vpn.key,
    ]);
    expect(
      (await q(`serviceId=${service('network').id}`)).json().items.map((a: { key: string }) => a.key),
    ).toEqual([vpn.key]);
    expect(
      (await q(`ownerPartyId=${ws.providerPartyId}`)).json().items.map((a: { key: string }) => a.key),
    ).toContain(vpn.key);
    expect(
      (await q(`ownerPartyId=${ws.internalPartyId}`)).json().items.map((a: { key: string }) => a.key),
    ).not.toContain(vpn.key);
    const stale = (await agent.get(`${base()}/articles?stale=true`))
      .json()
      .items.map((a: { key: string }) => a.key);
    expect(stale).toEqual([vpn.key]);
    expect((await agent.get(`${base()}/articles/search?q=vpn&type=poem`)).statusCode).toBe(400);
    expect((await agent.get(`${base()}/articles/search?q=`)).statusCode).toBe(400);
    expect((await outsider.get(`${base()}/articles/search?q=vpn`)).statusCode).toBe(404);
  });

  it('pages the list with a cursor, without repeats', async () => {
    const first = (await agent.get(`${base()}/articles?limit=3`)).json();
    const second = (await agent.get(`${base()}/articles?limit=3&cursor=${first.nextCursor}`)).json();
    const keys = [...first.items, ...second.items].map((a: { key: string }) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect((await agent.get(`${base()}/articles?cursor=nonsense`)).statusCode).toBe(400);
  });
});

describe('from ticket to article, and suggestions', () => {
  it('writes up a resolved ticket as a linked draft with its problem, resolution and shared comments', async () => {
    const { key, id } = await resolvedTicket(
      'MFA prompt loops',
      'After a phone change the MFA prompt loops.',
    );
    const response = await agent.post(`${base()}/articles/from-ticket`, { ticket: key, type: 'runbook' });
    expect(response.statusCode).toBe(201);
    const article = response.json().article;
    expect(article).toMatchObject({
      status: 'draft',
      type: 'runbook',
      title: 'MFA prompt loops',
      sourceTicketId: id,
    });
    expect(article.body).toContain('After a phone change the MFA prompt loops.');
    expect(article.body).toContain('## Resolution\n\nReset the MFA method and re-enrolled the phone.');
    expect(article.body).toContain('Checked the sign-in logs.');
    expect(article.body).not.toContain('Only the lead sees this.');
    expect(article.links.map((l: { kind: string }) => l.kind).sort()).toEqual(['service', 'ticket']);
  });

  it('refuses an open ticket (409), a requester (403), a foreign ticket (404), writing nothing', async () => {
    const open = await lead.post(`${base()}/tickets`, {
      serviceId: service('identity-access').id,
      subject: 'Open one',
    });
    const before = await count('articles');
    const notResolved = await agent.post(`${base()}/articles/from-ticket`, {
      ticket: open.json().ticket.key,
    });
    expect(notResolved.statusCode).toBe(409);
    expect(errorOf(notResolved).code).toBe('TICKET_NOT_RESOLVED');
    expect(
      (await requester.post(`${base()}/articles/from-ticket`, { ticket: open.json().ticket.key })).statusCode,
    ).toBe(403);
    expect((await agent.post(`${base()}/articles/from-ticket`, { ticket: 'X-99999' })).statusCode).toBe(404);
    expect((await agent.post(`${base()}/articles/from-ticket`, { ticket: 'not a key' })).statusCode).toBe(
      400,
    );
    expect(await count('articles')).toBe(before);
  });

  it('suggests live articles by similar text and service to staff, and only public published ones to the requester', async () => {
    const catalogue = (await requester.get(`${base()}/catalogue`)).json().items as Array<{
      id: string;
      serviceId: string;
      fields: Array<{ required: boolean }>;
    }>;
    const item = catalogue.find((i) => i.fields.every((f) => !f.required))!;
    const pub = await newArticle(lead, {
      title: 'Outlook keeps asking for a password',
      body: 'Clear the cached Outlook credentials in Credential Manager.',
      visibility: 'public',
      links: [{ kind: 'service', targetId: item.serviceId }],
    });
    await lead.patch(`${base()}/articles/${pub.key}`, { version: 1, status: 'published' });
    const staffOnly = await newArticle(lead, {
      title: 'Outlook password prompts: admin checks',
      body: 'Outlook password.',
    });
    await lead.patch(`${base()}/articles/${staffOnly.key}`, { version: 1, status: 'published' });
    const draft = await newArticle(lead, {
      title: 'Outlook password draft',
      body: 'Outlook',
      visibility: 'public',
    });
    const ticket = await requester.post(`${base()}/tickets`, {
      catalogueItemId: item.id,
      subject: 'Outlook asks for my password all the time',
      description: 'Since this morning.',
    });
    expect(ticket.statusCode, ticket.body).toBe(201);
    const ticketKey = ticket.json().ticket.key;
    const forStaff = (await agent.get(`${base()}/articles/suggestions?ticket=${ticketKey}`)).json().items;
    const staffKeys = forStaff.map((a: { key: string }) => a.key);
    expect(staffKeys[0]).toBe(pub.key);
    expect(staffKeys).toContain(staffOnly.key);
    expect(staffKeys).not.toContain(draft.key);
    const forRequester = (await requester.get(`${base()}/articles/suggestions?ticket=${ticketKey}`)).json()
      .items;
    expect(forRequester.map((a: { key: string }) => a.key)).toEqual([pub.key]);
    expect((await outsider.get(`${base()}/articles/suggestions?ticket=${ticketKey}`)).statusCode).toBe(404);
    expect((await agent.get(`${base()}/articles/suggestions`)).statusCode).toBe(400);
  });
});

describe('review reminders', () => {
  it('reminds once per review date (audit event, a notification to the reviewer), and again after a new date passes', async () => {
    const article = await newArticle(lead, {
      title: 'Quarterly restore test',
      reviewDueOn: '2021-03-01',
      reviewerMembershipId: ws.lead.membershipId,
    });
    await lead.patch(`${base()}/articles/${article.key}`, { version: 1, status: 'published' });
    const first = await sweepReviewReminders(t.database, {
      jobs: t.jobs,
      now: new Date('2026-01-10T00:00:00Z'),
    });
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    const inbox = async () =>
      (await lead.get(`${base()}/notifications?limit=100`))
        .json()
        .items.filter(
          (n: { event: string; subject: string }) =>
            n.event === 'article.review_due' && n.subject.includes('Quarterly restore test'),
        );
    expect(await inbox()).toEqual([
      expect.objectContaining({ link: `/w/${ws.slug}/knowledge/${article.key}` }),
    ]);
    const again = await sweepReviewReminders(t.database, {
      jobs: t.jobs,
      now: new Date('2026-01-11T00:00:00Z'),
    });
    expect(again.reminded).toBe(0);
    expect(await inbox()).toHaveLength(1);
    const audit = await t.database.unsafeOwnerQuery<{ action: string }>(
      `select action from audit_events where entity_id = $1 and action = 'article.review_due'`,
      [article.id],
    );
    expect(audit).toHaveLength(1);
    await lead.patch(`${base()}/articles/${article.key}`, { version: 2, reviewDueOn: '2025-12-31' });
    const renewed = await sweepReviewReminders(t.database, {
      jobs: t.jobs,
      now: new Date('2026-01-12T00:00:00Z'),
    });
    expect(renewed.reminded).toBe(1);
    expect(await inbox()).toHaveLength(2);
  });
});
