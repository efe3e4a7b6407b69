import { afterAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/db/client.ts';
import { adminDatabaseUrl } from './admin-url.ts';
import { apiSession, freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

const running: RunningServer[] = [];
afterAll(async () => {
  for (const s of running) await s.stop('SIGKILL');
});

/**
 * A P1 policy with a 100-minute resolution target on one service, and a rule at 1 % (one
 * minute): the shortest timer the API allows. Written straight into the database because the
 * internal lead's account needs MFA enrolment to use the API.
 */
async function configureOneMinuteEscalation(db: DatabaseHandle) {
  const [ws] = await db.unsafeOwnerQuery<{ id: string; party: string; service: string }>(
    `select w.id, p.id as party, s.id as service from workspaces w
       join parties p on p.workspace_id = w.id and p.kind = 'internal'
       join services s on s.workspace_id = w.id and s.status = 'active'
      where w.slug = 'acme' order by s.name limit 1`,
  );
  const [cal] = await db.unsafeOwnerQuery<{ id: string }>(
    `insert into sla_calendars (workspace_id, party_id, name, time_zone, is24x7) values ($1, $2, 'E2E always', 'UTC', true) returning id`,
    [ws!.id, ws!.party],
  );
  await db.unsafeOwnerQuery(
    `insert into sla_policies (workspace_id, name, priority, service_id, calendar_id, first_response_minutes, resolution_minutes)
     values ($1, 'E2E P1', 'P1', $2, $3, 100, 100)`,
    [ws!.id, ws!.service, cal!.id],
  );
  await db.unsafeOwnerQuery(
    `insert into sla_escalation_rules (workspace_id, priority, clock_kind, at_percent, actions, note)
     values ($1, 'P1', 'resolution', 1, '{"notifyRoles":["lead"],"notifyOtherPartyLead":true,"reassignToMembershipId":null,"raisePriority":false}', 'e2e')`,
    [ws!.id],
  );
  return ws!.service;
}

async function raiseP1(url: string, serviceId: string) {
  const session = await apiSession(url, 'ian@acme.example');
  const response = await fetch(`${url}/api/v1/w/acme/tickets`, {
    method: 'POST',
    headers: session.headers,
    body: JSON.stringify({ serviceId, subject: 'Timer test', impact: 'high', urgency: 'high' }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { ticket: { key: string } }).ticket.key;
}

type History = {
  history: Array<{ kind: string; at: string; detail: { atPercent?: number } }>;
  clocks: Array<{ kind: string; startedAt: string }>;
};
async function slaOf(url: string, key: string): Promise<History> {
  const session = await apiSession(url, 'ian@acme.example');
  const response = await fetch(`${url}/api/v1/w/acme/tickets/${key}/sla`, { headers: session.headers });
  expect(response.status).toBe(200);
  return (await response.json()) as History;
}
const escalations = (h: History) =>
  h.history.filter((e) => e.kind === 'escalated' && e.detail.atPercent === 1);

/** Waits for the one-minute escalation, then a while longer to see it does not fire again. */
async function expectFiredOnce(url: string, key: string) {
  const deadline = Date.now() + 150_000;
  let h = await slaOf(url, key);
  while (escalations(h).length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2_000));
    h = await slaOf(url, key);
  }
  expect(escalations(h)).toHaveLength(1);
  const started = new Date(h.clocks.find((c) => c.kind === 'resolution')!.startedAt).getTime();
  const lagMs = new Date(escalations(h)[0]!.at).getTime() - (started + 60_000);
  console.log(`escalation fired ${lagMs} ms after its due time`);
  expect(lagMs).toBeGreaterThanOrEqual(0);
  await new Promise((r) => setTimeout(r, 6_000));
  expect(escalations(await slaOf(url, key))).toHaveLength(1);
  return lagMs;
}

describe('escalation timers survive kill -9', () => {
  it('fires once after the server is killed and restarted (PGlite)', { timeout: 300_000 }, async () => {
    const first = await startServer();
    running.push(first);
    await first.stop('SIGTERM');
    const db = await openDatabase({ dataDir: first.dataDir });
    const serviceId = await configureOneMinuteEscalation(db).finally(() => db.close());
    const second = await startServer({ dataDir: first.dataDir });
    running.push(second);
    const key = await raiseP1(second.url, serviceId);
    // The timer was committed with the ticket: kill at once, long before it is due.
    await second.stop('SIGKILL');
    const third = await startServer({ dataDir: first.dataDir });
    running.push(third);
    await expectFiredOnce(third.url, key);
    await third.stop();
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'fires once with two instances on PostgreSQL, one of them killed',
    { timeout: 300_000 },
    async () => {
      const database = (await freshPostgresDatabase())!;
      try {
        const a = await startServer({ databaseUrl: database.url });
        running.push(a);
        const db = await openDatabase({ databaseUrl: adminDatabaseUrl(database.url), migrate: false });
        const serviceId = await configureOneMinuteEscalation(db).finally(() => db.close());
        const b = await startServer({ databaseUrl: database.url });
        running.push(b);
        const key = await raiseP1(a.url, serviceId);
        await a.stop('SIGKILL');
        const restarted = await startServer({ databaseUrl: database.url });
        running.push(restarted);
        await expectFiredOnce(b.url, key);
        await b.stop();
        await restarted.stop();
      } finally {
        await database.drop();
      }
    },
  );
});
