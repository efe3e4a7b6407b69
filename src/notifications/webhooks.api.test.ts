import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../domain/notifications.ts';
import { buildTestApp, type TestApp } from '../test/build-test-app.ts';
import { errorOf, signedIn, TestClient } from '../test/client.ts';
import {
  addMembership,
  makeAccount,
  makeMember,
  makeWorkspace,
  type TestWorkspace,
} from '../test/factories.ts';
import { type HttpReceiver, startHttpReceiver } from '../test/http-receiver.ts';
import { countRows } from '../test/tenancy-helpers.ts';
import { waitFor } from '../test/wait-for.ts';
import { catalogueItemId } from '../test/workspace-lookups.ts';

type Hit = { path: string; headers: IncomingMessage['headers']; body: string; at: number };
let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
let lead: TestClient;
let agent: TestClient;
let providerLead: TestClient;
let requester: TestClient;
let admin: TestClient;
let outsider: TestClient;
let receiver: HttpReceiver;
let receiverUrl = '';
let itemId: string;
const hits: Hit[] = [];
/** Per path: how to answer (status or 'hang'), consumed one per request; default 200. */
const script = new Map<string, (number | 'hang')[]>();

const base = () => `/api/v1/w/${ws.slug}`;

beforeAll(async () => {
  receiver = await startHttpReceiver((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hits.push({ path: req.url ?? '', headers: req.headers, body, at: Date.now() });
      const next = script.get(req.url ?? '')?.shift() ?? 200;
      if (next === 'hang') return; // never answers: the sender must time out
      res.writeHead(next, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  receiverUrl = receiver.url;
  t = await buildTestApp({
    jobs: {
      policies: { 'webhooks.deliver': { retryDelay: 1, retryDelayMax: 1, retryLimit: 3 } },
      webhookTimeoutMs: 800,
    },
    // The test receiver listens on loopback, which webhooks may reach only when the operator allows it.
    webhookAllowHosts: '127.0.0.1',
  });
  const db = t.database.db;
  ws = await makeWorkspace(db, 'Acme');
  other = await makeWorkspace(db, 'Other');
  lead = await signedIn(t.app, ws.lead.email);
  agent = await signedIn(t.app, (await makeMember(db, ws, { party: 'internal', role: 'agent' })).email);
  providerLead = await signedIn(t.app, (await makeMember(db, ws, { party: 'provider', role: 'lead' })).email);
  requester = await signedIn(t.app, (await makeMember(db, ws, { party: null, role: 'requester' })).email);
  const adminAccount = await makeAccount(db, { isAdmin: true });
  await addMembership(db, ws, adminAccount.id, { party: 'internal', role: 'viewer' });
  admin = await signedIn(t.app, adminAccount.email);
  outsider = await signedIn(t.app, (await makeMember(db, other, { party: 'internal', role: 'lead' })).email);
  itemId = await catalogueItemId(requester, ws, 'New or replacement device');
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

async function makeEndpoint(path: string, events = ['ticket.created']) {
  const created = await lead.post(`${base()}/webhooks`, { url: `${receiverUrl}${path}`, events });
  expect(created.statusCode).toBe(201);
  return created.json() as { endpoint: { id: string; version: number }; secret: string };
}
const deliveries = async (endpointId: string) =>
  (await lead.get(`${base()}/webhooks/${endpointId}/deliveries`)).json().items;
/** Waits until the endpoint's newest delivery has ended as `status` (30 s at most), and returns it. */
const awaitNewestDelivery = (endpointId: string, status: 'succeeded' | 'failed') =>
  waitFor(async () => {
    const [newest] = await deliveries(endpointId);
    return newest?.status === status ? newest : undefined;
  });
const raiseTicket = (subject: string) =>
  requester.post(`${base()}/tickets`, {
    catalogueItemId: itemId,
    subject,
    fieldValues: { device: 'Laptop' },
  });

describe('webhook endpoints: who and what', () => {
  it('401 without a session; 404 from another workspace, nothing written', async () => {
    expect((await new TestClient(t.app).get(`${base()}/webhooks`)).statusCode).toBe(401);
    const foreign = await outsider.post(`${base()}/webhooks`, {
      url: 'https://example.test/h',
      events: ['ticket.created'],
    });
    expect(foreign.statusCode).toBe(404);
    expect(await countRows(t, 'webhook_endpoints')).toBe(0);
  });

  it('403 for an internal agent, the provider lead and a requester', async () => {
    for (const client of [agent, providerLead, requester]) {
      const refused = await client.post(`${base()}/webhooks`, {
        url: 'https://example.test/h',
        events: ['ticket.created'],
      });
      expect(refused.statusCode).toBe(403);
      expect(errorOf(refused).code).toBe('NOTIFICATION_ADMIN_REQUIRED');
      expect((await client.get(`${base()}/webhooks`)).statusCode).toBe(403);
    }
    expect(await countRows(t, 'webhook_endpoints')).toBe(0);
  });

  it('400 for a non-http URL, credentials in the URL, an unknown event, no events; nothing written', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ url: 'ftp://example.test/h', events: ['ticket.created'] }, /http/],
      [{ url: 'javascript:alert(1)', events: ['ticket.created'] }, /http/],
      [{ url: 'not a url', events: ['ticket.created'] }, /url/],
      [{ url: 'https://user:pw@example.test/h', events: ['ticket.created'] }, /password/],
      [{ url: 'https://example.test/h', events: ['ticket.exploded'] }, /event/],
      [{ url: 'https://example.test/h', events: [] }, /at least one event/],
      [{ url: 'https://example.test/h', events: ['ticket.created'], secret: 'mine' }, /secret/],
    ];
    for (const [body, message] of cases) {
      const response = await lead.post(`${base()}/webhooks`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(errorOf(response))).toMatch(message);
    }
    expect(await countRows(t, 'webhook_endpoints')).toBe(0);
  });

  it('creates (secret shown once), reads, updates with a version, rotates and deletes; all audited', async () => {
    const created = await lead.post(`${base()}/webhooks`, {
      url: 'https://hooks.example.test/tandem',
      description: 'Chat',
      events: ['ticket.created', 'ticket.resolved'],
    });
    expect(created.statusCode).toBe(201);
    const { endpoint, secret } = created.json();
    expect(secret).toMatch(/^whsec_/);
    const read = await lead.get(`${base()}/webhooks/${endpoint.id}`);
    expect(read.json().endpoint).toMatchObject({ url: 'https://hooks.example.test/tandem', active: true });
    expect(read.body).not.toContain(secret);
    expect((await lead.get(`${base()}/webhooks`)).body).not.toContain(secret);
    expect((await admin.get(`${base()}/webhooks`)).statusCode).toBe(200);

    const stale = await lead.patch(`${base()}/webhooks/${endpoint.id}`, { version: 99, active: false });
    expect(stale.statusCode).toBe(409);
    const badUrl = await lead.patch(`${base()}/webhooks/${endpoint.id}`, {
      version: 1,
      url: 'file:///etc/passwd',
    });
    expect(badUrl.statusCode).toBe(400);
    const updated = await lead.patch(`${base()}/webhooks/${endpoint.id}`, { version: 1, active: false });
    expect(updated.json().endpoint).toMatchObject({ active: false, version: 2 });
    const rotated = await lead.post(`${base()}/webhooks/${endpoint.id}/rotate-secret`);
    expect(rotated.json().secret).not.toBe(secret);
    expect((await outsider.delete(`/api/v1/w/${other.slug}/webhooks/${endpoint.id}`)).statusCode).toBe(404);
    expect((await agent.delete(`${base()}/webhooks/${endpoint.id}`)).statusCode).toBe(403);
    expect((await lead.delete(`${base()}/webhooks/${endpoint.id}`)).statusCode).toBe(204);
    expect((await lead.get(`${base()}/webhooks/${endpoint.id}`)).statusCode).toBe(404);
    const audit = await t.database.unsafeOwnerQuery<{ action: string; after: unknown }>(
      `select action, after from audit_events where workspace_id = $1 and entity_type = 'webhook_endpoint' order by id`,
      [ws.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'webhook_endpoint.created',
      'webhook_endpoint.updated',
      'webhook_endpoint.secret_rotated',
      'webhook_endpoint.deleted',
    ]);
    expect(JSON.stringify(audit)).not.toContain('whsec_');
  });
});

describe('deliveries', () => {
  it('posts a signed JSON delivery once per event, verifiable with the secret', async () => {
    const { endpoint, secret } = await makeEndpoint('/good');
    const created = await raiseTicket('Screen cracked');
    expect(created.statusCode).toBe(201);
    const key = created.json().ticket.key;
    await waitFor(() => hits.some((h) => h.path === '/good'));
    const hit = hits.find((h) => h.path === '/good')!;
    expect(hit.headers['content-type']).toBe('application/json');
    expect(hit.headers['tandem-event']).toBe('ticket.created');
    const signature = hit.headers['tandem-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, hit.body, signature, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhookSignature('whsec_wrong', hit.body, signature, Math.floor(Date.now() / 1000))).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, `${hit.body} `, signature, Math.floor(Date.now() / 1000))).toBe(
      false,
    );
    const payload = JSON.parse(hit.body);
    expect(payload).toMatchObject({
      event: 'ticket.created',
      workspace: { slug: ws.slug },
      data: {
        ticket: { key, subject: 'Screen cracked' },
        link: `http://tandem.test/w/${ws.slug}/tickets/${key}`,
      },
    });
    const delivery = await awaitNewestDelivery(endpoint.id, 'succeeded');
    expect(delivery).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      lastStatusCode: 200,
      event: 'ticket.created',
    });
    expect(delivery.lastDurationMs).toBeGreaterThanOrEqual(0);
    await t.drainJobs();
    expect(hits.filter((h) => h.path === '/good')).toHaveLength(1);
    await lead.patch(`${base()}/webhooks/${endpoint.id}`, { version: 1, active: false });
  });

  it('costs a ticket creation one fan-out job, whatever the number of recipients and endpoints', async () => {
    const jobs = () => countRows(t, 'pgboss.job', `name = 'notifications.dispatch'`);
    const before = await jobs();
    expect((await raiseTicket('Two monitors flicker')).statusCode).toBe(201);
    expect(await jobs()).toBe(before + 1);
  });

  it('retries an endpoint answering 500 until it succeeds, logging each attempt', async () => {
    const { endpoint } = await makeEndpoint('/flaky');
    script.set('/flaky', [500, 500]);
    await raiseTicket('Keyboard missing keys');
    const delivery = await awaitNewestDelivery(endpoint.id, 'succeeded');
    expect(delivery.attempts).toBe(3);
    expect(delivery.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
    expect(hits.filter((h) => h.path === '/flaky')).toHaveLength(3);
    await lead.patch(`${base()}/webhooks/${endpoint.id}`, { version: 1, active: false });
  });

  it('never makes the request that caused the event wait for a hanging endpoint; gives up after the retries', async () => {
    const { endpoint } = await makeEndpoint('/slow');
    script.set('/slow', ['hang', 'hang', 'hang', 'hang']);
    const created = await raiseTicket('Dock is dead');
    expect(created.statusCode).toBe(201);
    // An attempt ends only when the 0.8 s timeout gives up on the hanging endpoint: had the request
    // waited for the delivery, its first attempt would already be logged.
    const atAnswer = await deliveries(endpoint.id);
    expect(atAnswer.filter((d: { attempts: number }) => d.attempts > 0)).toEqual([]);
    const delivery = await awaitNewestDelivery(endpoint.id, 'failed');
    expect(delivery.attempts).toBe(4);
    expect(delivery.lastStatusCode).toBeNull();
    expect(delivery.lastError).toBe('timed out: no answer within 0.8 s');
    const list = (await lead.get(`${base()}/webhooks`)).json().items;
    expect(list.find((e: { id: string }) => e.id === endpoint.id).failingDeliveries).toBe(1);

    // Redelivery by hand, now that the endpoint answers again.
    expect(
      (await agent.post(`${base()}/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`)).statusCode,
    ).toBe(403);
    expect(
      (
        await outsider.post(
          `/api/v1/w/${other.slug}/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`,
        )
      ).statusCode,
    ).toBe(404);
    const again = await lead.post(`${base()}/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`);
    expect(again.statusCode).toBe(202);
    const redelivered = await awaitNewestDelivery(endpoint.id, 'succeeded');
    expect(redelivered.attemptLog).toHaveLength(5);
    expect(redelivered.attemptLog.at(-1).statusCode).toBe(200);
  });

  it('pings an endpoint by hand and refuses a delivery of another endpoint (404)', async () => {
    const { endpoint } = await makeEndpoint('/ping', ['ticket.resolved']);
    const ping = await lead.post(`${base()}/webhooks/${endpoint.id}/ping`);
    expect(ping.statusCode).toBe(202);
    await waitFor(() => hits.some((h) => h.path === '/ping' && h.headers['tandem-event'] === 'webhook.ping'));
    const { endpoint: second } = await makeEndpoint('/second', ['ticket.resolved']);
    const wrong = await lead.post(
      `${base()}/webhooks/${second.id}/deliveries/${ping.json().delivery.id}/redeliver`,
    );
    expect(wrong.statusCode).toBe(404);
    expect((await lead.get(`${base()}/webhooks/${endpoint.id}/deliveries?limit=0`)).statusCode).toBe(400);
  });
});
