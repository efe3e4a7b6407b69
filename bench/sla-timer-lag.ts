// How late does a due escalation fire while the desk is busy? Starts the built server (demo data),
// sets a one-minute escalation on P1 tickets of one service, raises one P1, and keeps N clients
// creating tickets as fast as they can until the escalation has fired; reports its delay after the
// due time and the creation rate meanwhile.
//
// Usage (after `npm run build`):
//   tsx bench/sla-timer-lag.ts [--clients 16] [--database-url postgres://…/tandem_sla_lag --reset]

import { parseArgs } from 'node:util';
import { apiSession, startServer } from '../e2e/server.ts';
import { openDatabase } from '../src/db/client.ts';
import { ensureDatabase } from './database.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '16' },
    'database-url': { type: 'string' },
    reset: { type: 'boolean', default: false },
  },
});
const CLIENTS = Number(args.clients);
const url = args['database-url'];

async function main() {
  if (url) await ensureDatabase(url, { reset: args.reset });
  const first = await startServer(url ? { databaseUrl: url } : {});
  await first.stop('SIGTERM');
  const db = await openDatabase(url ? { databaseUrl: url, migrate: false } : { dataDir: first.dataDir });
  const [ws] = await db.unsafeOwnerQuery<{ id: string; party: string; service: string }>(
    `select w.id, p.id as party, s.id as service from workspaces w
       join parties p on p.workspace_id = w.id and p.kind = 'internal'
       join services s on s.workspace_id = w.id and s.status = 'active'
      where w.slug = 'acme' order by s.name limit 1`,
  );
  const [cal] = await db.unsafeOwnerQuery<{ id: string }>(
    `insert into sla_calendars (workspace_id, party_id, name, time_zone, is24x7) values ($1, $2, 'Lag bench', 'UTC', true) returning id`,
    [ws!.id, ws!.party],
  );
  await db.unsafeOwnerQuery(
    `insert into sla_policies (workspace_id, name, priority, service_id, calendar_id, first_response_minutes, resolution_minutes)
     values ($1, 'Lag bench P1', 'P1', $2, $3, 100, 100)`,
    [ws!.id, ws!.service, cal!.id],
  );
  await db.unsafeOwnerQuery(
    `insert into sla_escalation_rules (workspace_id, priority, clock_kind, at_percent, actions, note)
     values ($1, 'P1', 'resolution', 1, '{"notifyRoles":["lead"],"notifyOtherPartyLead":true,"reassignToMembershipId":null,"raisePriority":false}', 'lag bench')`,
    [ws!.id],
  );
  await db.close();
  const server = await startServer(url ? { databaseUrl: url } : { dataDir: first.dataDir });
  try {
    const session = await apiSession(server.url, 'ian@acme.example');
    const post = (body: unknown) =>
      fetch(`${server.url}/api/v1/w/acme/tickets`, {
        method: 'POST',
        headers: session.headers,
        body: JSON.stringify(body),
      });
    const raised = await post({
      serviceId: ws!.service,
      subject: 'Lag probe',
      impact: 'high',
      urgency: 'high',
    });
    const key = ((await raised.json()) as { ticket: { key: string } }).ticket.key;
    let done = false;
    let created = 0;
    const latencies: number[] = [];
    const loadStarted = Date.now();
    const client = async (c: number) => {
      while (!done) {
        const t = performance.now();
        const r = await post({ serviceId: ws!.service, subject: `Load ${c}`, impact: 'low', urgency: 'low' });
        await r.arrayBuffer();
        if (r.status === 201) created++;
        latencies.push(performance.now() - t);
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
    let lagMs: number | null = null;
    while (Date.now() - loadStarted < 180_000) {
      await new Promise((r) => setTimeout(r, 1_000));
      const sla = (await (
        await fetch(`${server.url}/api/v1/w/acme/tickets/${key}/sla`, { headers: session.headers })
      ).json()) as {
        clocks: { kind: string; startedAt: string }[];
        history: { kind: string; at: string; detail: { atPercent?: number } }[];
      };
      const fired = sla.history.find((e) => e.kind === 'escalated' && e.detail.atPercent === 1);
      if (fired) {
        const started = new Date(sla.clocks.find((c) => c.kind === 'resolution')!.startedAt).getTime();
        lagMs = new Date(fired.at).getTime() - (started + 60_000);
        break;
      }
    }
    done = true;
    await Promise.all(clients);
    const seconds = (Date.now() - loadStarted) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      JSON.stringify(
        {
          engine: url ? 'postgres' : 'pglite',
          clients: CLIENTS,
          escalationLagMs: lagMs,
          ticketsCreated: created,
          createdPerSecond: Math.round(created / seconds),
          createP95Ms: Math.round(latencies[Math.floor(latencies.length * 0.95)] ?? 0),
        },
        null,
        2,
      ),
    );
  } finally {
    await server.stop('SIGTERM');
  }
}

await main();
