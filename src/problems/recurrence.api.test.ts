import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { type Jobs, startJobs } from '../jobs/queue.ts';
import { buildApp } from '../server/app.ts';
import { errorOf, signedIn, TestClient } from '../test/client.ts';
import { makeMember, makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import { createTestDatabase } from '../test/test-database.ts';
import { detectRecurrence } from './recurrence.ts';
import { startRecurrenceWorker } from './recurrence-job.ts';
import { auditActions, raiseTicket, serviceIdOf } from './test-support.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let jobs: Jobs;
let acme: TestWorkspace;
let bramble: TestWorkspace;
let agent: TestClient;
let lead: TestClient;
let viewer: TestClient;
let requester: TestClient;
let brambleLead: TestClient;
let networkId: string;
let phoneId: string;
const url = (ws: TestWorkspace, path: string) => `/api/v1/w/${ws.slug}${path}`;

beforeAll(async () => {
  database = await createTestDatabase();
  jobs = await startJobs(database.jobsDb, database.kind, { poll: false });
  await startRecurrenceWorker(jobs, database);
  app = await buildApp({
    config: {
      ...loadConfig({ NODE_ENV: 'test', TANDEM_PUBLIC_URL: 'http://tandem.test', LOG_LEVEL: 'silent' }),
      demo: false,
    },
    database,
    secretKey: randomBytes(32),
    jobs,
  });
  await app.ready();
  const db = database.db;
  acme = await makeWorkspace(db, 'Acme');
  bramble = await makeWorkspace(db, 'Bramble');
  agent = await signedIn(app, (await makeMember(db, acme, { party: 'internal', role: 'agent' })).email);
  viewer = await signedIn(app, (await makeMember(db, acme, { party: 'internal', role: 'viewer' })).email);
  requester = await signedIn(app, (await makeMember(db, acme, { party: null, role: 'requester' })).email);
  brambleLead = await signedIn(app, bramble.lead.email);
  lead = await signedIn(app, acme.lead.email);
  networkId = await serviceIdOf(agent, acme, 'network');
  phoneId = await serviceIdOf(agent, acme, 'telephony');
});
afterAll(async () => {
  await app.close();
  await jobs.stop();
  await database.close();
});

async function runAndWait(client: TestClient, ws: TestWorkspace) {
  const before = (await client.get(url(ws, '/recurrence/runs'))).json().items.length;
  const queued = await client.post(url(ws, '/recurrence/runs'));
  expect(queued.statusCode, queued.body).toBe(202);
  // The request only queued the run; draining runs it here and now.
  await jobs.drain();
  const runs = (await client.get(url(ws, '/recurrence/runs'))).json().items;
  expect(runs.length).toBe(before + 1);
  expect(runs[0].finishedAt).not.toBeNull();
  return runs[0];
}

describe('recurrence detection', () => {
  it('refuses callers without the right: 401, viewer and requester 403, other workspace 404', async () => {
    expect((await new TestClient(app).post(url(acme, '/recurrence/runs'))).statusCode).toBe(401);
    expect((await viewer.post(url(acme, '/recurrence/runs'))).statusCode).toBe(403);
    expect((await requester.post(url(acme, '/recurrence/runs'))).statusCode).toBe(403);
    expect((await requester.get(url(acme, '/recurrence/proposals'))).statusCode).toBe(403);
    expect((await agent.post(url(bramble, '/recurrence/runs'))).statusCode).toBe(404);
    expect((await agent.get(url(acme, '/recurrence/proposals?status=maybe'))).statusCode).toBe(400);
  });

  it('groups similar recent tickets of one service in the job worker and proposes a problem with evidence', async () => {
    const subjects = [
      'VPN disconnects every morning at the office',
      'VPN disconnects every morning since Monday',
      'VPN keeps disconnecting every morning',
      'VPN disconnects every morning on laptop',
    ];
    for (const s of subjects)
      await raiseTicket(agent, acme, networkId, s, 'The VPN client drops the tunnel.');
    await raiseTicket(agent, acme, networkId, 'New starter needs a network port patched', 'Desk 14');
    await raiseTicket(agent, acme, phoneId, 'VPN disconnects every morning (phone app)', '');
    // Bramble's similar tickets must never join Acme's group.
    const brambleNet = await serviceIdOf(brambleLead, bramble, 'network');
    for (const s of subjects) await raiseTicket(brambleLead, bramble, brambleNet, s);

    const run = await runAndWait(agent, acme);
    expect(run.proposalsCreated).toBe(1);
    expect(run.ticketsScanned).toBe(5); // services with fewer than three recent tickets are skipped
    const proposals = (await agent.get(url(acme, '/recurrence/proposals'))).json().items;
    expect(proposals).toHaveLength(1);
    const [proposal] = proposals;
    expect(proposal.scope).toMatchObject({ kind: 'service', id: networkId });
    expect(proposal.tickets).toHaveLength(4);
    expect(proposal.tickets.every((t: { subject: string }) => t.subject.startsWith('VPN'))).toBe(true);
    expect(proposal.evidence.pairs.length).toBeGreaterThan(0);
    expect(proposal.averageSimilarity).toBeGreaterThan(0.45);
    // Titled with one of its tickets' own subjects (the group's centre), not stemmed words.
    const ticketSubjects = proposal.tickets.map((t: { subject: string }) => t.subject);
    expect(
      ticketSubjects.some((subject: string) => proposal.title.startsWith(`Recurring: ${subject} (`)),
    ).toBe(true);
    // Another workspace sees none of it.
    expect((await brambleLead.get(url(bramble, '/recurrence/proposals'))).json().items).toHaveLength(0);
    // A second run proposes nothing new.
    expect((await runAndWait(agent, acme)).proposalsCreated).toBe(0);
  });

  it('leaves standard requests out: alike tickets raised from a catalogue item of kind request are no problem', async () => {
    const created = await lead.post(url(acme, '/catalogue'), {
      serviceId: phoneId,
      kind: 'request',
      name: 'New desk phone',
    });
    expect(created.statusCode, created.body).toBe(201);
    const catalogueItemId = created.json().item.id as string;
    for (const who of ['Ana in sales', 'Ben in sales', 'Cai in sales', 'Dee in sales']) {
      const raised = await agent.post(url(acme, '/tickets'), {
        catalogueItemId,
        subject: `New desk phone for ${who}`,
        description: 'A new desk phone with the standard extension set-up.',
      });
      expect(raised.statusCode, raised.body).toBe(201);
    }
    const run = await runAndWait(agent, acme);
    expect(run.proposalsCreated).toBe(0);
    const proposals = (await agent.get(url(acme, '/recurrence/proposals'))).json().items;
    expect(proposals.filter((p: { scope: { id: string } }) => p.scope.id === phoneId)).toEqual([]);
  });

  it('shows provider staff only the part of a group they may see: its title, count and evidence', async () => {
    const provider = await signedIn(
      app,
      (await makeMember(database.db, acme, { party: 'provider', role: 'agent' })).email,
    );
    const [whole] = (await agent.get(url(acme, '/recurrence/proposals'))).json().items;
    const ids = whole.tickets.map((t: { id: string }) => t.id) as string[];
    const lanes = await database.unsafeOwnerQuery<{ id: string; lane: string | null }>(
      `select id, lane_party_id as lane from tickets where id = any($1::uuid[])`,
      [ids],
    );
    const setLane = (lane: string | null, which: string[]) =>
      database.unsafeOwnerQuery(`update tickets set lane_party_id = $1 where id = any($2::uuid[])`, [
        lane,
        which,
      ]);
    try {
      // Three of the four in the internal lane, which provider staff do not see.
      await setLane(acme.internalPartyId, ids.slice(1));
      const [part] = (await provider.get(url(acme, '/recurrence/proposals'))).json().items;
      expect(part.id).toBe(whole.id);
      expect(part.tickets.map((t: { id: string }) => t.id)).toEqual([ids[0]]);
      expect(part.title).toBe(`Recurring: ${whole.tickets[0].subject} (${whole.scope.name}, 1 ticket)`);
      expect(part.evidence.pairs).toEqual([]);
      // The internal agent still reads the whole group as stored.
      expect((await agent.get(url(acme, '/recurrence/proposals'))).json().items[0].title).toBe(whole.title);
      // None of it visible: the proposal is not listed at all.
      await setLane(acme.internalPartyId, ids);
      expect((await provider.get(url(acme, '/recurrence/proposals'))).json().items).toEqual([]);
    } finally {
      for (const { id, lane } of lanes) await setLane(lane, [id]);
    }
  });

  it('accepts a proposal: a problem with the tickets linked and an accepted workaround', async () => {
    const [proposal] = (await agent.get(url(acme, '/recurrence/proposals'))).json().items;
    expect((await viewer.post(url(acme, `/recurrence/proposals/${proposal.id}/accept`), {})).statusCode).toBe(
      403,
    );
    expect(
      (await brambleLead.post(url(bramble, `/recurrence/proposals/${proposal.id}/accept`), {})).statusCode,
    ).toBe(404);
    const bad = await agent.post(url(acme, `/recurrence/proposals/${proposal.id}/accept`), {
      workaroundKind: 'accepted',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).message).toContain('workaround');
    const accepted = await agent.post(url(acme, `/recurrence/proposals/${proposal.id}/accept`), {
      title: 'VPN drops every morning',
      workaround: 'Reconnect to the secondary gateway',
      workaroundKind: 'accepted',
      knownError: true,
    });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const problem = accepted.json().problem;
    expect(problem.workaroundKind).toBe('accepted');
    const detail = (await agent.get(url(acme, `/problems/${problem.key}`))).json();
    expect(detail.tickets).toHaveLength(4);
    expect(detail.problem.service.id).toBe(networkId);
    expect((await agent.post(url(acme, `/recurrence/proposals/${proposal.id}/accept`), {})).statusCode).toBe(
      409,
    );
    expect(
      (await agent.get(url(acme, '/recurrence/proposals?status=accepted'))).json().items[0].problemId,
    ).toBe(problem.id);
    const actions = await auditActions(lead, acme);
    expect(actions).toContain('recurrence.accepted');
    expect(actions).toContain('recurrence.proposed');
    // Tickets now linked to a problem are not proposed again.
    expect((await runAndWait(agent, acme)).proposalsCreated).toBe(0);
  });

  it('dismisses a proposal, which is not proposed again for the same group', async () => {
    for (const s of [
      'Desk phone shows no dial tone',
      'Desk phone has no dial tone',
      'Desk phone no dial tone today',
    ])
      await raiseTicket(agent, acme, phoneId, s);
    await runAndWait(agent, acme);
    const proposals = (await agent.get(url(acme, '/recurrence/proposals'))).json().items;
    const phone = proposals.find((p: { scope: { id: string } }) => p.scope.id === phoneId);
    expect(phone).toBeTruthy();
    expect(
      (await agent.post(url(acme, `/recurrence/proposals/${phone.id}/dismiss`), { reason: '' })).statusCode,
    ).toBe(400);
    const dismissed = await agent.post(url(acme, `/recurrence/proposals/${phone.id}/dismiss`), {
      reason: 'Handset batch, already replaced',
    });
    expect(dismissed.statusCode).toBe(200);
    expect((await runAndWait(agent, acme)).proposalsCreated).toBe(0);
    expect((await agent.get(url(acme, '/recurrence/proposals'))).json().items).toHaveLength(0);
    expect(
      (await agent.get(url(acme, '/recurrence/proposals?status=dismissed'))).json().items[0].dismissReason,
    ).toBe('Handset batch, already replaced');
  });

  it('lets provider staff decide only on what they see: none of it is 404, a part is accepted as that part', async () => {
    const dnsId = await serviceIdOf(agent, acme, 'domains-dns-certificates');
    for (const s of [
      'Certificate expired on the intranet site',
      'Certificate expired on the intranet portal',
      'Certificate expired on intranet site again',
    ])
      await raiseTicket(agent, acme, dnsId, s);
    await runAndWait(agent, acme);
    const proposal = (await agent.get(url(acme, '/recurrence/proposals')))
      .json()
      .items.find((p: { scope: { id: string } }) => p.scope.id === dnsId);
    expect(proposal.tickets).toHaveLength(3);
    const provider = await signedIn(
      app,
      (await makeMember(database.db, acme, { party: 'provider', role: 'agent' })).email,
    );
    const ids = proposal.tickets.map((t: { id: string }) => t.id) as string[];
    await database.unsafeOwnerQuery(`update tickets set lane_party_id = $1 where id = any($2::uuid[])`, [
      acme.internalPartyId,
      ids,
    ]);
    for (const [action, body] of [
      ['accept', {}],
      ['dismiss', { reason: 'Not ours' }],
    ] as const) {
      const refused = await provider.post(url(acme, `/recurrence/proposals/${proposal.id}/${action}`), body);
      expect(refused.statusCode, `${action}: ${refused.body}`).toBe(404);
    }
    // One of the three back in joint triage: accepted without a title, the problem is that one's.
    const shown = proposal.tickets[0];
    await database.unsafeOwnerQuery(`update tickets set lane_party_id = null where id = $1`, [shown.id]);
    const seen = (await provider.get(url(acme, '/recurrence/proposals')))
      .json()
      .items.find((p: { id: string }) => p.id === proposal.id);
    expect(seen.title).toBe(`Recurring: ${shown.subject} (${proposal.scope.name}, 1 ticket)`);
    expect(seen.averageSimilarity).toBe(0); // no pair inside what they see
    const accepted = await provider.post(url(acme, `/recurrence/proposals/${proposal.id}/accept`), {});
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json().problem).toMatchObject({
      title: seen.title,
      description: 'Found by recurrence detection: 1 similar ticket (average similarity 0).',
    });
  });

  it('the job function itself is scoped to one workspace (nothing written elsewhere)', async () => {
    const result = await detectRecurrence(database.db, bramble.id);
    expect(result.proposalsCreated).toBe(1);
    expect((await agent.get(url(acme, '/recurrence/proposals'))).json().items).toHaveLength(0);
  });
});
