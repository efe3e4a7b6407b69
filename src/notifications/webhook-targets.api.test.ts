import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_ALLOW_LIST, parseWebhookAllowList } from '../domain/webhook-targets.ts';
import { buildTestApp, type TestApp } from '../test/build-test-app.ts';
import { errorOf, signedIn, type TestClient } from '../test/client.ts';
import { makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import { type HttpReceiver, startHttpReceiver } from '../test/http-receiver.ts';
import { countRows } from '../test/tenancy-helpers.ts';
import { waitFor } from '../test/wait-for.ts';
import { DELIVERY_ERRORS, postWebhook, type Resolver } from './webhook-post.ts';

// Defect 5: a workspace lead could point webhooks at the server's own network and read the raw
// connection errors in the delivery log (a port scanner). Here no internal host is allowed.
let t: TestApp;
let ws: TestWorkspace;
let lead: TestClient;
let receiver: HttpReceiver;
let port = 0;
const hits: string[] = [];

const base = () => `/api/v1/w/${ws.slug}`;
beforeAll(async () => {
  receiver = await startHttpReceiver((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200).end('ok');
  });
  port = receiver.port;
  t = await buildTestApp({
    jobs: { policies: { 'webhooks.deliver': { retryLimit: 0 } }, webhookTimeoutMs: 2_000 },
  });
  ws = await makeWorkspace(t.database.db, 'Acme');
  lead = await signedIn(t.app, ws.lead.email);
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe('webhook targets inside the network', () => {
  it.each([
    ['http://127.0.0.1:5432/', /127\.0\.0\.1 is a loopback address/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
    ['http://localhost:22/', /localhost is this machine/],
    ['http://10.0.0.8/hook', /10\.0\.0\.8 is a private \(RFC 1918\) address/],
    ['http://100.64.1.1/hook', /carrier-grade NAT/],
    ['http://[fd00::1]/hook', /unique-local/],
    ['http://[fe80::1]/hook', /link-local/],
    ['http://[::ffff:127.0.0.1]:5432/', /loopback/],
    ['http://0.0.0.0:3000/', /unspecified/],
    ['http://224.0.0.1/', /multicast/],
  ])('refuses %s at creation with 400 naming body.url; nothing written', async (url, reason) => {
    const response = await lead.post(`${base()}/webhooks`, { url, events: ['ticket.created'] });
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.details).toEqual([{ path: 'body.url', message: expect.stringMatching(reason) }]);
    expect(error.message).toMatch(/must not point inside the server's network/);
    expect(await countRows(t, 'webhook_endpoints')).toBe(0);
  });

  it('refuses an internal URL on update as well', async () => {
    const created = await lead.post(`${base()}/webhooks`, {
      url: 'https://hooks.example.test/tandem',
      events: ['ticket.created'],
    });
    expect(created.statusCode).toBe(201);
    const { endpoint } = created.json();
    const moved = await lead.patch(`${base()}/webhooks/${endpoint.id}`, {
      version: 1,
      url: 'http://169.254.169.254/latest',
    });
    expect(moved.statusCode).toBe(400);
    expect(errorOf(moved).details).toEqual([
      { path: 'body.url', message: expect.stringMatching(/link-local/) },
    ]);
    expect((await lead.get(`${base()}/webhooks/${endpoint.id}`)).json().endpoint.url).toBe(
      'https://hooks.example.test/tandem',
    );
    await lead.delete(`${base()}/webhooks/${endpoint.id}`);
  });

  // Endpoints saved before this check (or a name that resolves inside): refused at delivery, and
  // the log says so neutrally; the receiver on loopback never sees a request.
  it.each<[string, () => string, string]>([
    ['a literal loopback address', () => `http://127.0.0.1:${port}/literal`, DELIVERY_ERRORS.refused],
    ['a name that resolves to loopback', () => `http://localhost:${port}/named`, DELIVERY_ERRORS.refused],
    ['a closed port on an internal address', () => 'http://127.0.0.1:1/closed', DELIVERY_ERRORS.refused],
    ['a name that does not resolve', () => 'http://nowhere.invalid/x', DELIVERY_ERRORS.connect],
  ])('refuses %s at delivery with a neutral error', async (_label, url, expected) => {
    const created = await lead.post(`${base()}/webhooks`, {
      url: 'https://hooks.example.test/tandem',
      events: ['ticket.created'],
    });
    const { endpoint } = created.json();
    await t.database.unsafeOwnerQuery('update webhook_endpoints set url = $1 where id = $2', [
      url(),
      endpoint.id,
    ]);
    expect((await lead.post(`${base()}/webhooks/${endpoint.id}/ping`)).statusCode).toBe(202);
    const deliveries = async () =>
      (await lead.get(`${base()}/webhooks/${endpoint.id}/deliveries`)).json().items as {
        status: string;
        lastError: string | null;
        lastStatusCode: number | null;
      }[];
    await waitFor(async () => (await deliveries())[0]?.status === 'failed');
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ lastError: expected, lastStatusCode: null });
    expect(hits).toEqual([]);
  });
});

describe('postWebhook (pinned resolution)', () => {
  const send = (url: string, allow = EMPTY_ALLOW_LIST, resolve?: Resolver) =>
    postWebhook(url, { headers: {}, body: '{}', timeoutMs: 2_000, allow, resolve });

  it('checks every resolved address: one internal address refuses the name', async () => {
    const resolve: Resolver = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    expect(await send(`http://mixed.example.test:${port}/x`, EMPTY_ALLOW_LIST, resolve)).toMatchObject({
      statusCode: null,
      error: DELIVERY_ERRORS.refused,
    });
  });

  it('connects to the address it checked, resolving once (a rebinding answer has no second lookup to win)', async () => {
    let lookups = 0;
    // An allowed name is connected to at exactly the address its one lookup returned (the receiver):
    // `hooks.internal` exists in no DNS, so reaching the receiver proves the socket used the checked answer.
    const { allow } = parseWebhookAllowList(['hooks.internal']);
    const pinned: Resolver = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    expect(await send(`http://hooks.internal:${port}/pinned`, allow, pinned)).toEqual({
      statusCode: 200,
      error: null,
    });
    expect(lookups).toBe(1);
    // A name that is not allowed and answers loopback on its lookup is refused before any connection.
    lookups = 0;
    expect(await send(`http://rebind.example.test:${port}/rebind`, EMPTY_ALLOW_LIST, pinned)).toMatchObject({
      statusCode: null,
      error: DELIVERY_ERRORS.refused,
    });
    expect(lookups).toBe(1);
    expect(hits).toEqual(['/pinned']);
    hits.length = 0;
  });

  it('reaches internal hosts and addresses the operator allows, with neutral errors', async () => {
    const { allow } = parseWebhookAllowList(['127.0.0.1']);
    expect(await send(`http://127.0.0.1:${port}/allowed`, allow)).toEqual({ statusCode: 200, error: null });
    const closed = await send('http://127.0.0.1:1/closed', allow);
    expect(closed.error).toBe(DELIVERY_ERRORS.connect);
    expect(String(closed.error)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect(hits).toContain('/allowed');
  });
});
