import { beforeAll, describe, expect, it } from 'vitest';
import { serviceIdOf } from '../problems/test-support.ts';
import { insertArticle } from '../systems/test-articles.ts';
import { errorOf, signedIn, TestClient } from '../test/client.ts';
import { makeMember, type TestWorkspace } from '../test/factories.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';

const t = testAppForFile();
const acme = workspaceForFile(t, 'Acme');
const bramble = workspaceForFile(t, 'Bramble');
let lead: TestClient;
let engineer: TestClient;
let viewer: TestClient;
let requester: TestClient;
let brambleLead: TestClient;
let ian: { membershipId: string };
let rob: { membershipId: string };
let providerPerson: { membershipId: string };
let networkId: string;
const url = (ws: TestWorkspace, path = '') => `/api/v1/w/${ws.slug}/handovers${path}`;

beforeAll(async () => {
  const db = t.database.db;
  lead = await signedIn(t.app, acme.lead.email);
  ian = await makeMember(db, acme, { party: 'internal', role: 'agent' });
  rob = await makeMember(db, acme, { party: 'internal', role: 'agent' });
  const e = await makeMember(db, acme, { party: 'provider', role: 'agent' });
  providerPerson = e;
  engineer = await signedIn(t.app, e.email);
  viewer = await signInNewMember(t, acme, { party: 'internal', role: 'viewer' });
  requester = await signInNewMember(t, acme, { party: null, role: 'requester' });
  brambleLead = await signedIn(t.app, bramble.lead.email);
  networkId = await serviceIdOf(lead, acme, 'network');
});

describe('handover sessions', () => {
  it('refuses callers who are not signed in (401), requesters (403) and viewers changing (403)', async () => {
    expect((await new TestClient(t.app).get(url(acme))).statusCode).toBe(401);
    expect((await requester.get(url(acme))).statusCode).toBe(403);
    expect((await viewer.get(url(acme))).statusCode).toBe(200);
    const body = { topic: 'x', heldAt: '2026-11-01T10:00:00Z', presenterPartyId: acme.providerPartyId };
    expect((await viewer.post(url(acme), body)).statusCode).toBe(403);
    expect((await brambleLead.post(url(acme), body)).statusCode).toBe(404);
  });

  it('records a session presented by the provider with attendance per person and the articles produced', async () => {
    const article = await insertArticle(t.database.db, acme, {
      type: 'runbook',
      title: 'Firewall rule changes',
      authorMembershipId: providerPerson.membershipId,
    });
    const created = await engineer.post(url(acme), {
      topic: 'Firewall walkthrough',
      heldAt: '2026-11-10T14:00:00Z',
      presenterPartyId: acme.providerPartyId,
      serviceIds: [networkId],
      articleIds: [article.id],
      notes: 'Covered NAT rules and the change window.',
      attendees: [
        { membershipId: ian.membershipId, attended: true },
        { membershipId: rob.membershipId, attended: false },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().session.id;
    const detail = (await viewer.get(url(acme, `/${id}`))).json();
    expect(detail.session).toMatchObject({
      topic: 'Firewall walkthrough',
      presenterParty: { id: acme.providerPartyId },
    });
    expect(detail.services.map((s: { id: string }) => s.id)).toEqual([networkId]);
    expect(detail.articles[0]).toMatchObject({ id: article.id, title: 'Firewall rule changes' });
    expect(detail.attendees).toHaveLength(2);
    const list = (await lead.get(url(acme))).json().items;
    expect(list[0]).toMatchObject({ topic: 'Firewall walkthrough', invited: 2, attended: 1 });

    // Rob catches up in a second session; attendance is per person across sessions.
    const second = await lead.post(url(acme), {
      topic: 'Backups deep dive',
      heldAt: '2026-11-17T14:00:00Z',
      presenterPartyId: acme.providerPartyId,
      attendees: [{ membershipId: rob.membershipId, attended: false }],
    });
    const marked = await lead.patch(url(acme, `/${second.json().session.id}`), {
      version: second.json().session.version,
      attendees: [{ membershipId: rob.membershipId, attended: true }],
    });
    expect(marked.statusCode, marked.body).toBe(200);
    const attendance = (await viewer.get(url(acme, '/attendance'))).json().items;
    const byId = new Map(attendance.map((a: { personId: string }) => [a.personId, a]));
    expect(byId.get(ian.membershipId)).toMatchObject({ invited: 1, attended: 1, rate: 1 });
    expect(byId.get(rob.membershipId)).toMatchObject({ invited: 2, attended: 1, rate: 0.5 });
    const audit = (await lead.get(`/api/v1/w/${acme.slug}/audit?limit=50`))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(audit).toContain('handover.created');
    expect(audit).toContain('handover.updated');
    expect((await lead.patch(url(acme, `/${id}`), { version: 99, notes: 'x' })).statusCode).toBe(409);
  });

  it.each([
    [{ topic: '', heldAt: '2026-11-01T10:00:00Z' }, 'topic'],
    [{ topic: 'x', heldAt: 'next tuesday' }, 'heldAt'],
    [
      {
        topic: 'x',
        heldAt: '2026-11-01T10:00:00Z',
        presenterPartyId: '00000000-0000-4000-8000-000000000000',
      },
      'presenterPartyId',
    ],
    [
      { topic: 'x', heldAt: '2026-11-01T10:00:00Z', serviceIds: ['00000000-0000-4000-8000-000000000000'] },
      'serviceIds',
    ],
    [
      { topic: 'x', heldAt: '2026-11-01T10:00:00Z', articleIds: ['00000000-0000-4000-8000-000000000000'] },
      'articleIds',
    ],
    [
      {
        topic: 'x',
        heldAt: '2026-11-01T10:00:00Z',
        attendees: [{ membershipId: 'PROVIDER', attended: true }],
      },
      'attendees',
    ],
  ])('refuses %j naming %s (400, nothing stored)', async (partial, field) => {
    const body = {
      presenterPartyId: acme.providerPartyId,
      ...partial,
      ...(JSON.stringify(partial).includes('PROVIDER') && {
        attendees: [{ membershipId: providerPerson.membershipId, attended: true }],
      }),
    };
    const before = (await lead.get(url(acme))).json().items.length;
    const response = await lead.post(url(acme), body);
    expect(response.statusCode, response.body).toBe(400);
    expect(JSON.stringify(errorOf(response))).toContain(field);
    expect((await lead.get(url(acme))).json().items.length).toBe(before);
  });

  it('refuses another workspace’s article, service or person and answers 404 for its sessions', async () => {
    const foreign = await insertArticle(t.database.db, bramble, {
      type: 'how_to',
      title: 'Bramble article',
      authorMembershipId: bramble.lead.membershipId,
    });
    const base = { topic: 'x', heldAt: '2026-11-01T10:00:00Z', presenterPartyId: acme.providerPartyId };
    const refused = await lead.post(url(acme), { ...base, articleIds: [foreign.id] });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).message).toContain('articleIds');
    expect(
      (
        await lead.post(url(acme), {
          ...base,
          attendees: [{ membershipId: bramble.lead.membershipId, attended: true }],
        })
      ).statusCode,
    ).toBe(400);
    const theirs = await brambleLead.post(url(bramble), {
      ...base,
      presenterPartyId: bramble.internalPartyId,
    });
    expect(theirs.statusCode).toBe(201);
    expect((await lead.get(url(acme, `/${theirs.json().session.id}`))).statusCode).toBe(404);
    expect(
      (await lead.patch(url(acme, `/${theirs.json().session.id}`), { version: 1, notes: 'x' })).statusCode,
    ).toBe(404);
  });
});
