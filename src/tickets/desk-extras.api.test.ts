import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, signedIn, type TestClient } from '../test/client.ts';
import { addMembership, makeMember, type TestWorkspace } from '../test/factories.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';

const t = testAppForFile();
const acme = workspaceForFile(t, 'Acme');
const bramble = workspaceForFile(t, 'Bramble');
let agent: TestClient;
let agentMembershipId: string;
let engineer: TestClient;
let otherAgent: TestClient;

const serviceKeyToId = async (client: TestClient, ws: TestWorkspace, key: string) =>
  (await client.get(`/api/v1/w/${ws.slug}/responsibility/map`))
    .json()
    .services.find((s: { key: string }) => s.key === key).id as string;

async function raise(client: TestClient, ws: TestWorkspace, subject: string, impact: 'high' | 'low' = 'low') {
  const serviceId = await serviceKeyToId(client, ws, 'telephony');
  const response = await client.post(`/api/v1/w/${ws.slug}/tickets`, {
    serviceId,
    subject,
    impact,
    urgency: impact,
  });
  expect(response.statusCode).toBe(201);
  return response.json().ticket as { key: string; number: number };
}

beforeAll(async () => {
  const db = t.database.db;
  const a = await makeMember(db, acme, { party: 'internal', role: 'agent' });
  agentMembershipId = a.membershipId;
  agent = await signedIn(t.app, a.email);
  otherAgent = await signInNewMember(t, acme, { party: 'internal', role: 'agent' });
  const e = await makeMember(db, acme, { party: 'provider', role: 'agent' });
  await addMembership(db, bramble, e.accountId, { party: 'provider', role: 'agent' });
  engineer = await signedIn(t.app, e.email);
});

