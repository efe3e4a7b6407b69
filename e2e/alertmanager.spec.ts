import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode } from '../src/accounts/totp.ts';
import { apiSession, freePort, type RunningServer, startServer } from './server.ts';
import { tempDir } from './temp-dirs.ts';

// Debian's package (installed by .ci/run like Chromium).
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const present = existsSync(ALERTMANAGER);
if (!present)
  console.warn(
    `SKIPPED e2e/alertmanager.spec.ts: ${ALERTMANAGER} is absent (apt-get install prometheus-alertmanager).`,
  );

let server: RunningServer;
let alertmanager: ChildProcess | undefined;
let amUrl: string;
let amLog = '';
let headers: Record<string, string>;
let integrationId: string;

const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
};

/** A lead's API session: password, then two-step enrolment as the browser would. */
async function leadSession(email: string) {
  const session = await apiSession(server.url, email);
  headers = session.headers;
  const start = await api('/auth/mfa/enrolment', { method: 'POST', body: {} });
  await api('/auth/mfa/enrolment/confirm', { method: 'POST', body: { code: currentTotpCode(start.secret) } });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}\nalertmanager log:\n${amLog.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

type AlertRow = {
  fingerprint: string;
  status: string;
  occurrences: number;
  open: boolean;
  ticketKey: string;
};
const alertsOf = async (): Promise<AlertRow[]> => (await api(`/w/acme/integrations/${integrationId}`)).alerts;

/** Pushes alerts into Alertmanager through its own API, as Prometheus does. */
async function push(alerts: Array<Record<string, unknown>>) {
  const response = await fetch(`${amUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  expect(response.status, await response.text()).toBe(200);
}

beforeAll(async () => {
  if (!present) return;
  server = await startServer();
  await leadSession('alice@acme.example');
  const map = await api('/w/acme/responsibility/map');
  const serviceId = (key: string) => map.services.find((s: { key: string }) => s.key === key).id;
  const created = await api('/w/acme/integrations', {
    method: 'POST',
    body: {
      kind: 'alertmanager',
      name: 'Prometheus (e2e)',
      defaultServiceId: serviceId('servers-infrastructure'),
      rules: [
        { match: { severity: 'critical' }, priority: 'P1' },
        { match: { job: 'erp' }, serviceId: serviceId('line-of-business-apps') },
      ],
      resolveTickets: true,
    },
  });
  integrationId = created.integration.id;
  const amPort = await freePort();
  amUrl = `http://127.0.0.1:${amPort}`;
  const dir = tempDir('tandem-alertmanager-');
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(
    config,
    [
      'route:',
      '  receiver: tandem',
      "  group_by: ['alertname']",
      '  group_wait: 1s',
      '  group_interval: 1s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: tandem',
      '    webhook_configs:',
      `      - url: ${server.url}${created.integration.endpoint}`,
      '        send_resolved: true',
      '        http_config:',
      '          authorization:',
      '            type: Bearer',
      `            credentials: ${created.credential.value}`,
      '',
    ].join('\n'),
  );
  alertmanager = spawn(
    ALERTMANAGER,
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  alertmanager.stdout?.on('data', (c) => (amLog += c));
  alertmanager.stderr?.on('data', (c) => (amLog += c));
  await until('alertmanager to be ready', async () => {
    try {
      return (await fetch(`${amUrl}/-/ready`)).status === 200 ? true : undefined;
    } catch {
      return undefined;
    }
  });
});

afterAll(async () => {
  alertmanager?.kill('SIGTERM');
  await server?.stop();
});

describe.skipIf(!present)('Prometheus Alertmanager posting to Tandem', () => {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const erpDown = {
    labels: { alertname: 'ErpDown', job: 'erp', severity: 'critical', instance: 'erp01:9100' },
    annotations: { summary: 'The ERP does not answer' },
    startsAt,
    generatorURL: 'http://prometheus.test/graph',
  };

  it('raises a ticket for a firing alert, routed by the label rules', async () => {
    await push([erpDown]);
    const [alert] = await until('the alert ticket', async () => {
      const rows = await alertsOf();
      return rows.length > 0 ? rows : undefined;
    });
    expect(alert).toMatchObject({ status: 'firing', occurrences: 1, open: true });
    const ticket = (await api(`/w/acme/tickets/${alert!.ticketKey}`)).ticket;
    expect(ticket.subject).toBe('[Alert] ErpDown: The ERP does not answer');
    expect(ticket.priority).toBe('P1');
  });

  it('de-duplicates the same alert pushed again: still one alert, one ticket', async () => {
    await push([erpDown]);
    await push([erpDown]);
    // Let Alertmanager flush its group (group_interval 1 s) at least twice.
    await new Promise((r) => setTimeout(r, 4000));
    const rows = await alertsOf();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ occurrences: 1, open: true });
  });

  it('resolves the ticket when the alert ends', async () => {
    await push([{ ...erpDown, endsAt: new Date().toISOString() }]);
    const [alert] = await until('the resolution', async () => {
      const rows = await alertsOf();
      return rows[0]?.status === 'resolved' ? rows : undefined;
    });
    expect(alert).toMatchObject({ open: false, occurrences: 1 });
    const ticket = (await api(`/w/acme/tickets/${alert!.ticketKey}`)).ticket;
    expect(ticket.status).toBe('resolved');
    const page = await api(`/w/acme/integrations/${integrationId}`);
    expect(page.integration.lastError).toBeNull();
    expect(page.notifications.length).toBeGreaterThanOrEqual(2);
  });
});
