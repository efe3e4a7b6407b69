import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, signedIn, TestClient } from '../test/client.ts';
import { makeMember, type TestWorkspace } from '../test/factories.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { auditActions, raiseTicket, resolveTicket, serviceIdOf } from './test-support.ts';

const t = testAppForFile();
const acme = workspaceForFile(t, 'Acme');
const bramble = workspaceForFile(t, 'Bramble');
let agent: TestClient;
let lead: TestClient;
let agentMembershipId: string;
let viewer: TestClient;
let requester: TestClient;
let brambleLead: TestClient;
let emailServiceId: string;
const url = (ws: TestWorkspace, path = '') => `/api/v1/w/${ws.slug}/problems${path}`;

beforeAll(async () => {
  const db = t.database.db;
  const a = await makeMember(db, acme, { party: 'internal', role: 'agent' });
  agentMembershipId = a.membershipId;
  agent = await signedIn(t.app, a.email);
  viewer = await signInNewMember(t, acme, { party: 'internal', role: 'viewer' });
  requester = await signInNewMember(t, acme, { party: null, role: 'requester' });
  brambleLead = await signedIn(t.app, bramble.lead.email);
  lead = await signedIn(t.app, acme.lead.email);
  emailServiceId = await serviceIdOf(agent, acme, 'collaboration-suite');
});

