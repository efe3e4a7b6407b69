import { beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../domain/alert-rules.ts';
import { alertNotificationsProcessed } from '../test/alert-notifications.ts';
import { errorOf, signedIn, type TestClient } from '../test/client.ts';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { ownerQueries } from '../test/tenancy-helpers.ts';

const t = testAppForFile({ jobs: {} });
const ws = workspaceForFile(t, 'Acme');
let lead: TestClient;
let integration: { id: string; endpoint: string };
let secret: string;

const base = () => `/api/v1/w/${ws.slug}`;
const q = ownerQueries(t);
const counts = async () =>
  (
    await q<{ tickets: number; notifications: number }>(
      `select (select count(*)::int from tickets where workspace_id = $1) as tickets,
              (select count(*)::int from alert_notifications where workspace_id = $1) as notifications`,
      [ws.id],
    )
  )[0]!;
const drained = () => alertNotificationsProcessed(t, ws.id);

const now = () => String(Math.floor(Date.now() / 1000));
const payload = (id: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    alerts: [
      {
        id,
        status: 'firing',
        title: 'Backup job failed on FS01',
        description: 'Veeam job "Nightly" ended with errors.',
        labels: { source: 'rmm', device: 'FS01' },
        startsAt: '2026-12-02T02:00:00Z',
        ...over,
      },
    ],
  });
const send = (body: string, headers: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: integration.endpoint,
    payload: body,
    headers: { 'content-type': 'application/json', ...headers },
  });
const signed = (body: string, key = secret, timestamp = now()) =>
  send(body, { 'x-tandem-timestamp': timestamp, 'x-tandem-signature': signBody(key, timestamp, body) });

beforeAll(async () => {
  lead = await signedIn(t.app, ws.lead.email);
  const map = (await lead.get(`${base()}/responsibility/map`)).json();
  const backup = map.services.find((s: { key: string }) => s.key === 'backup-recovery').id;
  const created = await lead.post(`${base()}/integrations`, {
    kind: 'signed_webhook',
    name: 'RMM',
    defaultServiceId: backup,
    rules: [{ match: { source: 'rmm' }, serviceId: backup, priority: 'P2' }],
  });
  expect(created.statusCode, created.body).toBe(201);
  integration = created.json().integration;
  expect(integration.endpoint).toBe(`${base()}/integrations/webhook/${integration.id}`);
  expect(created.json().credential.kind).toBe('hmac_secret');
  secret = created.json().credential.value;
});

describe('the signed webhook intake', () => {
  it('keeps the secret sealed with the server key, never in clear', async () => {
    const [row] = await q<{ sealed_secret: string; token_hash: string | null }>(
      'select sealed_secret, token_hash from alert_integrations where id = $1',
      [integration.id],
    );
    expect(row!.sealed_secret).not.toContain(secret);
    expect(row!.token_hash).toBeNull();
  });

  it('raises a ticket for a correctly signed alert', async () => {
    const accepted = await signed(payload('rmm-1'));
    expect(accepted.statusCode, accepted.body).toBe(202);
    await drained();
    const [ticket] = await q<{ priority: string; subject: string }>(
      'select t.priority, t.subject from alerts a join tickets t on t.id = a.ticket_id where a.workspace_id = $1',
      [ws.id],
    );
    expect(ticket).toEqual({ priority: 'P2', subject: '[Alert] Backup job failed on FS01' });
  });

  it('refuses a wrong HMAC, missing headers, a changed body and an old (replayed) timestamp, writing nothing', async () => {
    const before = await counts();
    const body = payload('rmm-2');
    const ts = now();
    const cases: Array<[Record<string, string>, string, string]> = [
      [{}, 'SIGNATURE_MISSING', body],
      [
        { 'x-tandem-timestamp': ts, 'x-tandem-signature': signBody('guess', ts, body) },
        'SIGNATURE_INVALID',
        body,
      ],
      [
        { 'x-tandem-timestamp': ts, 'x-tandem-signature': signBody(secret, ts, body) },
        'SIGNATURE_INVALID',
        payload('rmm-2', { title: 'Changed on the way' }),
      ],
      [{ 'x-tandem-timestamp': 'soon', 'x-tandem-signature': 'sha256=00' }, 'TIMESTAMP_INVALID', body],
    ];
    for (const [headers, code, sent] of cases) {
      const refused = await send(sent, headers);
      expect(refused.statusCode, code).toBe(401);
      expect(errorOf(refused).code).toBe(code);
    }
    const old = String(Math.floor(Date.now() / 1000) - 600);
    const replayed = await signed(body, secret, old);
    expect(replayed.statusCode).toBe(401);
    expect(errorOf(replayed)).toMatchObject({ code: 'TIMESTAMP_OUT_OF_WINDOW' });
    expect(errorOf(replayed).message).toMatch(/replay/);
    expect(await counts()).toEqual(before);
    // The last refusal is the integration's last error on its page.
    const shown = (await lead.get(`${base()}/integrations/${integration.id}`)).json().integration;
    expect(shown.lastError).toMatch(/^A delivery was refused \(401 TIMESTAMP_OUT_OF_WINDOW\)/);
  });

  it('accepts a replay of the same signed request inside the window but changes nothing', async () => {
    const body = payload('rmm-1');
    const ts = now();
    const first = await signed(body, secret, ts);
    expect(first.statusCode).toBe(202);
    await drained();
    const before = await counts();
    const again = await signed(body, secret, ts);
    expect(again.json()).toMatchObject({ duplicate: true });
    await drained();
    expect(await counts()).toEqual(before);
  });

  it('refuses a correctly signed body of the wrong shape, naming the field', async () => {
    const before = await counts();
    const refused = await signed(
      JSON.stringify({
        alerts: [{ id: 'x', status: 'burning', title: 't', startsAt: '2026-12-02T02:00:00Z' }],
      }),
    );
    expect(refused.statusCode).toBe(400);
    expect((errorOf(refused).details as Array<{ path: string }>)[0]!.path).toBe('body.alerts.0.status');
    const extra = await signed(JSON.stringify({ alerts: [], secret: 1 }));
    expect(extra.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('rotates the secret: the previous one is accepted for the grace period, then refused', async () => {
    const rotated = await lead.post(`${base()}/integrations/${integration.id}/rotate`, {});
    expect(rotated.statusCode, rotated.body).toBe(200);
    const fresh = rotated.json().credential.value;
    expect(rotated.json().integration.previousSecretValidUntil).toEqual(expect.any(String));
    expect((await signed(payload('rmm-3'), fresh)).statusCode).toBe(202);
    expect((await signed(payload('rmm-4'), secret)).statusCode).toBe(202);
    await q(
      `update alert_integrations set previous_secret_valid_until = now() - interval '1 second' where id = $1`,
      [integration.id],
    );
    const late = await signed(payload('rmm-5'), secret);
    expect(late.statusCode).toBe(401);
    expect(errorOf(late).code).toBe('SIGNATURE_INVALID');
    const audit = await q('select 1 from audit_events where workspace_id = $1 and action = $2', [
      ws.id,
      'integration.secret_rotated',
    ]);
    expect(audit).toHaveLength(1);
    await drained();
  });
});
