import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, signedIn, TestClient } from '../test/client.ts';
import { makeMember } from '../test/factories.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';

// Who did what on a ticket: handoff and comment authors, individual time entries, and the
// watching parties that staff may change.

const t = testAppForFile();
const acme = workspaceForFile(t, 'Acme');
const bramble = workspaceForFile(t, 'Bramble');
let agent: TestClient;
let agentId: string;
let engineer: TestClient;
let engineerId: string;
let viewer: TestClient;
let requester: TestClient;
let requesterId: string;
let outsider: TestClient;

const base = () => `/api/v1/w/${acme.slug}`;
const count = async (table: string, where = '') =>
  (
    await t.database.unsafeOwnerQuery<{ n: number }>(
      `select count(*)::int as n from ${table} where workspace_id = $1 ${where}`,
      [acme.id],
    )
  )[0]!.n;

/** A ticket raised on the requester's behalf, in the internal lane (not visible to the provider). */
async function raise(subject: string) {
  const map = (await agent.get(`${base()}/responsibility/map`)).json();
  const serviceId = map.services.find((s: { key: string }) => s.key === 'telephony').id;
  const created = await agent.post(`${base()}/tickets`, {
    serviceId,
    subject,
    requesterMembershipId: requesterId,
  });
  expect(created.statusCode).toBe(201);
  let ticket = created.json().ticket as { key: string; version: number; lane: { partyId?: string } };
  if (ticket.lane.partyId !== acme.internalPartyId) {
    const handed = await agent.post(`${base()}/tickets/${ticket.key}/handoff`, {
      version: ticket.version,
      toPartyId: acme.internalPartyId,
      reason: 'Ours',
    });
    expect(handed.statusCode).toBe(200);
    ticket = handed.json().ticket;
  }
  expect(ticket.lane.partyId).toBe(acme.internalPartyId);
  return ticket;
}

beforeAll(async () => {
  const db = t.database.db;
  const a = await makeMember(db, acme, { party: 'internal', role: 'agent' });
  agentId = a.membershipId;
  agent = await signedIn(t.app, a.email);
  const e = await makeMember(db, acme, { party: 'provider', role: 'agent' });
  engineerId = e.membershipId;
  engineer = await signedIn(t.app, e.email);
  viewer = await signInNewMember(t, acme, { party: 'internal', role: 'viewer' });
  const r = await makeMember(db, acme, { party: null, role: 'requester' });
  requesterId = r.membershipId;
  requester = await signedIn(t.app, r.email);
  outsider = await signInNewMember(t, bramble, { party: 'internal', role: 'lead' });
});

describe('handoff and comment authors', () => {
  it('names who made each handoff, with their party', async () => {
    const ticket = await raise('Desk phone dead');
    const handed = await agent.post(`${base()}/tickets/${ticket.key}/handoff`, {
      version: ticket.version,
      toPartyId: acme.providerPartyId,
      reason: 'Provider runs the phones',
    });
    expect(handed.statusCode).toBe(200);
    const back = await engineer.post(`${base()}/tickets/${ticket.key}/handoff`, {
      version: handed.json().ticket.version,
      toPartyId: acme.internalPartyId,
      reason: 'Needs a purchase order',
    });
    expect(back.statusCode).toBe(200);
    const { handoffs } = (await agent.get(`${base()}/tickets/${ticket.key}`)).json();
    expect(handoffs.slice(-2)).toEqual([
      expect.objectContaining({
        reason: 'Provider runs the phones',
        by: expect.objectContaining({
          membershipId: agentId,
          partyId: acme.internalPartyId,
          partyName: 'Acme IT',
        }),
      }),
      expect.objectContaining({
        reason: 'Needs a purchase order',
        by: expect.objectContaining({
          membershipId: engineerId,
          partyId: acme.providerPartyId,
          partyName: 'Provider Ltd',
        }),
      }),
    ]);
    expect(handoffs.at(-2).by.name).toMatch(/^Person /);
    // The requester never sees the path.
    expect((await requester.get(`${base()}/tickets/${ticket.key}`)).json().handoffs).toEqual([]);
  });

  it('gives each comment its author, and keeps internal notes from the requester and the other party', async () => {
    const ticket = await raise('Voicemail full');
    // The provider must see the ticket to write in it: the internal team adds it as a watcher.
    expect(
      (await agent.post(`${base()}/tickets/${ticket.key}/watchers`, { partyId: acme.providerPartyId }))
        .statusCode,
    ).toBe(201);
    const say = async (client: TestClient, body: string, visibility?: string) => {
      const response = await client.post(`${base()}/tickets/${ticket.key}/comments`, {
        body,
        ...(visibility && { visibility }),
      });
      expect(response.statusCode).toBe(201);
    };
    await say(requester, 'It says the mailbox is full');
    await say(agent, 'We are on it', 'public');
    await say(agent, 'Both parties: check the quota', 'staff');
    await say(agent, 'Internal only: they asked for this last week too', 'party');
    await say(engineer, 'Provider only: bill this as a change', 'party');

    const seenBy = async (client: TestClient) =>
      (await client.get(`${base()}/tickets/${ticket.key}`)).json().comments as Array<{
        body: string;
        author: {
          membershipId: string;
          name: string | null;
          partyId: string | null;
          partyName: string | null;
        };
      }>;
    const bodies = (comments: Array<{ body: string }>) => comments.map((c) => c.body);

    const byRequester = await seenBy(requester);
    expect(bodies(byRequester)).toEqual(['It says the mailbox is full', 'We are on it']);
    expect(byRequester[0]!.author).toEqual({
      membershipId: requesterId,
      name: expect.any(String),
      partyId: null,
      partyName: null,
    });
    expect(byRequester[1]!.author).toMatchObject({ membershipId: agentId, partyName: 'Acme IT' });

    const byAgent = await seenBy(agent);
    expect(bodies(byAgent)).toEqual([
      'It says the mailbox is full',
      'We are on it',
      'Both parties: check the quota',
      'Internal only: they asked for this last week too',
    ]);
    const byEngineer = await seenBy(engineer);
    expect(bodies(byEngineer)).toEqual([
      'It says the mailbox is full',
      'We are on it',
      'Both parties: check the quota',
      'Provider only: bill this as a change',
    ]);
    expect(byEngineer[3]!.author).toMatchObject({ membershipId: engineerId, partyName: 'Provider Ltd' });
  });
});

