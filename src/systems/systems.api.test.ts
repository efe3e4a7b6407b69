import { beforeAll, describe, expect, it } from 'vitest';
import { raiseTicket, resolveTicket, serviceIdOf } from '../problems/test-support.ts';
import { errorOf, signedIn, TestClient } from '../test/client.ts';
import { makeMember, type TestWorkspace } from '../test/factories.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { insertArticle } from './test-articles.ts';

const t = testAppForFile();
const acme = workspaceForFile(t, 'Acme');
const bramble = workspaceForFile(t, 'Bramble');
let lead: TestClient;
let agent: TestClient;
let agentMembershipId: string;
let viewer: TestClient;
let requester: TestClient;
let brambleLead: TestClient;
let backupServiceId: string;
const url = (ws: TestWorkspace, path = '') => `/api/v1/w/${ws.slug}${path}`;

async function makeSystem(
  client: TestClient,
  ws: TestWorkspace,
  name: string,
  extra: Record<string, unknown> = {},
) {
  const response = await client.post(url(ws, '/systems'), {
    name,
    kind: 'application',
    criticality: 'high',
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().system as {
    id: string;
    name: string;
    version: number;
    hasRecoveryProcedure: boolean;
  };
}

beforeAll(async () => {
  const db = t.database.db;
  lead = await signedIn(t.app, acme.lead.email);
  const a = await makeMember(db, acme, { party: 'internal', role: 'agent' });
  agentMembershipId = a.membershipId;
  agent = await signedIn(t.app, a.email);
  viewer = await signInNewMember(t, acme, { party: 'internal', role: 'viewer' });
  requester = await signInNewMember(t, acme, { party: null, role: 'requester' });
  brambleLead = await signedIn(t.app, bramble.lead.email);
  backupServiceId = await serviceIdOf(agent, acme, 'backup-recovery');
});

describe('systems register', () => {
  it('refuses callers who are not signed in (401) and requesters (403); viewers read only', async () => {
    expect((await new TestClient(t.app).get(url(acme, '/systems'))).statusCode).toBe(401);
    expect((await requester.get(url(acme, '/systems'))).statusCode).toBe(403);
    expect((await viewer.get(url(acme, '/systems'))).statusCode).toBe(200);
    expect(
      (await viewer.post(url(acme, '/systems'), { name: 'x', kind: 'application', criticality: 'low' }))
        .statusCode,
    ).toBe(403);
  });

  it('creates a system with owner party, service and criticality, audited', async () => {
    const erp = await makeSystem(agent, acme, 'ERP', { criticality: 'critical', serviceId: backupServiceId });
    const detail = (await agent.get(url(acme, `/systems/${erp.id}`))).json();
    expect(detail.system).toMatchObject({
      name: 'ERP',
      criticality: 'critical',
      ownerParty: { id: acme.internalPartyId },
      service: { id: backupServiceId },
      recoveryArticle: null,
      hasRecoveryProcedure: false,
    });
    const audit = (await lead.get(url(acme, '/audit?limit=50')))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(audit).toContain('system.created');
  });

  it.each([
    [{ name: '', kind: 'application', criticality: 'low' }, 'name'],
    [{ name: 'x', kind: 'mainframe', criticality: 'low' }, 'kind'],
    [{ name: 'x', kind: 'application', criticality: 'urgent' }, 'criticality'],
    [
      {
        name: 'x',
        kind: 'application',
        criticality: 'low',
        serviceId: '00000000-0000-4000-8000-000000000000',
      },
      'serviceId',
    ],
    [
      {
        name: 'x',
        kind: 'application',
        criticality: 'low',
        recoveryArticleId: '00000000-0000-4000-8000-000000000000',
      },
      'recoveryArticleId',
    ],
  ])('refuses %j naming %s (400, nothing stored)', async (body, field) => {
    const before = (await agent.get(url(acme, '/systems'))).json().items.length;
    const response = await agent.post(url(acme, '/systems'), body);
    expect(response.statusCode, response.body).toBe(400);
    expect(JSON.stringify(errorOf(response))).toContain(field);
    expect((await agent.get(url(acme, '/systems'))).json().items.length).toBe(before);
  });

  it('links a recovery procedure article of the same workspace, and refuses another workspace’s article', async () => {
    const system = await makeSystem(agent, acme, 'File server');
    const article = await insertArticle(t.database.db, acme, {
      type: 'recovery_procedure',
      title: 'Restore the file server',
      authorMembershipId: agentMembershipId,
    });
    const howTo = await insertArticle(t.database.db, acme, {
      type: 'how_to',
      title: 'Map a drive',
      authorMembershipId: agentMembershipId,
    });
    const foreign = await insertArticle(t.database.db, bramble, {
      type: 'recovery_procedure',
      title: 'Bramble restore',
      authorMembershipId: bramble.lead.membershipId,
    });
    const refused = await agent.patch(url(acme, `/systems/${system.id}`), {
      version: system.version,
      recoveryArticleId: foreign.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).message).toContain('recoveryArticleId is not an article of this workspace');
    const wrongType = await agent.patch(url(acme, `/systems/${system.id}`), {
      version: system.version,
      recoveryArticleId: howTo.id,
    });
    expect(wrongType.statusCode).toBe(400);
    const linked = await agent.patch(url(acme, `/systems/${system.id}`), {
      version: system.version,
      recoveryArticleId: article.id,
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().system).toMatchObject({
      hasRecoveryProcedure: true,
      recoveryArticle: { id: article.id },
    });
    expect(
      (await agent.patch(url(acme, `/systems/${system.id}`), { version: system.version, name: 'x' }))
        .statusCode,
    ).toBe(409);
    expect(
      (await agent.patch(url(bramble, `/systems/${system.id}`), { version: 2, name: 'x' })).statusCode,
    ).toBe(404);
    expect((await brambleLead.get(url(bramble, `/systems/${system.id}`))).statusCode).toBe(404);
  });

  it('records dependencies and refuses a circular one with a 400 naming the cycle', async () => {
    const app = await makeSystem(agent, acme, 'Payroll app');
    const db = await makeSystem(agent, acme, 'Payroll database');
    const storage = await makeSystem(agent, acme, 'SAN storage');
    expect(
      (await agent.post(url(acme, `/systems/${app.id}/dependencies`), { dependsOnSystemId: db.id }))
        .statusCode,
    ).toBe(201);
    expect(
      (await agent.post(url(acme, `/systems/${db.id}/dependencies`), { dependsOnSystemId: storage.id }))
        .statusCode,
    ).toBe(201);
    const cycle = await agent.post(url(acme, `/systems/${storage.id}/dependencies`), {
      dependsOnSystemId: app.id,
    });
    expect(cycle.statusCode).toBe(400);
    expect(errorOf(cycle).code).toBe('CIRCULAR_DEPENDENCY');
    expect(errorOf(cycle).message).toBe(
      'This dependency would make a circular dependency: SAN storage → Payroll app → Payroll database → SAN storage.',
    );
    const self = await agent.post(url(acme, `/systems/${app.id}/dependencies`), {
      dependsOnSystemId: app.id,
    });
    expect(self.statusCode).toBe(400);
    expect(
      (await agent.post(url(acme, `/systems/${app.id}/dependencies`), { dependsOnSystemId: db.id }))
        .statusCode,
    ).toBe(409);
    const detail = (await agent.get(url(acme, `/systems/${db.id}`))).json();
    expect(detail.dependsOn.map((s: { name: string }) => s.name)).toEqual(['SAN storage']);
    expect(detail.dependents.map((s: { name: string }) => s.name)).toEqual(['Payroll app']);
    expect(
      (await viewer.post(url(acme, `/systems/${app.id}/dependencies`), { dependsOnSystemId: storage.id }))
        .statusCode,
    ).toBe(403);
    const foreign = await makeSystem(brambleLead, bramble, 'Bramble thing');
    const refused = await agent.post(url(acme, `/systems/${app.id}/dependencies`), {
      dependsOnSystemId: foreign.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(
      (await agent.post(url(bramble, `/systems/${foreign.id}/dependencies`), { dependsOnSystemId: app.id }))
        .statusCode,
    ).toBe(404);
    expect((await agent.delete(url(acme, `/systems/${app.id}/dependencies/${db.id}`))).statusCode).toBe(204);
    expect((await agent.delete(url(acme, `/systems/${app.id}/dependencies/${db.id}`))).statusCode).toBe(404);
    // With the link gone, the once-circular edge is fine.
    expect(
      (await agent.post(url(acme, `/systems/${storage.id}/dependencies`), { dependsOnSystemId: app.id }))
        .statusCode,
    ).toBe(201);
  });

  it('links assets to tickets; foreign tickets and systems are refused', async () => {
    const system = await makeSystem(agent, acme, 'Door access');
    const ticket = await raiseTicket(agent, acme, backupServiceId, 'Badge reader offline');
    const path = url(acme, `/tickets/${ticket.key}/assets`);
    expect((await agent.post(path, { systemId: system.id })).statusCode).toBe(201);
    expect((await agent.post(path, { systemId: system.id })).statusCode).toBe(409);
    expect((await agent.get(path)).json().items.map((s: { name: string }) => s.name)).toEqual([
      'Door access',
    ]);
    expect((await agent.get(url(acme, `/systems/${system.id}`))).json().tickets[0].key).toBe(ticket.key);
    const foreign = await makeSystem(brambleLead, bramble, 'Bramble doors');
    const refused = await agent.post(path, { systemId: foreign.id });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).message).toContain('systemId');
    expect(
      (await agent.post(url(acme, '/tickets/ACME-99999/assets'), { systemId: system.id })).statusCode,
    ).toBe(404);
    expect((await agent.post(path, { systemId: 'nope' })).statusCode).toBe(400);
    expect((await viewer.post(path, { systemId: system.id })).statusCode).toBe(403);
    expect((await agent.delete(`${path}/${system.id}`)).statusCode).toBe(204);
    expect((await agent.get(path)).json().items).toEqual([]);
  });
});

describe('knowledge health', () => {
  it('flags a single-person service and critical system, names the person, and lists documentation gaps', async () => {
    const db = t.database.db;
    const other = await makeMember(db, acme, { party: 'internal', role: 'agent' });
    const telephony = await serviceIdOf(agent, acme, 'telephony');
    const network = await serviceIdOf(agent, acme, 'network');
    // Telephony: only the agent resolved tickets. Network: two people.
    for (const s of ['Phone dead', 'Voicemail full']) {
      const ticket = await raiseTicket(agent, acme, telephony, s);
      await resolveTicket(agent, acme, ticket.key, agentMembershipId);
    }
    const n1 = await raiseTicket(agent, acme, network, 'Switch down');
    await resolveTicket(agent, acme, n1.key, agentMembershipId);
    const n2 = await raiseTicket(agent, acme, network, 'Wifi slow');
    await resolveTicket(agent, acme, n2.key, other.membershipId);
    await insertArticle(db, acme, {
      type: 'how_to',
      title: 'Network basics',
      authorMembershipId: other.membershipId,
      links: [{ kind: 'service', targetId: network }],
    });
    await insertArticle(db, acme, {
      type: 'runbook',
      title: 'Stale runbook',
      authorMembershipId: other.membershipId,
      reviewDueOn: '2020-01-01',
    });
    const mail = await makeSystem(agent, acme, 'Mail gateway', { criticality: 'critical' });
    const ticket = await raiseTicket(agent, acme, telephony, 'Mail gateway queue stuck');
    await agent.post(url(acme, `/tickets/${ticket.key}/assets`), { systemId: mail.id });
    await resolveTicket(agent, acme, ticket.key, agentMembershipId);

    const response = await viewer.get(url(acme, '/knowledge-health'));
    expect(response.statusCode, response.body).toBe(200);
    const health = response.json();
    const tel = health.singlePerson.services.find(
      (s: { service: { id: string } }) => s.service.id === telephony,
    );
    expect(tel).toMatchObject({ people: 1, flagged: true, onlyPerson: { membershipId: agentMembershipId } });
    expect(tel.onlyPerson.name).toBeTruthy();
    const net = health.singlePerson.services.find(
      (s: { service: { id: string } }) => s.service.id === network,
    );
    expect(net).toMatchObject({ people: 2, flagged: false, onlyPerson: null });
    const gw = health.singlePerson.criticalSystems.find(
      (s: { system: { id: string } }) => s.system.id === mail.id,
    );
    expect(gw).toMatchObject({ people: 1, flagged: true });
    expect(health.gaps.criticalSystemsWithoutRecovery.map((s: { name: string }) => s.name)).toContain(
      'Mail gateway',
    );
    const undocumented = health.gaps.servicesWithoutArticles.map((s: { id: string }) => s.id);
    expect(undocumented).toContain(telephony);
    expect(undocumented).not.toContain(network);
    expect(health.gaps.articlesPastReview.map((a: { title: string }) => a.title)).toContain('Stale runbook');
    expect((await requester.get(url(acme, '/knowledge-health'))).statusCode).toBe(403);
    expect((await agent.get(url(bramble, '/knowledge-health'))).statusCode).toBe(404);
    const theirs = (await brambleLead.get(url(bramble, '/knowledge-health'))).json();
    expect(theirs.gaps.criticalSystemsWithoutRecovery).toEqual([]);
  });
});
