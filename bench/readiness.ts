// The readiness checklist and the leads' home summary at 100,000 tickets (issue #16: the readiness
// endpoint ≤ 200 ms on PostgreSQL). Seeds the demo (every check has records behind it), adds
// tickets to Acme until it holds --tickets (a third open, with SLA due times spread ±10 days around
// now, so "SLA at risk" has thousands of candidates), 1,000 backlog items and a year of on-call
// shifts, then times the two use cases as the internal lead and (home) as the provider lead,
// which takes the provider's visibility condition. Figures: median and p95 of --runs calls after
// 3 warm-up calls, each call its own transaction, as the routes run them.
//
// Usage (TypeScript sources through tsx; no build needed):
//   tsx bench/readiness.ts --database-url postgres://postgres@127.0.0.1:5432/tandem_readiness_bench --reset
//   tsx bench/readiness.ts [--tickets 100000]                                       (in-memory PGlite)

import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.ts';
import { seedDemo } from '../src/demo/seed.ts';
import type { WorkspaceActor } from '../src/domain/actor.ts';
import type { Jobs } from '../src/jobs/queue.ts';
import { getLeadHome, getReadiness } from '../src/readiness/service.ts';
import { systemMeta, type WorkspaceContext } from '../src/server/context.ts';
import { ensureDatabase } from './database.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    tickets: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    reset: { type: 'boolean', default: false },
  },
});
const TICKETS = Number(args.tickets);
const RUNS = Number(args.runs);
const url = args['database-url'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

async function main() {
  if (url) await ensureDatabase(url, { reset: args.reset });
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  const q = database.unsafeOwnerQuery.bind(database);
  const [seeded] = await q<{ n: number }>(`select count(*)::int as n from workspaces where slug = 'acme'`);
  if (seeded!.n === 0) {
    const t = performance.now();
    await seedDemo(database.db);
    console.log(`demo seeded in ${Math.round(performance.now() - t)} ms`);
  }
  const [ws] = await q<{ id: string; prefix: string }>(
    `select id, ticket_prefix as prefix from workspaces where slug = 'acme'`,
  );
  const people = await q<{ id: string; account_id: string; role: string; party_id: string; kind: string }>(
    `select m.id, m.account_id, m.role, m.party_id, p.kind from memberships m join parties p on p.id = m.party_id
     where m.workspace_id = $1 and m.role = 'lead' and m.status = 'active'`,
    [ws!.id],
  );
  const [have] = await q<{ n: number; max: number }>(
    'select count(*)::int as n, coalesce(max(number), 0)::int as max from tickets where workspace_id = $1',
    [ws!.id],
  );
  const missing = TICKETS - have!.n;
  if (missing > 0) {
    const t = performance.now();
    // Copies of the demo's tickets (their requester, service and lane), renumbered; a third open.
    await q(
      `with src as (select row_number() over () as k, requester_membership_id, service_id, lane_party_id, subject
                    from tickets where workspace_id = $1),
            n as (select count(*) as c from src)
       insert into tickets (workspace_id, number, requester_membership_id, service_id, subject, impact, urgency,
                            priority, status, lane_party_id, routing_reason, sla_due_at, created_at, updated_at)
       select $1, $2 + i, s.requester_membership_id, s.service_id, s.subject || ' #' || i, 'medium', 'medium',
              (array['P1','P2','P3','P4'])[1 + i % 4],
              case when i % 3 = 0 then 'in_progress' else 'closed' end, s.lane_party_id, 'bench',
              case when i % 3 = 0 then now() + ((i % 480) - 240) * interval '1 hour' end,
              now() - (i % 365) * interval '1 day', now() - (i % 365) * interval '1 day'
       from generate_series(1, $3::int) i cross join n
       join src s on s.k = 1 + (i % n.c)`,
      [ws!.id, have!.max, missing],
    );
    const [lead] = people.filter((p) => p.kind === 'internal');
    const [party] = await q<{ id: string }>(
      `select id from parties where workspace_id = $1 and kind = 'internal'`,
      [ws!.id],
    );
    await q(
      `insert into backlog_items (workspace_id, number, title, owner_party_id, status, target_quarter,
                                  created_by_membership_id)
       select $1, 10000 + i, 'Bench improvement ' || i, $2,
              (array['proposed','planned','in_progress','done'])[1 + i % 4],
              case when i % 5 = 0 then null else '2027-Q' || (1 + i % 4) end, $3
       from generate_series(1, 1000) i`,
      [ws!.id, party!.id, lead!.id],
    );
    await q('analyze');
    console.log(
      `added ${missing} tickets and 1,000 backlog items in ${Math.round(performance.now() - t)} ms`,
    );
  }
  const [counts] = await q<{ tickets: number; at_risk: number }>(
    `select count(*)::int as tickets, count(*) filter (where sla_due_at < now() + interval '1 hour')::int as at_risk
     from tickets where workspace_id = $1`,
    [ws!.id],
  );
  console.log(
    `engine ${database.kind}: ${counts!.tickets} tickets in acme, ${counts!.at_risk} at risk or breached`,
  );

  // A read-only use case enqueues nothing; the context still names a queue by type.
  const jobs = {} as Jobs;
  const ctxOf = (kind: 'internal' | 'provider'): WorkspaceContext => {
    const m = people.find((p) => p.kind === kind)!;
    const actor: WorkspaceActor = {
      accountId: m.account_id,
      isAdmin: false,
      membershipId: m.id,
      workspaceId: ws!.id,
      workspaceSlug: 'acme',
      ticketPrefix: ws!.prefix,
      role: 'lead',
      partyId: m.party_id,
      partyKind: kind,
    };
    return { db: database.db, actor, meta: systemMeta('bench'), jobs };
  };
  const time = async (label: string, run: () => Promise<unknown>) => {
    for (let i = 0; i < 3; i++) await run();
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await run();
      ms.push(performance.now() - t);
    }
    console.log(`${label}: median ${median(ms).toFixed(1)} ms, p95 ${p95(ms).toFixed(1)} ms (${RUNS} calls)`);
  };
  await time('readiness (internal lead)', () => getReadiness(ctxOf('internal')));
  await time('home (internal lead)', () => getLeadHome(ctxOf('internal')));
  await time('home (provider lead)', () => getLeadHome(ctxOf('provider')));
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
