// The SLA breach sweep at scale: one workspace with N open tickets under SLA (two clocks each),
// D of them past due and not yet flagged, then the minute sweep timed: finding the due clocks
// across workspaces (partial index) and escalating each through the once-only path.
//
// Usage (TypeScript sources through tsx; no build needed):
//   tsx bench/sla-sweep.ts [--tickets 100000] [--due 200]                       (in-memory PGlite)
//   tsx bench/sla-sweep.ts --database-url postgres://postgres@127.0.0.1:5432/tandem_sla_bench [--reset]
//   [--limit 1000]: due clocks per sweep (the server's minute sweep takes up to 5,000)

import { parseArgs } from 'node:util';
import { createAccount } from '../src/accounts/admin.ts';
import { openDatabase } from '../src/db/client.ts';
import { HISTORY_ONLY_JOBS } from '../src/jobs/queue.ts';
import { systemMeta } from '../src/server/context.ts';
import { sweepDueClocks } from '../src/sla/escalation.ts';
import { createWorkspace } from '../src/workspace-setup/create-workspace.ts';
import { ensureDatabase } from './database.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    tickets: { type: 'string', default: '100000' },
    due: { type: 'string', default: '200' },
    // Due clocks one sweep takes (the server's sweep takes up to 5,000: src/sla/escalation.ts).
    limit: { type: 'string', default: '1000' },
    reset: { type: 'boolean', default: false },
  },
});
const TICKETS = Number(args.tickets);
const DUE = Number(args.due);
const LIMIT = Number(args.limit);
const url = args['database-url'];

async function main() {
  if (url) await ensureDatabase(url, { reset: args.reset });
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  const meta = systemMeta('bench');
  const admin = await createAccount(database.db, meta, {
    email: `bench-${Date.now()}@example.test`,
    name: 'Bench Lead',
    password: 'correct horse battery staple',
    isAdmin: true,
  });
  const { workspace, internalParty, membership } = await createWorkspace(
    database.db,
    meta,
    { accountId: admin.id, isAdmin: true },
    { name: 'SLA bench', slug: `sla-bench-${Date.now()}`, internalPartyName: 'Bench IT' },
  );
  const q = database.unsafeOwnerQuery.bind(database);
  const ws = workspace.id;
  const [service] = await q<{ id: string }>('select id from services where workspace_id = $1 limit 1', [ws]);
  const [cal] = await q<{ id: string }>(
    `insert into sla_calendars (workspace_id, party_id, name, time_zone, is24x7) values ($1, $2, 'Always', 'UTC', true) returning id`,
    [ws, internalParty.id],
  );
  for (const [p, fr, res] of [
    ['P1', 15, 240],
    ['P2', 30, 480],
    ['P3', 240, 1440],
    ['P4', 480, 2880],
  ] as const)
    await q(
      `insert into sla_policies (workspace_id, name, priority, calendar_id, first_response_minutes, resolution_minutes) values ($1, $2, $2, $3, $4, $5)`,
      [ws, p, cal!.id, fr, res],
    );
  await q(
    `insert into sla_escalation_rules (workspace_id, priority, clock_kind, at_percent, actions)
     select $1, p, 'resolution', pct, '{"notifyRoles":["lead"],"notifyOtherPartyLead":true,"reassignToMembershipId":null,"raisePriority":false}'
     from unnest(array['P1','P2','P3','P4']) p, unnest(array[75, 100]) pct`,
    [ws],
  );
  let t = performance.now();
  await q(
    `insert into tickets (workspace_id, number, requester_membership_id, service_id, subject, impact, urgency, priority, status, routing_reason, created_at)
     select $1, n, $2, $3, 'Bench ticket ' || n, 'medium', 'medium', (array['P1','P2','P3','P4'])[1 + n % 4], 'in_progress', 'bench',
            case when n <= $5 then now() - interval '3 days' else now() - interval '1 minute' end
     from generate_series(1, $4::int) n`,
    [ws, membership.id, service!.id, TICKETS, DUE],
  );
  // Two clocks per ticket; both clocks of the first DUE tickets (raised three days ago) are past due and unflagged.
  await q(
    `insert into sla_clocks (workspace_id, ticket_id, kind, policy_id, calendar_id, target_minutes, state, started_at, due_at)
     select t.workspace_id, t.id, k.kind, p.id, p.calendar_id,
            case when k.kind = 'first_response' then p.first_response_minutes else p.resolution_minutes end,
            'running', t.created_at,
            t.created_at + make_interval(mins => case when k.kind = 'first_response' then p.first_response_minutes else p.resolution_minutes end)
       from tickets t
       join sla_policies p on p.workspace_id = t.workspace_id and p.priority = t.priority
       cross join (values ('first_response'), ('resolution')) k(kind)
      where t.workspace_id = $1`,
    [ws],
  );
  await q('analyze sla_clocks');
  const seedMs = performance.now() - t;
  const [{ n }] = (await q<{ n: number }>(
    'select count(*)::int as n from sla_clocks where workspace_id = $1',
    [ws],
  )) as [{ n: number }];
  console.log(
    `seeded ${TICKETS} open tickets, ${n} running clocks, ${DUE} past due, in ${Math.round(seedMs)} ms`,
  );
  const runs = [];
  t = performance.now();
  // Times the sweep itself, as before the queue was required: the notifications it would queue are not.
  const deps = { database, jobs: HISTORY_ONLY_JOBS };
  runs.push(await sweepDueClocks(deps, new Date(), LIMIT));
  for (let i = 0; i < 3; i++) runs.push(await sweepDueClocks(deps, new Date(), LIMIT));
  console.log(
    JSON.stringify({ engine: database.kind, tickets: TICKETS, clocks: n, due: DUE, runs }, null, 2),
  );
  const [{ flagged }] = (await q<{ flagged: number }>(
    `select count(*)::int as flagged from sla_clocks where workspace_id = $1 and breached_at is not null`,
    [ws],
  )) as [{ flagged: number }];
  console.log(
    `flagged ${flagged} clocks; total ${Math.round(performance.now() - t)} ms for ${runs.length} sweeps`,
  );
  await database.close();
}

await main();