describe('bulk changes', () => {
  it('assigns and moves several tickets at once, all or nothing', async () => {
    const one = await raise(agent, acme, 'Phone 1');
    const two = await raise(agent, acme, 'Phone 2');
    const done = await agent.post(`/api/v1/w/${acme.slug}/tickets/bulk`, {
      keys: [one.key, two.key],
      status: 'in_progress',
      assigneeMembershipId: agentMembershipId,
    });
    expect(done.statusCode).toBe(200);
    expect(done.json().items.map((i: { status: string }) => i.status)).toEqual([
      'in_progress',
      'in_progress',
    ]);
    // Named as the queue names them.
    for (const item of done.json().items as Array<{
      assignee: { name: string | null };
      service: { name: string | null };
    }>) {
      expect(item.assignee.name).toBeTruthy();
      expect(item.service.name).toBeTruthy();
    }

    const three = await raise(agent, acme, 'Phone 3');
    // in_progress -> closed is not allowed, so the whole batch is refused and three stays new.
    const refused = await agent.post(`/api/v1/w/${acme.slug}/tickets/bulk`, {
      keys: [three.key, one.key],
      status: 'closed',
    });
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).message).toContain(one.key);
    expect((await agent.get(`/api/v1/w/${acme.slug}/tickets/${three.key}`)).json().ticket.status).toBe('new');
  });

  it('refuses an empty change (400) and tickets of another workspace (404)', async () => {
    expect((await agent.post(`/api/v1/w/${acme.slug}/tickets/bulk`, { keys: ['1'] })).statusCode).toBe(400);
    const foreign = await raise(engineer, bramble, 'Not yours');
    expect(
      (
        await agent.post(`/api/v1/w/${acme.slug}/tickets/bulk`, {
          keys: [String(foreign.number + 1000)],
          status: 'triaged',
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('saved views', () => {
  it("keeps each person's views to themselves", async () => {
    const created = await agent.post(`/api/v1/w/${acme.slug}/views`, {
      name: 'My P1s',
      filters: { queue: 'mine', priority: 'P1' },
    });
    expect(created.statusCode).toBe(201);
    expect(
      (await agent.get(`/api/v1/w/${acme.slug}/views`)).json().items.map((v: { name: string }) => v.name),
    ).toEqual(['My P1s']);
    expect((await otherAgent.get(`/api/v1/w/${acme.slug}/views`)).json().items).toEqual([]);
    expect(
      (await otherAgent.delete(`/api/v1/w/${acme.slug}/views/${created.json().view.id}`)).statusCode,
    ).toBe(404);
    expect((await agent.delete(`/api/v1/w/${acme.slug}/views/${created.json().view.id}`)).statusCode).toBe(
      204,
    );
  });
});

describe('a queue across every workspace served', () => {
  it('shows a provider engineer the open tickets of their lane in each workspace, most urgent first', async () => {
    const serviceAcme = await serviceKeyToId(agent, acme, 'telephony');
    const hot = await agent.post(`/api/v1/w/${acme.slug}/tickets`, {
      serviceId: serviceAcme,
      subject: 'Switchboard down',
      impact: 'high',
      urgency: 'high',
    });
    const handed = await agent.post(`/api/v1/w/${acme.slug}/tickets/${hot.json().ticket.key}/handoff`, {
      version: hot.json().ticket.version,
      toPartyId: acme.providerPartyId,
      reason: 'Northwind runs the switchboard',
    });
    expect(handed.statusCode).toBe(200);
    const brambleTicket = await raise(engineer, bramble, 'Bramble phone');
    const detail = (await engineer.get(`/api/v1/w/${bramble.slug}/tickets/${brambleTicket.key}`)).json()
      .ticket;
    if (detail.lane.kind !== 'party' || detail.lane.partyId !== bramble.providerPartyId) {
      await engineer.post(`/api/v1/w/${bramble.slug}/tickets/${brambleTicket.key}/handoff`, {
        version: detail.version,
        toPartyId: bramble.providerPartyId,
        reason: 'Ours',
      });
    }
    const queue = (await engineer.get('/api/v1/queue')).json().items as Array<{
      workspace: { slug: string };
      subject: string;
      priority: string;
      lane: { kind: 'joint' } | { kind: 'party'; partyId: string };
    }>;
    expect(queue[0]).toMatchObject({
      subject: 'Switchboard down',
      priority: 'P1',
      workspace: { slug: acme.slug },
    });
    expect(queue.map((q) => q.workspace.slug)).toContain(bramble.slug);
    // Only the provider's own lane and joint triage: never another party's lane (Phone 1 sits in
    // joint triage here, so it now belongs in the queue).
    const providerOf = (slug: string) =>
      slug === acme.slug ? acme.providerPartyId : bramble.providerPartyId;
    expect(
      queue.every((q) => q.lane.kind === 'joint' || q.lane.partyId === providerOf(q.workspace.slug)),
    ).toBe(true);
  });

  it('includes joint triage in each workspace (new tickets of shared services land there)', async () => {
    const triaged = await raise(engineer, bramble, 'Bramble shared question');
    const detail = (await engineer.get(`/api/v1/w/${bramble.slug}/tickets/${triaged.key}`)).json().ticket;
    if (detail.lane.kind !== 'joint') {
      const moved = await engineer.post(`/api/v1/w/${bramble.slug}/tickets/${triaged.key}/handoff`, {
        version: detail.version,
        toPartyId: null,
        reason: 'Both sides need to look',
      });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    const queue = (await engineer.get('/api/v1/queue')).json().items as Array<{
      workspace: { slug: string };
      subject: string;
      lane: { kind: string };
    }>;
    expect(queue.find((q) => q.subject === 'Bramble shared question')).toMatchObject({
      workspace: { slug: bramble.slug },
      lane: { kind: 'joint' },
    });
  });
});

describe('ticket detail', () => {
  it('names the lane it sits in', async () => {
    const { key } = await raise(agent, acme, 'Lane name');
    const detail = (await agent.get(`/api/v1/w/${acme.slug}/tickets/${key}`)).json().ticket;
    if (detail.lane.kind === 'party') expect(detail.lane.name).toBeTruthy();
    const handed = await agent.post(`/api/v1/w/${acme.slug}/tickets/${key}/handoff`, {
      version: detail.version,
      toPartyId: acme.providerPartyId,
      reason: 'Theirs',
    });
    expect(handed.statusCode).toBe(200);
    expect((await agent.get(`/api/v1/w/${acme.slug}/tickets/${key}`)).json().ticket.lane).toMatchObject({
      kind: 'party',
      name: 'Provider Ltd',
    });
  });
});

describe('links between tickets', () => {
  it('links two tickets once, shows the link from both sides, and unlinks', async () => {
    const a = await raise(agent, acme, 'Printer A');
    const b = await raise(agent, acme, 'Printer B');
    expect(
      (
        await agent.post(`/api/v1/w/${acme.slug}/tickets/${a.key}/links`, {
          ticket: b.key,
          kind: 'duplicates',
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await agent.post(`/api/v1/w/${acme.slug}/tickets/${b.key}/links`, { ticket: a.key })).statusCode,
    ).toBe(409);
    expect(
      (await agent.post(`/api/v1/w/${acme.slug}/tickets/${a.key}/links`, { ticket: a.key })).statusCode,
    ).toBe(400);
    const fromB = (await agent.get(`/api/v1/w/${acme.slug}/tickets/${b.key}/links`)).json().items;
    expect(fromB).toEqual([
      expect.objectContaining({ key: a.key, kind: 'duplicates', direction: 'incoming' }),
    ]);
    expect((await agent.delete(`/api/v1/w/${acme.slug}/tickets/${b.key}/links/${a.key}`)).statusCode).toBe(
      204,
    );
    expect((await agent.get(`/api/v1/w/${acme.slug}/tickets/${a.key}/links`)).json().items).toEqual([]);
  });
});
