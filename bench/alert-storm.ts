// The alert storm: one Alertmanager notification carrying N firing alerts (1,000 by default) posted
// to the built server over HTTP. Reports how long each post takes to be accepted (202: stored and its
// processing queued, the target is ≤ 2 s) and how long the job then takes to raise the tickets.
//
// Usage (after `npm run build`):
//   tsx bench/alert-storm.ts [--alerts 1000] [--runs 5] [--process]
//   tsx bench/alert-storm.ts --database-url postgres://postgres@127.0.0.1:5432/tandem_alert_bench
import { parseArgs } from 'node:util';
import { apiSession, startServer } from '../e2e/server.ts';
import { currentTotpCode } from '../src/accounts/totp.ts';

const { values: args } = parseArgs({
  options: {
    alerts: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    process: { type: 'boolean', default: false },
    'database-url': { type: 'string' },
  },
});
const ALERTS = Number(args.alerts);
const RUNS = Number(args.runs);

const storm = (run: number) => ({
  version: '4',
  groupKey: `bench-${run}`,
  status: 'firing',
  receiver: 'tandem',
  alerts: Array.from({ length: ALERTS }, (_, i) => ({
    status: 'firing',
    labels: { alertname: 'NodeDown', instance: `host-${i}:9100`, job: 'node', severity: 'warning' },
    annotations: { summary: `host-${i} is not answering scrapes`, description: 'x'.repeat(200) },
    startsAt: new Date(Date.UTC(2026, 11, 2, 3, run)).toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example/graph?g0.expr=up%3D%3D0',
    fingerprint: `${run.toString(16)}-${i.toString(16).padStart(12, '0')}`,
  })),
});

async function main() {
  const server = await startServer(args['database-url'] ? { databaseUrl: args['database-url'] } : {});
  try {
    const session = await apiSession(server.url, 'alice@acme.example');
    const call = async (path: string, body?: unknown) => {
      const response = await fetch(`${server.url}/api/v1${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: session.headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: a measuring script reads a few known fields
      return (await response.json()) as any;
    };
    const enrol = await call('/auth/mfa/enrolment', {});
    await call('/auth/mfa/enrolment/confirm', { code: currentTotpCode(enrol.secret) });
    const map = await call('/w/acme/responsibility/map');
    const created = await call('/w/acme/integrations', {
      kind: 'alertmanager',
      name: 'Bench',
      defaultServiceId: map.services[0].id,
    });
    const endpoint = `${server.url}${created.integration.endpoint}`;
    const auth = { authorization: `Bearer ${created.credential.value}`, 'content-type': 'application/json' };
    const accepted: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const body = JSON.stringify(storm(run));
      const started = performance.now();
      const response = await fetch(endpoint, { method: 'POST', headers: auth, body });
      accepted.push(performance.now() - started);
      if (response.status !== 202) throw new Error(`${response.status} ${await response.text()}`);
    }
    const sorted = [...accepted].sort((a, b) => a - b);
    console.log(
      `${ALERTS} alerts per notification, ${RUNS} posts: accepted in median ${sorted[Math.floor(RUNS / 2)]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`,
    );
    if (args.process) {
      const started = performance.now();
      for (;;) {
        const page = await call(`/w/acme/integrations/${created.integration.id}`);
        const queued = page.notifications.filter((n: { status: string }) => n.status === 'queued').length;
        if (queued === 0) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `processing ${ALERTS * RUNS} alerts into tickets: ${seconds.toFixed(1)} s after the last post`,
      );
    }
  } finally {
    await server.stop();
  }
}

await main();