describe('time entries', () => {
  it('lists each entry with who recorded it, to staff only', async () => {
    const ticket = await raise('Headset crackles');
    const url = `${base()}/tickets/${ticket.key}/time`;
    expect((await new TestClient(t.app).get(url)).statusCode).toBe(401);
    expect((await agent.post(url, { minutes: 25, note: 'Swapped the cable' })).statusCode).toBe(201);
    expect(
      (await agent.post(url, { minutes: 10, spentOn: new Date(Date.now() - 86_400_000).toISOString() }))
        .statusCode,
    ).toBe(201);

    const listed = await agent.get(url);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({
        membershipId: agentId,
        name: expect.stringMatching(/^Person /),
        partyId: acme.internalPartyId,
        partyName: 'Acme IT',
        minutes: 25,
        note: 'Swapped the cable',
      }),
      expect.objectContaining({ minutes: 10, note: '' }),
    ]);
    expect((await viewer.get(url)).statusCode).toBe(200);
    // The ticket page carries the total per party to staff; its requester's copy carries none.
    const detail = (await agent.get(`${base()}/tickets/${ticket.key}`)).json();
    expect(detail.timeByParty).toEqual([{ partyId: acme.internalPartyId, minutes: 35 }]);
    expect((await requester.get(`${base()}/tickets/${ticket.key}`)).json().timeByParty).toEqual([]);

    const refused = await requester.get(url);
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).message).toBe('Only staff of a party see time records.');
    expect((await outsider.get(`/api/v1/w/${acme.slug}/tickets/${ticket.key}/time`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/w/${bramble.slug}/tickets/${ticket.key}/time`)).statusCode).toBe(404);
    // The provider cannot see this internal-lane ticket at all.
    expect((await engineer.get(url)).statusCode).toBe(404);
  });
});

describe('watchers', () => {
  it('lets internal staff add a watching party, which then sees the ticket, and remove it', async () => {
    const ticket = await raise('Conference phone');
    const url = `${base()}/tickets/${ticket.key}/watchers`;
    expect((await engineer.get(`${base()}/tickets/${ticket.key}`)).statusCode).toBe(404);
    expect((await agent.get(`${base()}/tickets/${ticket.key}`)).json().watchers).toEqual([]);

    const added = await agent.post(url, { partyId: acme.providerPartyId });
    expect(added.statusCode).toBe(201);
    expect(added.json().watchers).toEqual([
      { partyId: acme.providerPartyId, name: 'Provider Ltd', kind: 'provider', automatic: false },
    ]);
    const detail = (await engineer.get(`${base()}/tickets/${ticket.key}`)).json();
    expect(detail.watchers).toEqual(added.json().watchers);
    expect(detail.watcherPartyIds).toEqual([acme.providerPartyId]);
    const [audit] = await t.database.unsafeOwnerQuery<{ actions: string[] }>(
      `select array_agg(action order by id) as actions from audit_events where workspace_id = $1 and action like 'ticket.watcher%'`,
      [acme.id],
    );
    expect(audit!.actions).toContain('ticket.watcher_added');

    const twice = await agent.post(url, { partyId: acme.providerPartyId });
    expect(twice.statusCode).toBe(409);
    expect(errorOf(twice).code).toBe('ALREADY_WATCHING');

    expect((await agent.delete(`${url}/${acme.providerPartyId}`)).statusCode).toBe(204);
    expect((await engineer.get(`${base()}/tickets/${ticket.key}`)).statusCode).toBe(404);
    expect((await agent.delete(`${url}/${acme.providerPartyId}`)).statusCode).toBe(404);
  });

  it('refuses bad input, people without the right, and other workspaces, writing nothing', async () => {
    const ticket = await raise('Fax machine');
    const url = `${base()}/tickets/${ticket.key}/watchers`;
    const before = await count('ticket_watchers');

    expect((await new TestClient(t.app).post(url, { partyId: acme.providerPartyId })).statusCode).toBe(401);

    const notUuid = await agent.post(url, { partyId: 'provider' });
    expect(notUuid.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(notUuid))).toContain('partyId');
    const foreignParty = await agent.post(url, { partyId: bramble.providerPartyId });
    expect(foreignParty.statusCode).toBe(400);
    expect(errorOf(foreignParty).message).toBe('partyId names no party of this workspace.');
    expect((await agent.post(url, { partyId: acme.providerPartyId, extra: 1 })).statusCode).toBe(400);

    const byRequester = await requester.post(url, { partyId: acme.providerPartyId });
    expect(byRequester.statusCode).toBe(403);
    const byViewer = await viewer.post(url, { partyId: acme.providerPartyId });
    expect(byViewer.statusCode).toBe(403);
    expect(errorOf(byViewer).message).toBe('Only staff of a party may change who watches a ticket.');

    expect(
      (
        await outsider.post(`/api/v1/w/${bramble.slug}/tickets/${ticket.key}/watchers`, {
          partyId: bramble.providerPartyId,
        })
      ).statusCode,
    ).toBe(404);
    expect((await outsider.post(url, { partyId: acme.providerPartyId })).statusCode).toBe(404);
    expect(await count('ticket_watchers')).toBe(before);
  });

  it('lets a provider change only its own party’s watch', async () => {
    const ticket = await raise('Call queue music');
    const url = `${base()}/tickets/${ticket.key}/watchers`;
    // Joint triage is visible to the provider.
    const joint = await agent.post(`${base()}/tickets/${ticket.key}/handoff`, {
      version: ticket.version,
      toPartyId: null,
      reason: 'Unclear who owns hold music',
    });
    expect(joint.statusCode).toBe(200);
    // The internal party that handed it off watches it automatically.
    expect((await engineer.get(`${base()}/tickets/${ticket.key}`)).json().watchers).toEqual([
      { partyId: acme.internalPartyId, name: 'Acme IT', kind: 'internal', automatic: true },
    ]);
    const other = await engineer.delete(`${url}/${acme.internalPartyId}`);
    expect(other.statusCode).toBe(403);
    expect(errorOf(other).message).toBe(
      'Provider staff may only add or remove their own party as a watcher.',
    );
    expect((await engineer.post(url, { partyId: acme.internalPartyId })).statusCode).toBe(403);
    expect((await engineer.post(url, { partyId: acme.providerPartyId })).statusCode).toBe(201);
    expect((await engineer.delete(`${url}/${acme.providerPartyId}`)).statusCode).toBe(204);
    expect(await count('ticket_watchers', `and party_id = '${acme.internalPartyId}'`)).toBeGreaterThan(0);
  });
});

describe('links between tickets: refusals', () => {
  it('refuses the unsigned, requesters, viewers and other workspaces, writing nothing', async () => {
    const a = await raise('Link A');
    const b = await raise('Link B');
    const url = `${base()}/tickets/${a.key}/links`;
    const before = await count('ticket_links');
    expect((await new TestClient(t.app).post(url, { ticket: b.key })).statusCode).toBe(401);
    const badKind = await agent.post(url, { ticket: b.key, kind: 'blocks' });
    expect(badKind.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(badKind))).toContain('kind');
    const unknown = await agent.post(url, { ticket: '99999' });
    expect(unknown.statusCode).toBe(400);
    expect((await requester.post(url, { ticket: b.key })).statusCode).toBe(403);
    expect((await viewer.post(url, { ticket: b.key })).statusCode).toBe(403);
    expect((await outsider.post(url, { ticket: b.key })).statusCode).toBe(404);
    expect(
      (await outsider.post(`/api/v1/w/${bramble.slug}/tickets/${a.key}/links`, { ticket: b.key })).statusCode,
    ).toBe(404);
    expect(await count('ticket_links')).toBe(before);
  });
});