describe('problem records', () => {
  it('refuses a caller who is not signed in (401)', async () => {
    expect((await new TestClient(t.app).get(url(acme))).statusCode).toBe(401);
    expect((await new TestClient(t.app).post(url(acme), { title: 'x' })).statusCode).toBe(401);
  });

  it('creates a problem with linked tickets, an owner party and an audit event', async () => {
    const one = await raiseTicket(agent, acme, emailServiceId, 'Outlook will not open');
    const two = await raiseTicket(agent, acme, emailServiceId, 'Outlook freezes on start');
    const created = await agent.post(url(acme), {
      title: 'Outlook profile corruption',
      serviceId: emailServiceId,
      tickets: [one.key, String(two.number)],
      rootCause: 'Roaming profile cache',
      workaround: 'Rebuild the profile',
      workaroundKind: 'temporary',
      workaroundExpiresOn: '2099-01-31',
    });
    expect(created.statusCode, created.body).toBe(201);
    const problem = created.json().problem;
    expect(problem.key).toMatch(/^PRB-\d+$/);
    expect(problem.ownerParty.id).toBe(acme.internalPartyId);
    const detail = (await agent.get(url(acme, `/${problem.key}`))).json();
    expect(detail.tickets.map((x: { key: string }) => x.key).sort()).toEqual([one.key, two.key].sort());
    expect(detail.problem.workaroundKind).toBe('temporary');
    expect(detail.problem.service.name).toBeTruthy();
    expect(await auditActions(lead, acme)).toContain('problem.created');
    const list = (await agent.get(url(acme))).json();
    expect(list.items.find((p: { key: string }) => p.key === problem.key).ticketCount).toBe(2);
  });

  it.each([
    [{ title: '' }, 'title'],
    [{ title: 'x', workaroundKind: 'temporary', workaround: 'reboot' }, 'workaroundExpiresOn'],
    [
      { title: 'x', workaroundKind: 'temporary', workaround: 'reboot', workaroundExpiresOn: '2001-01-01' },
      'workaroundExpiresOn',
    ],
    [{ title: 'x', workaroundKind: 'accepted' }, 'workaround'],
    [{ title: 'x', workaroundExpiresOn: 'tomorrow' }, 'workaroundExpiresOn'],
    [{ title: 'x', ownerPartyId: '00000000-0000-4000-8000-000000000000' }, 'ownerPartyId'],
    [{ title: 'x', tickets: ['not a key'] }, 'tickets'],
    [{ title: 'x', colour: 'red' }, 'colour'],
  ])('refuses bad input %j naming %s (400, nothing stored)', async (body, field) => {
    const before = (await agent.get(url(acme))).json().items.length;
    const response = await agent.post(url(acme), body);
    expect(response.statusCode, response.body).toBe(400);
    expect(JSON.stringify(errorOf(response))).toContain(field);
    expect((await agent.get(url(acme))).json().items.length).toBe(before);
  });

  it('refuses another workspace’s party as owner (400)', async () => {
    const response = await agent.post(url(acme), { title: 'x', ownerPartyId: bramble.internalPartyId });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toContain('ownerPartyId');
  });

  it('lets staff read but not viewers change, and refuses requesters entirely (403)', async () => {
    expect((await viewer.get(url(acme))).statusCode).toBe(200);
    const refused = await viewer.post(url(acme), { title: 'Viewer problem' });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).code).toBe('PROBLEM_RIGHT_REQUIRED');
    expect((await requester.get(url(acme))).statusCode).toBe(403);
    expect((await requester.post(url(acme), { title: 'Requester problem' })).statusCode).toBe(403);
  });

  it('answers 404 for another workspace’s problems and does not show them', async () => {
    const theirs = await brambleLead.post(url(bramble), { title: 'Bramble only' });
    expect(theirs.statusCode).toBe(201);
    const key = theirs.json().problem.key;
    const ours = (await agent.get(url(acme))).json().items.map((p: { title: string }) => p.title);
    expect(ours).not.toContain('Bramble only');
    expect((await agent.get(url(bramble))).statusCode).toBe(404);
    // The same number in our workspace is either ours or missing, never theirs.
    const probe = await agent.get(url(acme, `/${key}`));
    if (probe.statusCode === 200) expect(probe.json().problem.title).not.toBe('Bramble only');
    else expect(probe.statusCode).toBe(404);
  });

  it('links and unlinks tickets; a ticket of another workspace answers 404 and nothing is stored', async () => {
    const problem = (await agent.post(url(acme), { title: 'Printer jams' })).json().problem;
    const ticket = await raiseTicket(agent, acme, emailServiceId, 'Printer jams again');
    const linked = await agent.post(url(acme, `/${problem.key}/tickets`), { ticket: ticket.key });
    expect(linked.statusCode, linked.body).toBe(201);
    expect((await agent.post(url(acme, `/${problem.key}/tickets`), { ticket: ticket.key })).statusCode).toBe(
      409,
    );

    const brambleService = await serviceIdOf(brambleLead, bramble, 'collaboration-suite');
    const foreign = await raiseTicket(brambleLead, bramble, brambleService, 'Bramble ticket');
    const refused = await agent.post(url(acme, `/${problem.key}/tickets`), {
      ticket: `X-${foreign.number + 1000}`,
    });
    expect(refused.statusCode).toBe(404);
    const detail = (await agent.get(url(acme, `/${problem.key}`))).json();
    expect(detail.tickets.map((x: { key: string }) => x.key)).toEqual([ticket.key]);

    expect((await viewer.post(url(acme, `/${problem.key}/tickets`), { ticket: ticket.key })).statusCode).toBe(
      403,
    );
    expect((await agent.post(url(acme, `/${problem.key}/tickets`), { ticket: 'nope' })).statusCode).toBe(400);
    const unlinked = await agent.delete(url(acme, `/${problem.key}/tickets/${ticket.key}`));
    expect(unlinked.statusCode).toBe(204);
    expect((await agent.delete(url(acme, `/${problem.key}/tickets/${ticket.key}`))).statusCode).toBe(404);
    expect((await agent.get(url(acme, `/${problem.key}`))).json().tickets).toEqual([]);
    const actions = await auditActions(lead, acme);
    expect(actions).toContain('problem.ticket_linked');
    expect(actions).toContain('problem.ticket_unlinked');
  });

  it('a foreign ticket linked from the other workspace’s side stays 404 (cross-tenant by number)', async () => {
    const brambleService = await serviceIdOf(brambleLead, bramble, 'collaboration-suite');
    for (let i = 0; i < 3; i++)
      await raiseTicket(brambleLead, bramble, brambleService, `Bramble filler ${i}`);
    const theirProblem = (await brambleLead.post(url(bramble), { title: 'Theirs' })).json().problem;
    expect((await agent.post(url(bramble, `/${theirProblem.key}/tickets`), { ticket: '1' })).statusCode).toBe(
      404,
    );
  });

  it('updates with a version, accepts a workaround, resolves and refuses stale writes', async () => {
    const problem = (await agent.post(url(acme), { title: 'VPN drops', serviceId: emailServiceId })).json()
      .problem;
    const accepted = await agent.patch(url(acme, `/${problem.key}`), {
      version: problem.version,
      workaround: 'Reconnect with the backup gateway',
      workaroundKind: 'accepted',
      knownError: true,
      rootCause: 'Gateway firmware',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().problem.knownError).toBe(true);
    expect(
      (await agent.patch(url(acme, `/${problem.key}`), { version: problem.version, title: 'x' })).statusCode,
    ).toBe(409);
    const badMove = await agent.patch(url(acme, `/${problem.key}`), {
      version: accepted.json().problem.version,
      status: 'resolved',
    });
    expect(badMove.statusCode).toBe(400);
    expect(errorOf(badMove).message).toContain('resolution');
    const resolved = await agent.patch(url(acme, `/${problem.key}`), {
      version: accepted.json().problem.version,
      status: 'resolved',
      resolution: 'Firmware updated',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().problem.resolvedAt).toBeTruthy();
    expect(await auditActions(lead, acme)).toContain('problem.resolved');
    expect((await viewer.patch(url(acme, `/${problem.key}`), { version: 3, title: 'x' })).statusCode).toBe(
      403,
    );
    expect((await agent.patch(url(bramble, `/${problem.key}`), { version: 3, title: 'x' })).statusCode).toBe(
      404,
    );
  });

  it('measures recurring tickets of the service before and after the problem was resolved', async () => {
    const t1 = await raiseTicket(agent, acme, emailServiceId, 'Mailbox full warning');
    const t2 = await raiseTicket(agent, acme, emailServiceId, 'Mailbox full warning again');
    await resolveTicket(agent, acme, t1.key, agentMembershipId);
    const problem = (
      await agent.post(url(acme), {
        title: 'Mailbox full warning',
        serviceId: emailServiceId,
        tickets: [t1.key, t2.key],
        status: 'resolved',
        resolution: 'Quota raised',
      })
    ).json().problem;
    await raiseTicket(agent, acme, emailServiceId, 'Mailbox full warning after fix');
    const detail = (await agent.get(url(acme, `/${problem.key}`))).json();
    expect(detail.measure).toMatchObject({ before: 2, after: 1, windowDays: 30 });
    const measures = (await agent.get(url(acme, '/measures'))).json().items;
    expect(
      measures.find((m: { problem: { number: number } }) => m.problem.number === problem.number),
    ).toMatchObject({
      before: 2,
      after: 1,
    });
    expect((await requester.get(url(acme, '/measures'))).statusCode).toBe(403);
  });
  it('replays a create sent twice with one Idempotency-Key: one problem', async () => {
    const headers = { 'idempotency-key': 'problem-create-1' };
    const first = await agent.post(url(acme), { title: 'Idempotent problem' }, headers);
    const second = await agent.post(url(acme), { title: 'Idempotent problem' }, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().problem.key).toBe(first.json().problem.key);
    const titles = (await agent.get(url(acme))).json().items.map((p: { title: string }) => p.title);
    expect(titles.filter((x: string) => x === 'Idempotent problem')).toHaveLength(1);
  });
});
